package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.tsstore.testkit.SeriesAssertions.assertArray;
import static org.tsstore.testkit.SeriesAssertions.assertHolds;
import static org.tsstore.testkit.SeriesAssertions.same;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * The series a {@link SizedContainerTimeSeries} derives over other times: {@code slice(from, to)} holds the
 * points with {@code from <= time < to}; {@code interpolate} returns the exact value at a time of the
 * series and beyond either end, and between two points {@code NaN} if either value is {@code NaN}, else
 * (for finite values) the linear interpolation within {@value SeriesContract#TOLERANCE} relative to the
 * larger of the two values; between an infinite value and another the result is unspecified. A
 * {@code NaN} bound or time is refused with {@link IllegalArgumentException}.
 */
public interface SeriesSlicingContract extends SeriesContract {

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
}
