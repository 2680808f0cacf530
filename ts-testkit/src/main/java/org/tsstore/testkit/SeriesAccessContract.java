package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.tsstore.api.Point;
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * How a {@link SizedContainerTimeSeries} gives its points: {@code size()}, the points by index, fresh arrays
 * from {@code times()} and {@code values()}, bulk copies into the caller's arrays, iterators and streams in
 * time order and {@code containsTime}, each against the arrays the series was created from. An index or a
 * range out of bounds is refused with {@link IndexOutOfBoundsException}.
 */
public interface SeriesAccessContract extends SeriesContract {

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
}
