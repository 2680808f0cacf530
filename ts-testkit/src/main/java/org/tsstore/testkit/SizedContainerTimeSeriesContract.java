package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.tsstore.testkit.SeriesAssertions.assertArray;
import static org.tsstore.testkit.SeriesAssertions.assertHolds;
import static org.tsstore.testkit.SeriesAssertions.same;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tsstore.api.Point;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.SeriesRecipe.ValueShape;

/**
 * The contract of a {@link SizedContainerTimeSeries} implementation, as jqwik properties that a test
 * class inherits by implementing this interface and {@link #create}:
 *
 * <pre>{@code
 * class MySeriesContractTest implements SizedContainerTimeSeriesContract {
 *     @Override public SizedContainerTimeSeries create(double[] times, double[] values) {
 *         return new MySeries(times, values);
 *     }
 * }
 * }</pre>
 *
 * <p>Every operation is checked against a model of two plain arrays, computed here independently of any
 * implementation, on generated series of up to 2,000 points with special values (see
 * {@link SeriesArbitraries}). Points are compared as {@link Double#equals} compares them ({@code NaN}
 * equals {@code NaN}, {@code -0.0} differs from {@code 0.0}). The rules, beyond the javadoc of
 * {@link SizedContainerTimeSeries}:
 * <ul>
 *   <li>arithmetic ({@code plus}, {@code minus}, {@code times}, {@code negate}, {@code abs}) is exact: the
 *       IEEE result of the same operation on each value; the result has the receiver's times; the
 *       {@link IllegalArgumentException} for series with different times says {@code "index k"} for the
 *       first index {@code k} where they differ;</li>
 *   <li>{@code mean()} is within a relative tolerance of {@value #TOLERANCE} of the plain sum divided by
 *       the size (relative to the mean of the absolute values), and {@code std()} (population) within
 *       {@value #TOLERANCE} of the two-pass formula (relative to the root mean square of the values);
 *       {@code NaN} if any value is {@code NaN} or both infinities occur; an infinite mean when one
 *       infinity occurs, with a {@code NaN} standard deviation; both {@code NaN} when empty;</li>
 *   <li>{@code interpolate} returns the exact value at a time of the series and beyond either end; between
 *       two points, {@code NaN} if either value is {@code NaN}, else (for finite values) the linear
 *       interpolation within {@value #TOLERANCE} relative to the larger of the two values; between an
 *       infinite value and another the result is unspecified;</li>
 *   <li>{@code min()}/{@code max()} equal a linear scan ({@code NaN} if any value is {@code NaN}; the
 *       sign of a zero result is unspecified), and throw {@link NoSuchElementException} when empty;</li>
 *   <li>{@code toString()} contains the size and, unless empty, the first and last times as
 *       {@link Double#toString(double)} prints them;</li>
 *   <li>no operation changes the series it is called on.</li>
 * </ul>
 */
public interface SizedContainerTimeSeriesContract {

    /** The relative tolerance of {@code mean()}, {@code std()} and {@code interpolate}. */
    double TOLERANCE = 1e-9;

    /**
     * An instance of the implementation under test holding exactly these points.
     *
     * @param times valid times (finite, strictly increasing); the array is the caller's to keep
     * @param values as many values as times
     * @return the series
     */
    SizedContainerTimeSeries create(double[] times, double[] values);

    // ---- generators ----------------------------------------------------------------------------------

    /**
     * Points of series up to 2,000 long: {@code points[0]} the times, {@code points[1]} the values.
     *
     * @return pairs of arrays that obey the value rules
     */
    @Provide
    default Arbitrary<double[][]> seriesPoints() {
        return SeriesArbitraries.recipes(2000, ValueShape.values()).map(r -> new double[][] {r.times(), r.values()});
    }

