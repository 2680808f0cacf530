package org.tsstore.api;

import java.util.Objects;

/**
 * The value rules every series obeys, checked in this one place.
 *
 * <ul>
 *   <li>times and values have the same length (zero is allowed: the empty series is valid);</li>
 *   <li>times are finite and strictly increasing;</li>
 *   <li>values are any {@code double}: {@code NaN} marks a missing value, infinities are allowed.</li>
 * </ul>
 */
public final class SeriesRules {

    private SeriesRules() {}

    /**
     * Checks a pair of arrays against the rules.
     *
     * @param times the times
     * @param values the values
     * @throws NullPointerException if either array is null
     * @throws IllegalArgumentException naming the first index that breaks a rule, or the two lengths
     */
    public static void check(double[] times, double[] values) {
        Objects.requireNonNull(times, "times");
        Objects.requireNonNull(values, "values");
        if (times.length != values.length) {
            throw new IllegalArgumentException(
                    "times and values differ in length: " + times.length + " times, " + values.length + " values");
        }
        checkTimes(times);
    }

    /**
     * Checks times alone: finite and strictly increasing.
     *
     * @param times the times
     * @throws NullPointerException if the array is null
     * @throws IllegalArgumentException naming the first index that breaks a rule
     */
    public static void checkTimes(double[] times) {
        checkTimes(times, 0, times.length);
    }

    /**
     * Checks the times from index {@code from} to index {@code to} (exclusive): each finite and greater than
     * the one before it, the time at {@code from - 1} included when there is one. For arrays filled piece by
     * piece, so that a series that gives less than it claims is refused before more is allocated for it.
     *
     * @param times the times
     * @param from the first index to check
     * @param to the index after the last one to check
     * @throws NullPointerException if the array is null
     * @throws IndexOutOfBoundsException if the range is not within the array
     * @throws IllegalArgumentException naming the first index that breaks a rule
     */
    public static void checkTimes(double[] times, int from, int to) {
        Objects.requireNonNull(times, "times");
        Objects.checkFromToIndex(from, to, times.length);
        double previous = from == 0 ? Double.NEGATIVE_INFINITY : times[from - 1];
        for (int i = from; i < to; i++) {
            double t = times[i];
            // One comparison catches NaN, infinities and disorder on the common path.
            if (!(t > previous) || t == Double.POSITIVE_INFINITY) {
                throw timeError(times, i);
            }
            previous = t;
        }
    }

    /** Points read at a time by {@link #check(SizedContainerTimeSeries)}. */
    private static final int PIECE = 4096;

    /**
     * Checks a series of any implementation against the rules, reading its times and values once through
     * the bulk accessors, in pieces of a few thousand points: a series that claims more points than it
     * gives, or throws while read, is refused without anything allocated in proportion to its claim.
     *
     * @param series the series
     * @return its number of points
     * @throws NullPointerException if the series is null
     * @throws IllegalArgumentException naming the first index that breaks a rule, or saying that the series
     *     claims more points than it gives (the accessor's exception is the cause)
     */
    public static int check(SizedContainerTimeSeries series) {
        Objects.requireNonNull(series, "series");
        int n = series.size();
        if (n < 0) {
            throw new IllegalArgumentException("a series of " + series.getClass().getName()
                    + " reports a negative size, " + n);
        }
        double[] piece = new double[Math.min(n, PIECE)];
        double previous = Double.NEGATIVE_INFINITY;
        for (int from = 0; from < n; from += PIECE) {
            int length = Math.min(PIECE, n - from);
            read(series, true, from, piece, length, n);
            for (int i = 0; i < length; i++) {
                double t = piece[i];
                if (!(t > previous) || t == Double.POSITIVE_INFINITY) {
                    if (!Double.isFinite(t)) {
                        throw new IllegalArgumentException("time at index " + (from + i) + " is not finite: " + t);
                    }
                    throw new IllegalArgumentException("times must be strictly increasing, but time at index "
                            + (from + i) + " (" + t + ") is not greater than time at index " + (from + i - 1)
                            + " (" + previous + ")");
                }
                previous = t;
            }
        }
        for (int from = 0; from < n; from += PIECE) {
            read(series, false, from, piece, Math.min(PIECE, n - from), n);
        }
        return n;
    }

    private static void read(SizedContainerTimeSeries series, boolean times, int from, double[] dst, int length,
            int claimed) {
        try {
            if (times) {
                series.copyTimes(from, dst, 0, length);
            } else {
                series.copyValues(from, dst, 0, length);
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a series of " + series.getClass().getName() + " reports "
                    + claimed + " points but cannot give the " + (times ? "times" : "values") + " from index "
                    + from + ": " + e, e);
        }
    }

    private static IllegalArgumentException timeError(double[] times, int i) {
        double t = times[i];
        if (!Double.isFinite(t)) {
            return new IllegalArgumentException("time at index " + i + " is not finite: " + t);
        }
        return new IllegalArgumentException("times must be strictly increasing, but time at index " + i
                + " (" + t + ") is not greater than time at index " + (i - 1) + " (" + times[i - 1] + ")");
    }
}
