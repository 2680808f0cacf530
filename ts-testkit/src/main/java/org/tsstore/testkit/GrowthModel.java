package org.tsstore.testkit;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;

/**
 * The plain-array model of a growing series: concatenation, the half-open range by a linear scan (not the
 * binary search the code under test uses), and points that may be appended after a last time.
 */
final class GrowthModel {

    private GrowthModel() {}

    /** The model's times and values after {@code points} were appended to {@code series}. */
    static ArrayTimeSeries concat(SizedContainerTimeSeries series, SizedContainerTimeSeries points) {
        double[] times = Arrays.copyOf(series.times(), series.size() + points.size());
        double[] values = Arrays.copyOf(series.values(), series.size() + points.size());
        System.arraycopy(points.times(), 0, times, series.size(), points.size());
        System.arraycopy(points.values(), 0, values, series.size(), points.size());
        return ArrayTimeSeries.of(times, values);
    }

    /** The points of {@code series} with {@code from <= t < to}, found one by one. */
    static ArrayTimeSeries range(SizedContainerTimeSeries series, double from, double to) {
        double[] t = series.times();
        double[] v = series.values();
        int first = 0;
        while (first < t.length && !(t[first] >= from)) {
            first++;
        }
        int end = first;
        while (end < t.length && t[end] < to) {
            end++;
        }
        return ArrayTimeSeries.of(Arrays.copyOfRange(t, first, end), Arrays.copyOfRange(v, first, end));
    }

    /**
     * {@code n} points with times strictly after {@code last} (any time for {@code NaN}, meaning nothing
     * stored), random values; fewer when the doubles above {@code last} run out.
     */
    static ArrayTimeSeries after(double last, int n, SplittableRandom random) {
        double[] t = new double[n];
        double[] v = new double[n];
        double previous = last;
        int made = 0;
        for (int i = 0; i < n; i++) {
            double next;
            if (Double.isNaN(previous)) {
                next = random.nextInt(1000) - 500.0;
            } else {
                // a quarter of the steps are one ulp: adjacent doubles
                next = random.nextInt(4) == 0 ? Math.nextUp(previous) : previous + 1 + random.nextInt(1000) / 8.0;
                if (!(next > previous)) {
                    next = Math.nextUp(previous);
                }
            }
            if (!Double.isFinite(next)) {
                break;
            }
            t[made] = next;
            v[made] = random.nextInt(8) == 0 ? Double.NaN : random.nextDouble() * 200 - 100;
            previous = next;
            made++;
        }
        return ArrayTimeSeries.of(Arrays.copyOf(t, made), Arrays.copyOf(v, made));
    }

    /** The last time of a series, or {@code NaN} when it is empty. */
    static double lastTime(SizedContainerTimeSeries series) {
        return series.isEmpty() ? Double.NaN : series.time(series.size() - 1);
    }

    /**
     * Bounds worth reading a range with: both infinities, on points, just beside them, between two, outside
     * the series and at random.
     */
    static double bound(SizedContainerTimeSeries series, SplittableRandom random) {
        int n = series.size();
        switch (random.nextInt(n == 0 ? 2 : 7)) {
            case 0:
                return random.nextBoolean() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            case 1:
                return random.nextDouble() * 2e6 - 1e6;
            case 2:
                return series.time(random.nextInt(n));
            case 3:
                return Math.nextUp(series.time(random.nextInt(n)));
            case 4:
                return Math.nextDown(series.time(random.nextInt(n)));
            case 5: {
                int i = random.nextInt(n);
                double a = series.time(i);
                double b = i + 1 < n ? series.time(i + 1) : a + 1;
                return a + (b - a) / 2;
            }
            default:
                return random.nextBoolean() ? series.time(0) - 1 : series.time(n - 1) + 1;
        }
    }
}