    /**
     * Points whose finite values are at most about 1e100 in size (so that sums and squares stay finite),
     * mixed with {@code NaN} and infinities now and then.
     *
     * @return pairs of arrays that obey the value rules
     */
    @Provide
    default Arbitrary<double[][]> statisticsPoints() {
        return SeriesArbitraries.recipes(2000, ValueShape.values()).map(r -> {
            double[] v = r.values();
            for (int i = 0; i < v.length; i++) {
                if (Double.isFinite(v[i]) && Math.abs(v[i]) > 1e100) {
                    v[i] *= 1e-200;
                }
            }
            return new double[][] {r.times(), v};
        });
    }

    /**
     * Scalars for arithmetic, special values included.
     *
     * @return doubles
     */
    @Provide
    default Arbitrary<Double> scalars() {
        return Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(0.0, -0.0, 1.0, -1.0, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE));
    }

    // ---- access -------------------------------------------------------------------------------------

    /**
     * {@code size}, {@code isEmpty}, {@code time(i)} and {@code value(i)} give the points; an index out of
     * range throws {@link IndexOutOfBoundsException}.
     *
     * @param points times and values
     */
    @Property(tries = 100)
    default void accessorsGiveThePoints(@ForAll("seriesPoints") double[][] points) {
        double[] t = points[0];
        double[] v = points[1];
        SizedContainerTimeSeries s = create(t.clone(), v.clone());
        int n = t.length;
        assertEquals(n, s.size(), "size()");
        assertEquals(n == 0, s.isEmpty(), "isEmpty()");
        for (int i = 0; i < n; i++) {
            if (!same(t[i], s.time(i)) || !same(v[i], s.value(i))) {
                fail("point " + i + " is (" + s.time(i) + ", " + s.value(i) + "), expected (" + t[i] + ", " + v[i] + ")");
            }
        }
        for (int bad : new int[] {-1, n, n + 1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            Rejections.expectType("time(" + bad + ") of " + n + " points", () -> s.time(bad), IndexOutOfBoundsException.class);
            Rejections.expectType("value(" + bad + ") of " + n + " points", () -> s.value(bad), IndexOutOfBoundsException.class);
        }
    }

    /**
     * Equality and hash code are by content and agree with {@link ArrayTimeSeries} and with the hash code
     * the API defines; a change of one bit in one point, or one point fewer, makes series unequal.
     *
     * @param points times and values
     * @param seed picks the point to change
     */
    @Property(tries = 100)
    default void equalityIsByContentAcrossImplementations(@ForAll("seriesPoints") double[][] points, @ForAll long seed) {
        double[] t = points[0];
        double[] v = points[1];
        SizedContainerTimeSeries s = create(t.clone(), v.clone());
        ArrayTimeSeries reference = ArrayTimeSeries.of(t, v);
        assertEquals(s, s, "a series equals itself");
        assertTrue(s.equals(reference), "equals(an ArrayTimeSeries of the same points)");
        assertTrue(reference.equals(s), "an ArrayTimeSeries of the same points equals it");
        assertTrue(s.equals(create(t.clone(), v.clone())), "equals(another instance of the same points)");
        assertEquals(SeriesAssertions.modelHash(t, v), s.hashCode(), "hashCode() against the defined content hash");
        assertEquals(reference.hashCode(), s.hashCode(), "hashCode() against ArrayTimeSeries");
        assertFalse(s.equals(null), "equals(null)");
        assertFalse(s.equals(Arrays.toString(t)), "equals(a String)");
        int n = t.length;
        if (n == 0) {
            assertNotEquals(s, create(new double[] {0}, new double[] {0}), "the empty series equals a one-point series");
            return;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int k = random.nextInt(n);
        double[] v2 = v.clone();
        v2[k] = Double.isNaN(v[k]) ? 1.0 : Double.longBitsToDouble(Double.doubleToRawLongBits(v[k]) ^ 1L);
        assertUnequal(s, create(t.clone(), v2), "value " + k + " changed from " + v[k] + " to " + v2[k]);
        assertUnequal(s, ArrayTimeSeries.of(t, v2), "value " + k + " changed, as an ArrayTimeSeries");
        double[] t2 = t.clone();
        t2[n - 1] = Math.nextUp(t[n - 1]);
        assertUnequal(s, create(t2, v.clone()), "last time changed from " + t[n - 1] + " to " + t2[n - 1]);
        assertUnequal(s, create(Arrays.copyOf(t, n - 1), Arrays.copyOf(v, n - 1)), "the last point dropped");
    }

    private static void assertUnequal(SizedContainerTimeSeries s, SizedContainerTimeSeries other, String change) {
        if (s.equals(other) || other.equals(s)) {
            fail("series are equal although " + change + ": " + s + " and " + other);
        }
    }

    /** {@code -0.0} differs from {@code 0.0} and {@code NaN}s are equal, in times and values, as {@link Double#equals}. */
    @Example
    default void signedZerosDifferAndNaNsAreEqual() {
        assertUnequal(create(new double[] {1}, new double[] {0.0}), create(new double[] {1}, new double[] {-0.0}),
                "the value is 0.0 in one and -0.0 in the other");
        assertUnequal(create(new double[] {0.0}, new double[] {1}), create(new double[] {-0.0}, new double[] {1}),
                "the time is 0.0 in one and -0.0 in the other");
        SizedContainerTimeSeries nan = create(new double[] {1, 2}, new double[] {Double.NaN, 3});
        SizedContainerTimeSeries otherNaN = create(new double[] {1, 2},
                new double[] {Double.longBitsToDouble(0x7ff8_0000_0000_0001L), 3});
        assertEquals(nan, otherNaN, "series with NaN values of different payloads");
        assertEquals(nan.hashCode(), otherNaN.hashCode(), "hash codes of series with NaNs of different payloads");
    }

    /**
     * {@code times()} and {@code values()} return fresh arrays: equal to the points, a new array on each
     * call, and changing one changes nothing else.
     *
     * @param points times and values
     */
    @Property(tries = 50)
    default void timesAndValuesAreFreshCopies(@ForAll("seriesPoints") double[][] points) {
        double[] t = points[0];
        double[] v = points[1];
        SizedContainerTimeSeries s = create(t.clone(), v.clone());
        double[] times = s.times();
        double[] values = s.values();
        assertArray("times()", t, times);
        assertArray("values()", v, values);
        if (t.length > 0) {
            assertNotSame(times, s.times(), "times() returned the same array twice");
            assertNotSame(values, s.values(), "values() returned the same array twice");
            Arrays.fill(times, 7.0);
            Arrays.fill(values, 7.0);
        }
        assertHolds("the series after changing the arrays from times() and values()", t, v, s);
    }

    /**
     * {@code copyTimes} and {@code copyValues} copy exactly the range asked for and nothing else, and
     * refuse ranges out of bounds with {@link IndexOutOfBoundsException}, leaving the array untouched.
     *
     * @param points times and values
     * @param seed picks the ranges
     */
    @Property(tries = 100)
    default void bulkCopiesCopyTheRangeAndCheckBounds(@ForAll("seriesPoints") double[][] points, @ForAll long seed) {
        double[] t = points[0];
        double[] v = points[1];
        SizedContainerTimeSeries s = create(t.clone(), v.clone());
        int n = t.length;
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 5; round++) {
            int from = random.nextInt(n + 1);
            int length = random.nextInt(n - from + 1);
            int extra = random.nextInt(4);
            int offset = random.nextInt(extra + 1);
            for (boolean times : new boolean[] {true, false}) {
                double[] dst = new double[length + extra];
                Arrays.fill(dst, -7.5);
                if (times) {
                    s.copyTimes(from, dst, offset, length);
                } else {
                    s.copyValues(from, dst, offset, length);
                }
                double[] expected = new double[dst.length];
                Arrays.fill(expected, -7.5);
                System.arraycopy(times ? t : v, from, expected, offset, length);
                assertArray((times ? "copyTimes(" : "copyValues(") + from + ", dst[" + dst.length + "], " + offset + ", "
                        + length + ")", expected, dst);
            }
        }
        int[][] bad = {{-1, 0, 0, 1}, {0, -1, 0, 1}, {0, 0, -1, 1}, {0, 0, n + 1, n + 1}, {n, 0, 1, 1},
            {0, 1, n, n}, {Integer.MAX_VALUE, 0, 1, 1}, {1, 0, Integer.MAX_VALUE, 1}};
        for (int[] b : bad) {
            int from = b[0];
            int offset = b[1];
            int length = b[2];
            double[] dst = new double[Math.max(0, b[3])];
            Arrays.fill(dst, -7.5);
            double[] untouched = dst.clone();
            String range = "(" + from + ", dst[" + dst.length + "], " + offset + ", " + length + ") of " + n + " points";
            Rejections.expectType("copyTimes" + range, () -> s.copyTimes(from, dst, offset, length),
                    IndexOutOfBoundsException.class);
            Rejections.expectType("copyValues" + range, () -> s.copyValues(from, dst, offset, length),
                    IndexOutOfBoundsException.class);
            assertArrayEquals(untouched, dst, "a refused copy" + range + " changed the array");
        }
    }

    /**
     * The iterators and streams give the times, values and points in order, and the iterators end with
     * {@link NoSuchElementException}.
     *
     * @param points times and values
     */
    @Property(tries = 50)
    default void iteratorsAndStreamsFollowTimeOrder(@ForAll("seriesPoints") double[][] points) {
        double[] t = points[0];
        double[] v = points[1];
        SizedContainerTimeSeries s = create(t.clone(), v.clone());
        assertArray("timeIterator()", t, drain(s.timeIterator()));
        assertArray("valueIterator()", v, drain(s.valueIterator()));
        assertArray("timeStream()", t, s.timeStream().toArray());
        assertArray("valueStream()", v, s.valueStream().toArray());
        List<Point> expected = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            expected.add(new Point(t[i], v[i]));
        }
        List<Point> iterated = new ArrayList<>();
        Iterator<Point> it = s.iterator();
        while (it.hasNext()) {
            iterated.add(it.next());
        }
        Rejections.expectType("iterator().next() after the last point", it::next, NoSuchElementException.class);
        assertEquals(expected, iterated, "iterator()");
        assertEquals(expected, s.points().collect(Collectors.toList()), "points()");
        if (t.length > 1) {
            PrimitiveIterator.OfDouble first = s.timeIterator();
            PrimitiveIterator.OfDouble second = s.timeIterator();
            first.nextDouble();
            assertTrue(same(t[0], second.nextDouble()), "two time iterators are independent");
        }
    }

    private static double[] drain(PrimitiveIterator.OfDouble it) {
        List<Double> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(it.nextDouble());
        }
        Rejections.expectType("nextDouble() after the end", it::nextDouble, NoSuchElementException.class);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * {@code containsTime} agrees with a linear scan, for every time of the series and for times next to
     * them, between them and beyond them.
     *
     * @param points times and values
     */
    @Property(tries = 100)
    default void containsTimeAgreesWithALinearScan(@ForAll("seriesPoints") double[][] points) {
        double[] t = points[0];
        SizedContainerTimeSeries s = create(t.clone(), points[1].clone());
        List<Double> probes = new ArrayList<>(List.of(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.NaN, 0.0, -0.0, 1.0));
        for (int i = 0; i < t.length; i++) {
            probes.add(t[i]);
            probes.add(Math.nextUp(t[i]));
            probes.add(Math.nextDown(t[i]));
            if (i > 0) {
                probes.add(t[i - 1] + (t[i] - t[i - 1]) / 2);
            }
        }
        for (double probe : probes) {
            boolean expected = false;
            for (double time : t) {
                expected |= time == probe;
            }
            assertEquals(expected, s.containsTime(probe), "containsTime(" + probe + ")");
        }
        assertHolds("the series after containsTime", t, points[1], s);
    }

    // ---- interpolation -----------------------------------------------------------------------------

    /**
     * {@code interpolate} is linear between points, exact at them and constant beyond either end; the
     * result has exactly the new times, and does not change when the caller's array does.
     *
     * @param points times and values
     * @param seed picks the new times
     */
    @Property(tries = 100)
    default void interpolateIsLinearAndConstantBeyondTheEnds(@ForAll("seriesPoints") double[][] points, @ForAll long seed) {
        double[] t = points[0];
        double[] v = points[1];
        SizedContainerTimeSeries s = create(t.clone(), v.clone());
        int n = t.length;
        if (n == 0) {
            Rejections.expect("interpolate(1.0) of the empty series", () -> s.interpolate(1.0), IllegalStateException.class);
            assertEquals(0, s.interpolate().size(), "interpolate() with no times");
            return;
        }
        double[] newTimes = newTimes(t, new SplittableRandom(seed));
        double[] argument = newTimes.clone();
        SizedContainerTimeSeries result = s.interpolate(argument);
        Arrays.fill(argument, 0.0);
        assertArray("the times of interpolate()", newTimes, result.times());
        for (int k = 0; k < newTimes.length; k++) {
            double time = newTimes[k];
            double got = result.value(k);
            int j = upperIndex(t, time); // first index with t[j] >= time
            if (j == 0 || j == n || t[j] == time) {
                double expected = j == n ? v[n - 1] : v[j];
                if (!same(expected, got)) {
                    fail("interpolate at " + time + (j == 0 ? " (at or before the first time)" : j == n
                            ? " (after the last time)" : " (a time of the series)") + " is " + got + ", expected " + expected);
                }
                continue;
            }
            double v0 = v[j - 1];
            double v1 = v[j];
            if (Double.isNaN(v0) || Double.isNaN(v1)) {
                assertTrue(Double.isNaN(got), "interpolate at " + time + " between " + v0 + " and " + v1 + " is " + got);
            } else if (Double.isFinite(v0) && Double.isFinite(v1) && Math.abs(v0) < 1e300 && Math.abs(v1) < 1e300) {
                double fraction = (time - t[j - 1]) / (t[j] - t[j - 1]);
                double expected = v0 + (v1 - v0) * fraction;
                double scale = Math.max(Math.abs(v0), Math.abs(v1));
                if (!(got == expected || Math.abs(got - expected) <= TOLERANCE * scale)) {
                    fail("interpolate at " + time + " between (" + t[j - 1] + ", " + v0 + ") and (" + t[j] + ", " + v1
                            + ") is " + got + ", expected " + expected + " within " + TOLERANCE + " relative");
                }
            }
        }
        assertHolds("the series after interpolate", t, v, s);
        Rejections.expect("interpolate with decreasing times", () -> s.interpolate(2.0, 1.0), IllegalArgumentException.class);
        Rejections.expect("interpolate at NaN", () -> s.interpolate(Double.NaN), IllegalArgumentException.class);
        Rejections.expect("interpolate at infinity", () -> s.interpolate(Double.POSITIVE_INFINITY),
                IllegalArgumentException.class);
    }

    /** Times before, at, between and after the series' times, sorted and distinct. */
    private static double[] newTimes(double[] t, SplittableRandom random) {
        TreeSet<Double> times = new TreeSet<>();
        int n = t.length;
        times.add(t[0] - 1 - random.nextInt(100));
        times.add(t[n - 1] + 1 + random.nextInt(100));
        for (int i = 0; i < Math.min(60, 2 * n); i++) {
            int j = random.nextInt(n);
            if (random.nextBoolean() || j == n - 1) {
                times.add(t[j]);
            } else {
                double between = t[j] + (t[j + 1] - t[j]) * random.nextDouble();
                times.add(between);
            }
        }
        times.remove(-0.0); // -0.0 and 0.0 are equal times: keep at most one
        return times.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static int upperIndex(double[] t, double time) {
        int j = 0;
        while (j < t.length && t[j] < time) {
            j++;
        }
        return j;
    }

    // ---- arithmetic --------------------------------------------------------------------------------

    /**
     * {@code plus}, {@code minus} and {@code times} with a series on the same times (of this
     * implementation or an {@link ArrayTimeSeries}) are exact point by point; series of other times are
     * refused with an {@link IllegalArgumentException} naming the first index that differs.
     *
     * @param points times and values
     * @param otherPoints values for the other operand (the times are replaced by these)
     * @param seed picks the index where the times of a mismatching series first differ
     */
    @Property(tries = 100)
    default void arithmeticWithASeriesIsPointwise(@ForAll("seriesPoints") double[][] points,
            @ForAll("seriesPoints") double[][] otherPoints, @ForAll long seed) {
        double[] t = points[0];
        double[] v = points[1];
        int n = t.length;
        double[] w = Arrays.copyOf(otherPoints[1], n);
        SizedContainerTimeSeries s = create(t.clone(), v.clone());
        List<SizedContainerTimeSeries> operands = List.of(create(t.clone(), w.clone()), ArrayTimeSeries.of(t, w));
        for (SizedContainerTimeSeries other : operands) {
            assertPointwise("plus(series)", t, v, w, (a, b) -> a + b, s.plus(other));
            assertPointwise("minus(series)", t, v, w, (a, b) -> a - b, s.minus(other));
            assertPointwise("multipliedBy(series)", t, v, w, (a, b) -> a * b, s.multipliedBy(other));
        }
        SizedContainerTimeSeries longer = create(append(t, n == 0 ? 0 : Math.nextUp(t[n - 1])), append(v, 1));
        Rejections.expect("plus(a series of " + (n + 1) + " points) on " + n + " points", () -> s.plus(longer),
                IllegalArgumentException.class);
        if (n > 0) {
            int k = new SplittableRandom(seed).nextInt(n);
            double[] t2 = t.clone();
            t2[k] = Math.nextUp(t[k]);
            for (int i = k + 1; i < n; i++) {
                t2[i] = Math.max(Math.nextUp(t[i]), Math.nextUp(t2[i - 1]));
            }
            SizedContainerTimeSeries shifted = create(t2, w.clone());
            for (String op : List.of("plus", "minus", "times")) {
                Throwable e = Rejections.expect(op + "(a series whose times differ first at index " + k + ")",
                        () -> {
                            if (op.equals("plus")) {
                                s.plus(shifted);
                            } else if (op.equals("minus")) {
                                s.minus(shifted);
                            } else {
                                s.multipliedBy(shifted);
                            }
                        }, IllegalArgumentException.class);
                if (!e.getMessage().matches("(?s).*\\bindex " + k + "(?!\\d).*")) {
                    fail(op + ": the message must name the first differing index as \"index " + k + "\": "
                            + e.getMessage());
                }
            }
        }
        assertHolds("the series after arithmetic", t, v, s);
    }

    private static double[] append(double[] a, double x) {
        double[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = x;
        return out;
    }

    private static void assertPointwise(String op, double[] t, double[] v, double[] w, DoubleBinaryOperator f,
            SizedContainerTimeSeries result) {
        double[] expected = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            expected[i] = f.applyAsDouble(v[i], w[i]);
        }
        assertHolds(op, t, expected, result);
    }

    /**
     * {@code plus}, {@code minus} and {@code multipliedBy} with a scalar, {@code negated()} and {@code abs()} are
     * exact point by point and keep the times.
     *
     * @param points times and values
     * @param scalar the scalar
     */
    @Property(tries = 100)
    default void scalarArithmeticIsPointwise(@ForAll("seriesPoints") double[][] points, @ForAll("scalars") double scalar) {
        double[] t = points[0];
        double[] v = points[1];
        SizedContainerTimeSeries s = create(t.clone(), v.clone());
        assertMapped("plus(" + scalar + ")", t, v, x -> x + scalar, s.plus(scalar));
        assertMapped("minus(" + scalar + ")", t, v, x -> x - scalar, s.minus(scalar));
        assertMapped("multipliedBy(" + scalar + ")", t, v, x -> x * scalar, s.multipliedBy(scalar));
        assertMapped("negated()", t, v, x -> -x, s.negated());
        assertMapped("abs()", t, v, Math::abs, s.abs());
        assertHolds("the series after arithmetic", t, v, s);
    }

    private static void assertMapped(String op, double[] t, double[] v, DoubleUnaryOperator f,
            SizedContainerTimeSeries result) {
        double[] expected = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            expected[i] = f.applyAsDouble(v[i]);
        }
        assertHolds(op, t, expected, result);
    }

    // ---- statistics --------------------------------------------------------------------------------

    /**
     * {@code mean()} and {@code std()} agree with the straightforward formulas within {@value #TOLERANCE},
     * and follow the rules for {@code NaN}, infinities and the empty series.
     *
     * @param points times and values
     */
    @Property(tries = 100)
    default void meanAndStdMatchTheFormulas(@ForAll("statisticsPoints") double[][] points) {
        double[] v = points[1];
        SizedContainerTimeSeries s = create(points[0].clone(), v.clone());
        double mean = s.mean();
        double std = s.std();
        int n = v.length;
        boolean nan = false;
        boolean plusInf = false;
        boolean minusInf = false;
        for (double x : v) {
            nan |= Double.isNaN(x);
            plusInf |= x == Double.POSITIVE_INFINITY;
            minusInf |= x == Double.NEGATIVE_INFINITY;
        }
        String of = " of " + SeriesAssertions.abbreviate(v);
        if (n == 0 || nan || (plusInf && minusInf)) {
            assertTrue(Double.isNaN(mean), "mean()" + of + " is " + mean + ", expected NaN");
            assertTrue(Double.isNaN(std), "std()" + of + " is " + std + ", expected NaN");
        } else if (plusInf || minusInf) {
            assertEquals(plusInf ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY, mean, "mean()" + of);
            assertTrue(Double.isNaN(std), "std()" + of + " is " + std + ", expected NaN");
        } else {
            double sum = 0;
            double sumAbs = 0;
            double sumSquares = 0;
            for (double x : v) {
                sum += x;
                sumAbs += Math.abs(x);
                sumSquares += x * x;
            }
            double expectedMean = sum / n;
            double squaredDeviations = 0;
            for (double x : v) {
                squaredDeviations += (x - expectedMean) * (x - expectedMean);
            }
            double expectedStd = Math.sqrt(squaredDeviations / n);
            double meanScale = sumAbs / n;
            double stdScale = Math.sqrt(sumSquares / n);
            if (!(mean == expectedMean || Math.abs(mean - expectedMean) <= TOLERANCE * meanScale)) {
                fail("mean()" + of + " is " + mean + ", expected " + expectedMean + " within " + TOLERANCE + " of "
                        + meanScale);
            }
            if (!(std == expectedStd || Math.abs(std - expectedStd) <= TOLERANCE * stdScale)) {
                fail("std()" + of + " is " + std + ", expected " + expectedStd + " within " + TOLERANCE + " of "
                        + stdScale);
            }
        }
        assertHolds("the series after mean() and std()", points[0], v, s);
    }

    /**
     * {@code min()} and {@code max()} agree with a linear scan; {@code NaN} if any value is; the empty
     * series throws {@link NoSuchElementException}.
     *
     * @param points times and values
     */
    @Property(tries = 100)
    default void minAndMaxAgreeWithALinearScan(@ForAll("seriesPoints") double[][] points) {
        double[] v = points[1];
        SizedContainerTimeSeries s = create(points[0].clone(), v.clone());
        if (v.length == 0) {
            Rejections.expect("min() of the empty series", s::min, NoSuchElementException.class);
            Rejections.expect("max() of the empty series", s::max, NoSuchElementException.class);
            return;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean nan = false;
        for (double x : v) {
            nan |= Double.isNaN(x);
            min = x < min ? x : min;
            max = x > max ? x : max;
        }
        double gotMin = s.min();
        double gotMax = s.max();
        String of = " of " + SeriesAssertions.abbreviate(v);
        if (nan) {
            assertTrue(Double.isNaN(gotMin), "min()" + of + " is " + gotMin + ", expected NaN");
            assertTrue(Double.isNaN(gotMax), "max()" + of + " is " + gotMax + ", expected NaN");
        } else {
            assertTrue(gotMin == min, "min()" + of + " is " + gotMin + ", expected " + min);
            assertTrue(gotMax == max, "max()" + of + " is " + gotMax + ", expected " + max);
        }
    }

    // ---- slicing and printing ------------------------------------------------------------------------

    /**
     * {@code slice(from, to)} holds exactly the points with {@code from <= time < to}; bounds may be
     * infinite; a {@code NaN} bound is refused with {@link IllegalArgumentException}.
     *
     * @param points times and values
     * @param seed picks the bounds
     */
    @Property(tries = 100)
    default void sliceIsHalfOpen(@ForAll("seriesPoints") double[][] points, @ForAll long seed) {
        double[] t = points[0];
        double[] v = points[1];
        SizedContainerTimeSeries s = create(t.clone(), v.clone());
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 8; round++) {
            double from = bound(t, random);
            double to = bound(t, random);
            List<Integer> inside = new ArrayList<>();
            for (int i = 0; i < t.length; i++) {
                if (from <= t[i] && t[i] < to) {
                    inside.add(i);
                }
            }
            double[] et = inside.stream().mapToDouble(i -> t[i]).toArray();
            double[] ev = inside.stream().mapToDouble(i -> v[i]).toArray();
            assertHolds("slice(" + from + ", " + to + ")", et, ev, s.slice(from, to));
        }
        Rejections.expect("slice(NaN, 1)", () -> s.slice(Double.NaN, 1), IllegalArgumentException.class);
        Rejections.expect("slice(0, NaN)", () -> s.slice(0, Double.NaN), IllegalArgumentException.class);
        assertHolds("the series after slice", t, v, s);
    }

    private static double bound(double[] t, SplittableRandom random) {
        if (t.length == 0 || random.nextInt(8) == 0) {
            return random.nextBoolean() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        double at = t[random.nextInt(t.length)];
        switch (random.nextInt(4)) {
            case 0:
                return Math.nextUp(at);
            case 1:
                return Math.nextDown(at);
            case 2:
                return at + random.nextDouble(-10, 10);
            default:
                return at;
        }
    }

    /**
     * {@code toString()} shows the size and, unless empty, the first and last times.
     *
     * @param points times and values
     */
    @Property(tries = 30)
    default void toStringShowsSizeAndEnds(@ForAll("seriesPoints") double[][] points) {
        double[] t = points[0];
        SizedContainerTimeSeries s = create(t.clone(), points[1].clone());
        String text = s.toString();
        assertTrue(text.contains(Integer.toString(t.length)), "toString() does not show the size " + t.length + ": " + text);
        if (t.length > 0) {
            assertTrue(text.contains(Double.toString(t[0])), "toString() does not show the first time " + t[0] + ": " + text);
            assertTrue(text.contains(Double.toString(t[t.length - 1])),
                    "toString() does not show the last time " + t[t.length - 1] + ": " + text);
        }
    }
}
