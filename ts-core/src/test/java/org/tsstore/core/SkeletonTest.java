package org.tsstore.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.tsstore.api.Point;
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * Every operation of {@link AbstractSizedContainerTimeSeries} and {@link ArrayTimeSeries} against a model
 * of plain arrays and straightforward loops (exact {@link BigDecimal} arithmetic for the statistics).
 * {@link Impl#SKELETON} runs the skeleton's default code for everything but the three accessors;
 * {@link Impl#ARRAY} runs ArrayTimeSeries' overrides.
 */
class SkeletonTest {

    /** The implementations under test. */
    enum Impl {
        ARRAY {
            @Override
            SizedContainerTimeSeries create(double[] t, double[] v) {
                return ArrayTimeSeries.of(t, v);
            }
        },
        SKELETON {
            @Override
            SizedContainerTimeSeries create(double[] t, double[] v) {
                return new ThreeMethodSeries(t.clone(), v.clone());
            }
        };

        abstract SizedContainerTimeSeries create(double[] t, double[] v);

        SizedContainerTimeSeries create(SeriesModel m) {
            return create(m.t(), m.v());
        }
    }

    private static final double U = Math.ulp(1.0) / 2; // unit roundoff

    @Provide
    Arbitrary<SeriesModel> anySeries() {
        return SeriesModel.any();
    }

    @Provide
    Arbitrary<SeriesModel> finiteSeries() {
        return SeriesModel.finite();
    }

    static void assertSameBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                fail(what + " differs at index " + i + ": expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    static void assertSeries(double[] t, double[] v, SizedContainerTimeSeries actual, String what) {
        assertSameBits(t, actual.times(), what + " times");
        assertSameBits(v, actual.values(), what + " values");
    }

    // ---- accessors, copies, bulk copies, iteration -------------------------------------------------

    @Property
    void accessorsMatchTheModel(@ForAll("anySeries") SeriesModel m, @ForAll Impl impl) {
        SizedContainerTimeSeries s = impl.create(m);
        int n = m.size();
        assertEquals(n, s.size());
        assertEquals(n == 0, s.isEmpty());
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToLongBits(m.t()[i]), Double.doubleToLongBits(s.time(i)), "time " + i);
            assertEquals(Double.doubleToLongBits(m.v()[i]), Double.doubleToLongBits(s.value(i)), "value " + i);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> s.time(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> s.value(n));
    }

    @Property
    void timesAndValuesAreFreshCopies(@ForAll("anySeries") SeriesModel m, @ForAll Impl impl) {
        SizedContainerTimeSeries s = impl.create(m);
        double[] t = s.times();
        double[] v = s.values();
        assertSameBits(m.t(), t, "times()");
        assertSameBits(m.v(), v, "values()");
        if (m.size() > 0) {
            assertNotSame(t, s.times());
            assertNotSame(v, s.values());
            t[0] = 42;
            v[0] = 42;
            assertSeries(m.t(), m.v(), s, "after changing the returned arrays");
        }
    }

    @Property
    void arrayTimeSeriesOfCopiesItsArguments(@ForAll("anySeries") SeriesModel m) {
        double[] t = m.t().clone();
        double[] v = m.v().clone();
        ArrayTimeSeries s = ArrayTimeSeries.of(t, v);
        Arrays.fill(t, 7);
        Arrays.fill(v, 7);
        assertSeries(m.t(), m.v(), s, "after changing the arrays given to of()");
    }

    @Property
    void bulkCopiesRespectBoundsAndTouchNothingElse(@ForAll("anySeries") SeriesModel m, @ForAll Impl impl,
            @ForAll("copyArgs") int[] args, @ForAll boolean ofTimes) {
        SizedContainerTimeSeries s = impl.create(m);
        int n = m.size();
        int from = pick(args[0], n);
        int length = pick(args[1], n);
        int offset = pick(args[2], n);
        int dstLength = Math.floorMod(args[3], n + 4);
        double sentinel = -12345.678;
        double[] dst = new double[dstLength];
        Arrays.fill(dst, sentinel);
        boolean valid = from >= 0 && length >= 0 && offset >= 0
                && (long) from + length <= n && (long) offset + length <= dstLength;
        Statistics.label("valid").collect(valid);
        Statistics.label("valid").coverage(c -> c.check(true).percentage(pc -> pc > 5));
        double[] source = ofTimes ? m.t() : m.v();
        if (!valid) {
            assertThrows(IndexOutOfBoundsException.class, () -> copy(s, ofTimes, from, dst, offset, length));
            for (double d : dst) {
                assertEquals(sentinel, d, "an out-of-bounds copy wrote to dst");
            }
            return;
        }
        copy(s, ofTimes, from, dst, offset, length);
        for (int i = 0; i < dstLength; i++) {
            double expected = i >= offset && i < offset + length ? source[from + i - offset] : sentinel;
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(dst[i]), "dst[" + i + "]");
        }
    }

    private static void copy(SizedContainerTimeSeries s, boolean ofTimes, int from, double[] dst, int offset,
            int length) {
        if (ofTimes) {
            s.copyTimes(from, dst, offset, length);
        } else {
            s.copyValues(from, dst, offset, length);
        }
    }

    /** Maps a raw choice to an index near the interesting range, or to an extreme. */
    private static int pick(int raw, int n) {
        switch (Math.floorMod(raw, 20)) {
            case 0:
                return -1;
            case 1:
                return Integer.MAX_VALUE;
            case 2:
                return Integer.MIN_VALUE;
            default:
                return Math.floorMod(raw / 20, n + 3);
        }
    }

    @Provide
    Arbitrary<int[]> copyArgs() {
        return Arbitraries.integers().between(0, 100_000).array(int[].class).ofSize(4);
    }

    @Property
    void iterationFollowsTheModel(@ForAll("anySeries") SeriesModel m, @ForAll Impl impl) {
        SizedContainerTimeSeries s = impl.create(m);
        assertSameBits(m.t(), drain(s.timeIterator()), "timeIterator");
        assertSameBits(m.v(), drain(s.valueIterator()), "valueIterator");
        assertSameBits(m.t(), s.timeStream().toArray(), "timeStream");
        assertSameBits(m.v(), s.valueStream().toArray(), "valueStream");
        List<Point> expected = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            expected.add(new Point(m.t()[i], m.v()[i]));
        }
        List<Point> viaIterator = new ArrayList<>();
        s.iterator().forEachRemaining(viaIterator::add);
        assertEquals(expected, viaIterator);
        List<Point> viaForEach = new ArrayList<>();
        s.forEach(viaForEach::add);
        assertEquals(expected, viaForEach);
        assertEquals(expected, s.points().toList());
        PrimitiveIterator.OfDouble it = s.timeIterator();
        drain(it);
        assertThrows(NoSuchElementException.class, it::nextDouble);
    }

    private static double[] drain(PrimitiveIterator.OfDouble it) {
        List<Double> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(it.nextDouble());
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    // ---- search -----------------------------------------------------------------------------------

    @Property
    void containsTimeAgreesWithALinearScan(@ForAll("anySeries") SeriesModel m, @ForAll Impl impl,
            @ForAll long seed) {
        SizedContainerTimeSeries s = impl.create(m);
        for (double q : probes(m.t(), new Random(seed))) {
            boolean expected = false;
            for (double t : m.t()) {
                expected |= t == q;
            }
            Statistics.label("found").collect(expected);
            Statistics.label("found").coverage(c -> c.check(true).percentage(pc -> pc > 10));
            assertEquals(expected, s.containsTime(q), "containsTime(" + q + ")");
        }
    }

    /** Times to probe a series with: its own, their neighbours, points between and beyond, infinities. */
    static double[] probes(double[] t, Random r) {
        List<Double> out = new ArrayList<>(List.of(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0.0, -0.0,
                (r.nextDouble() - 0.5) * 3e6));
        for (int k = 0; k < Math.min(t.length, 8); k++) {
            double x = t[r.nextInt(t.length)];
            out.add(x);
            out.add(Math.nextUp(x));
            out.add(Math.nextDown(x));
            out.add(x + r.nextDouble() * 10);
        }
        if (t.length > 0) {
            out.add(t[0]);
            out.add(t[t.length - 1]);
            out.add(Math.nextUp(t[t.length - 1]));
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Property
    void sliceIsTheHalfOpenRange(@ForAll("anySeries") SeriesModel m, @ForAll Impl impl, @ForAll long seed) {
        SizedContainerTimeSeries s = impl.create(m);
        double[] p = probes(m.t(), new Random(seed));
        Random r = new Random(seed + 1);
        for (int k = 0; k < 6; k++) {
            double from = p[r.nextInt(p.length)];
            double to = p[r.nextInt(p.length)];
            List<Integer> in = new ArrayList<>();
            for (int i = 0; i < m.size(); i++) {
                if (m.t()[i] >= from && m.t()[i] < to) {
                    in.add(i);
                }
            }
            double[] et = in.stream().mapToDouble(i -> m.t()[i]).toArray();
            double[] ev = in.stream().mapToDouble(i -> m.v()[i]).toArray();
            Statistics.label("slice empty").collect(in.isEmpty());
            Statistics.label("slice empty").coverage(c -> c.check(false).percentage(pc -> pc > 10));
            assertSeries(et, ev, s.slice(from, to), "slice(" + from + ", " + to + ")");
        }
        assertThrows(IllegalArgumentException.class, () -> s.slice(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> s.slice(0, Double.NaN));
    }

    // ---- interpolation ---------------------------------------------------------------------------

    @Property
    void interpolateIsLinearInsideAndConstantOutside(@ForAll("finiteSeries") SeriesModel m, @ForAll Impl impl,
            @ForAll long seed) {
        if (m.size() == 0) {
            return;
        }
        SizedContainerTimeSeries s = impl.create(m);
        double[] newTimes = Arrays.stream(probes(m.t(), new Random(seed)))
                .filter(Double::isFinite).map(x -> x == 0 ? 0.0 : x).sorted().distinct().toArray();
        double[] given = newTimes.clone();
        SizedContainerTimeSeries result = s.interpolate(given);
        Arrays.fill(given, 3.0); // the result owns its own copy of the times
        assertSameBits(newTimes, result.times(), "interpolated times");
        double[] t = m.t();
        double[] v = m.v();
        int n = t.length;
        for (int k = 0; k < newTimes.length; k++) {
            double x = newTimes[k];
            double actual = result.value(k);
            if (x <= t[0]) {
                assertEquals(v[0], actual, 0.0, "before the first time, at " + x);
                continue;
            }
            if (x >= t[n - 1]) {
                assertEquals(v[n - 1], actual, 0.0, "after the last time, at " + x);
                continue;
            }
            int i = 0;
            while (!(t[i] <= x && x < t[i + 1])) {
                i++;
            }
            if (t[i] == x) {
                assertEquals(v[i], actual, 0.0, "at the knot " + x);
                continue;
            }
            double w1 = (x - t[i]) / (t[i + 1] - t[i]);
            double expected = v[i] * (1 - w1) + v[i + 1] * w1;
            double tol = 1e-12 * (Math.abs(v[i]) + Math.abs(v[i + 1])) + Double.MIN_NORMAL;
            assertEquals(expected, actual, tol, "between " + t[i] + " and " + t[i + 1] + ", at " + x);
            assertTrue(actual >= Math.min(v[i], v[i + 1]) - tol && actual <= Math.max(v[i], v[i + 1]) + tol,
                    "not between the neighbouring values at " + x);
        }
    }

    @Example
    void interpolateEdgeCases() {
        for (Impl impl : Impl.values()) {
            SizedContainerTimeSeries s = impl.create(new double[] {0, 1, 2}, new double[] {Double.NaN, 5, 10});
            assertSeries(new double[] {1, 1.5, 2}, new double[] {5, 7.5, 10}, s.interpolate(1, 1.5, 2), impl.name());
            assertTrue(Double.isNaN(s.interpolate(0.5).value(0)), "NaN propagates between knots");
            assertEquals(0, s.interpolate().size());
            assertThrows(IllegalArgumentException.class, () -> s.interpolate(2, 1));
            assertThrows(IllegalArgumentException.class, () -> s.interpolate(Double.NaN));
            assertThrows(IllegalArgumentException.class, () -> s.interpolate(0, Double.POSITIVE_INFINITY));
            SizedContainerTimeSeries empty = impl.create(new double[0], new double[0]);
            assertThrows(IllegalStateException.class, () -> empty.interpolate(1));
            assertEquals(0, empty.interpolate().size());
            SizedContainerTimeSeries one = impl.create(new double[] {3}, new double[] {-0.0});
            assertSeries(new double[] {-5, 3, 9}, new double[] {-0.0, -0.0, -0.0}, one.interpolate(-5, 3, 9), "one");
        }
    }

    // ---- arithmetic --------------------------------------------------------------------------------

    @Property
    void seriesArithmeticIsPointwise(@ForAll("anySeries") SeriesModel m, @ForAll Impl impl, @ForAll Impl otherImpl,
            @ForAll long seed) {
        double[] otherValues = SeriesModel.random(new Random(seed), m.size(), false).v();
        SizedContainerTimeSeries a = impl.create(m);
        SizedContainerTimeSeries b = otherImpl.create(m.t(), otherValues);
        assertSeries(m.t(), pointwise(m.v(), otherValues, (x, y) -> x + y), a.plus(b), "plus");
        assertSeries(m.t(), pointwise(m.v(), otherValues, (x, y) -> x - y), a.minus(b), "minus");
        assertSeries(m.t(), pointwise(m.v(), otherValues, (x, y) -> x * y), a.multipliedBy(b), "multipliedBy");
        assertSeries(m.t(), m.v(), a, "the operand after arithmetic");
    }

    private static double[] pointwise(double[] a, double[] b, DoubleBinaryOperator op) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = op.applyAsDouble(a[i], b[i]);
        }
        return out;
    }

    @Property
    void scalarArithmeticAndMapsArePointwise(@ForAll("anySeries") SeriesModel m, @ForAll Impl impl,
            @ForAll("scalars") double c) {
        SizedContainerTimeSeries a = impl.create(m);
        assertSeries(m.t(), each(m.v(), x -> x + c), a.plus(c), "plus " + c);
        assertSeries(m.t(), each(m.v(), x -> x - c), a.minus(c), "minus " + c);
        assertSeries(m.t(), each(m.v(), x -> x * c), a.multipliedBy(c), "multipliedBy " + c);
        assertSeries(m.t(), each(m.v(), x -> -x), a.negated(), "negated");
        assertSeries(m.t(), each(m.v(), x -> x < 0 || (x == 0 && 1 / x < 0) ? -x : x), a.abs(), "abs");
    }

    @Provide
    Arbitrary<Double> scalars() {
        return Arbitraries.doubles().between(-1e3, 1e3)
                .withSpecialValue(Double.NaN).withSpecialValue(-0.0).withSpecialValue(Double.POSITIVE_INFINITY);
    }

    private static double[] each(double[] a, DoubleUnaryOperator op) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = op.applyAsDouble(a[i]);
        }
        return out;
    }

    @Property
    void mismatchedTimesNameTheFirstDifferingIndex(@ForAll("anySeries") SeriesModel m, @ForAll Impl impl,
            @ForAll long seed) {
        if (m.size() == 0) {
            return;
        }
        Random r = new Random(seed);
        int k = r.nextInt(m.size());
        double[] otherTimes = m.t().clone();
        for (int i = k; i < otherTimes.length; i++) {
            if (i == k || r.nextBoolean()) {
                otherTimes[i] += 0.5; // |t| < 2e6, so +0.5 changes every time
            }
        }
        SizedContainerTimeSeries a = impl.create(m);
        SizedContainerTimeSeries b = new ThreeMethodSeries(otherTimes, m.v());
        for (IllegalArgumentException e : List.of(
                assertThrows(IllegalArgumentException.class, () -> a.plus(b)),
                assertThrows(IllegalArgumentException.class, () -> a.minus(b)),
                assertThrows(IllegalArgumentException.class, () -> a.multipliedBy(b)))) {
            assertTrue(e.getMessage().contains("index " + k + ":"), e.getMessage() + " should name index " + k);
        }
        SizedContainerTimeSeries shorter = new ThreeMethodSeries(Arrays.copyOf(m.t(), m.size() - 1),
                Arrays.copyOf(m.v(), m.size() - 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.plus(shorter));
        assertTrue(e.getMessage().contains(m.size() + " points") && e.getMessage().contains((m.size() - 1) + " points"),
                e.getMessage());
        assertThrows(NullPointerException.class, () -> a.minus(null));
    }

    // ---- statistics ------------------------------------------------------------------------------

    @Property
    void meanAndStdMatchExactArithmetic(@ForAll("finiteSeries") SeriesModel m, @ForAll Impl impl) {
        SizedContainerTimeSeries s = impl.create(m);
        int n = m.size();
        if (n == 0) {
            assertTrue(Double.isNaN(s.mean()) && Double.isNaN(s.std()), "empty: NaN");
            return;
        }
        MathContext mc = MathContext.DECIMAL128;
        BigDecimal sum = BigDecimal.ZERO;
        double sumAbs = 0;
        double maxAbs = 0;
        for (double x : m.v()) {
            sum = sum.add(new BigDecimal(x));
            sumAbs += Math.abs(x);
            maxAbs = Math.max(maxAbs, Math.abs(x));
        }
        BigDecimal mean = sum.divide(BigDecimal.valueOf(n), mc);
        BigDecimal squares = BigDecimal.ZERO;
        for (double x : m.v()) {
            BigDecimal d = new BigDecimal(x).subtract(mean, mc);
            squares = squares.add(d.multiply(d, mc), mc);
        }
        double exactMean = mean.doubleValue();
        double exactStd = squares.divide(BigDecimal.valueOf(n), mc).sqrt(mc).doubleValue();
        // Recursive summation errs by at most (n - 1) u sum|x|; the mean by that over n, plus a rounding.
        assertEquals(exactMean, s.mean(), 2 * U * sumAbs + Math.ulp(exactMean), "mean");
        assertEquals(exactStd, s.std(), 1e-10 * exactStd + 4 * n * U * maxAbs, "std");
    }

    @Property
    void nonFiniteValuesGiveNumpysStatistics(@ForAll("finiteSeries") SeriesModel base, @ForAll Impl impl,
            @ForAll long seed) {
        if (base.size() == 0) {
            return;
        }
        Random r = new Random(seed);
        double[] v = base.v().clone();
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        int count = 1 + r.nextInt(3);
        for (int k = 0; k < count; k++) {
            v[r.nextInt(v.length)] = specials[r.nextInt(3)];
        }
        boolean nan = Arrays.stream(v).anyMatch(Double::isNaN);
        boolean pos = Arrays.stream(v).anyMatch(x -> x == Double.POSITIVE_INFINITY);
        boolean neg = Arrays.stream(v).anyMatch(x -> x == Double.NEGATIVE_INFINITY);
        // At least one special value is in, so without NaN or both infinities it is one of them.
        double expectedMean = nan || (pos && neg) ? Double.NaN
                : pos ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        SizedContainerTimeSeries s = impl.create(base.t(), v);
        assertEquals(expectedMean, s.mean(), "mean of " + Arrays.toString(Arrays.copyOf(v, Math.min(v.length, 20))));
        assertTrue(Double.isNaN(s.std()), "std with a non-finite value is NaN");
    }

    @Property
    void minAndMaxAreNaNAwareExtremes(@ForAll("anySeries") SeriesModel m, @ForAll Impl impl) {
        SizedContainerTimeSeries s = impl.create(m);
        if (m.size() == 0) {
            assertThrows(NoSuchElementException.class, s::min);
            assertThrows(NoSuchElementException.class, s::max);
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        boolean nan = false;
        for (double x : m.v()) {
            nan |= x != x;
            if (x < lo) {
                lo = x;
            }
            if (x > hi) {
                hi = x;
            }
        }
        Statistics.label("has NaN").collect(nan);
        Statistics.label("has NaN").coverage(c -> {
            c.check(true).percentage(pc -> pc > 10);
            c.check(false).percentage(pc -> pc > 10);
        });
        if (nan) {
            assertTrue(Double.isNaN(s.min()) && Double.isNaN(s.max()), "NaN wins, as in numpy");
        } else {
            assertTrue(lo == s.min(), "min: expected " + lo + " but was " + s.min());
            assertTrue(hi == s.max(), "max: expected " + hi + " but was " + s.max());
        }
    }

    // ---- equality, hashing, toString -------------------------------------------------------------

    @Property
    void equalityIsByContentAcrossImplementations(@ForAll("anySeries") SeriesModel m, @ForAll long seed) {
        SizedContainerTimeSeries a = Impl.ARRAY.create(m);
        SizedContainerTimeSeries b = Impl.SKELETON.create(m);
        assertEquals(a, b);
        assertEquals(b, a);
        int expectedHash = 1;
        for (int i = 0; i < m.size(); i++) {
            expectedHash = 31 * expectedHash + Double.hashCode(m.t()[i]);
            expectedHash = 31 * expectedHash + Double.hashCode(m.v()[i]);
        }
        assertEquals(expectedHash, a.hashCode(), "the documented hash");
        assertEquals(expectedHash, b.hashCode(), "the documented hash");
        assertFalse(a.equals(null));
        assertFalse(a.equals(List.of()));
        if (m.size() == 0) {
            return;
        }
        Random r = new Random(seed);
        int k = r.nextInt(m.size());
        double[] t = m.t().clone();
        double[] v = m.v().clone();
        if (r.nextBoolean()) {
            t[k] = differentBits(t[k]);
        } else {
            v[k] = differentBits(v[k]);
        }
        SizedContainerTimeSeries c = new ThreeMethodSeries(t, v);
        assertNotEquals(a, c);
        assertNotEquals(c, a);
        assertNotEquals(b, c);
        SizedContainerTimeSeries shorter = new ThreeMethodSeries(Arrays.copyOf(m.t(), m.size() - 1),
                Arrays.copyOf(m.v(), m.size() - 1));
        assertNotEquals(a, shorter);
        assertNotEquals(shorter, a);
    }

    /** A double that {@link Double#equals} tells apart from {@code x}. */
    static double differentBits(double x) {
        if (Double.isNaN(x)) {
            return 0.0;
        }
        if (x == 0) {
            return -x; // 0.0 and -0.0 differ
        }
        return x == Double.POSITIVE_INFINITY ? Double.MAX_VALUE : Math.nextUp(x);
    }

    @Example
    void nanPayloadsAreEqualAndSignedZerosAreNot() {
        double otherNaN = Double.longBitsToDouble(0x7ff8_0000_0000_0001L);
        assertTrue(Double.isNaN(otherNaN));
        SizedContainerTimeSeries a = ArrayTimeSeries.of(new double[] {0}, new double[] {Double.NaN});
        SizedContainerTimeSeries b = new ThreeMethodSeries(new double[] {0}, new double[] {otherNaN});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(ArrayTimeSeries.of(new double[] {0}, new double[] {0.0}),
                ArrayTimeSeries.of(new double[] {0}, new double[] {-0.0}));
    }

    @Property(tries = 200)
    void formulaSeriesEqualsItsArrays(@ForAll("formulaSizes") int n, @ForAll long seed) {
        Random r = new Random(seed);
        double t0 = r.nextInt(1000) - 500;
        double dt = 1 + r.nextInt(5);
        double a = r.nextDouble();
        double b = r.nextDouble() * 10;
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = t0 + i * dt;
            v[i] = a * i + b;
        }
        FormulaSeries f = new FormulaSeries(n, t0, dt, a, b);
        ArrayTimeSeries arr = ArrayTimeSeries.of(t, v);
        assertEquals(arr, f);
        assertEquals(f, arr);
        assertEquals(arr.hashCode(), f.hashCode());
        if (n > 0) {
            assertEquals(arr.mean(), f.mean(), 1e-9 * (Math.abs(arr.mean()) + 1));
        }
        assertEquals(arr.slice(t0 + dt, t0 + 4 * dt), f.slice(t0 + dt, t0 + 4 * dt));
    }

    @Provide
    Arbitrary<Integer> formulaSizes() {
        return Arbitraries.integers().between(0, 2100).edgeCases(c -> c.add(1023, 1024, 1025, 2048));
    }

    @Property
    void toStringShowsSizeAndTheFirstAndLastThreePoints(@ForAll("anySeries") SeriesModel m, @ForAll Impl impl) {
        SizedContainerTimeSeries s = impl.create(m);
        int n = m.size();
        StringBuilder expected = new StringBuilder(s.getClass().getSimpleName()).append("[size=").append(n);
        for (int i = 0; i < n; i++) {
            if (n > 6 && i == 3) {
                expected.append(", ...");
                i = n - 3;
            }
            expected.append(", (").append(m.t()[i]).append(", ").append(m.v()[i]).append(')');
        }
        expected.append(']');
        assertEquals(expected.toString(), s.toString());
    }

    // ---- ArrayTimeSeries factories ---------------------------------------------------------------

    @Example
    void arrayTimeSeriesFactoriesCheckTheRules() {
        assertThrows(IllegalArgumentException.class, () -> ArrayTimeSeries.of(new double[] {1, 1}, new double[2]));
        assertThrows(IllegalArgumentException.class, () -> ArrayTimeSeries.of(new double[] {1}, new double[2]));
        assertThrows(IllegalArgumentException.class,
                () -> ArrayTimeSeries.copyOf(new ThreeMethodSeries(new double[] {2, 1}, new double[2])));
        assertThrows(IllegalArgumentException.class,
                () -> ArrayTimeSeries.copyOf(new ThreeMethodSeries(new double[] {Double.NaN}, new double[1])));
        assertThrows(IllegalArgumentException.class, () -> ArrayTimeSeries.fill(-1, (t, v) -> {}));
        assertThrows(IllegalArgumentException.class, () -> ArrayTimeSeries.fill(2, (t, v) -> {}));
        ArrayTimeSeries filled = ArrayTimeSeries.fill(2, (t, v) -> {
            t[0] = 1;
            t[1] = 2;
            v[1] = Double.NaN;
        });
        assertSeries(new double[] {1, 2}, new double[] {0, Double.NaN}, filled, "fill");
        ArrayTimeSeries copy = ArrayTimeSeries.copyOf(new ThreeMethodSeries(new double[] {1, 2}, new double[] {3, 4}));
        assertSeries(new double[] {1, 2}, new double[] {3, 4}, copy, "copyOf");
        assertSame(copy, ArrayTimeSeries.copyOf(copy));
        assertEquals(0, ArrayTimeSeries.empty().size());
        assertSame(ArrayTimeSeries.empty(), ArrayTimeSeries.of(new double[0], new double[0]));
    }
}
