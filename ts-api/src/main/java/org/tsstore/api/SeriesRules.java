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
        Objects.requireNonNull(times, "times");
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < times.length; i++) {
            double t = times[i];
            // One comparison catches NaN, infinities and disorder on the common path.
            if (!(t > previous) || t == Double.POSITIVE_INFINITY) {
                throw timeError(times, i);
            }
            previous = t;
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
