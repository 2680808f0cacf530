package org.tsstore.core;

/**
 * The mean and standard deviation (any degrees of freedom) of the values seen so far, updated one value at
 * a time by Welford's algorithm, which stays accurate where the one-pass sum of squares cancels catastrophically.
 * Mutable and confined to one iterator.
 *
 * <p>Non-finite values follow numpy's answers for the whole prefix: the mean is the infinity seen (NaN
 * once a NaN or both infinities are seen) and the standard deviation is NaN. Welford's update alone would
 * turn {@code [Infinity, 1]} into a NaN mean, so non-finite values are summed apart.
 */
final class RunningMoments {

    private long count;
    private double mean;
    private double squaredDeviations;
    private boolean nonFiniteSeen;
    /** The sum of the non-finite values: an infinity, or NaN. */
    private double nonFiniteSum;

    /** Takes one more value into account. */
    void add(double value) {
        count++;
        if (!Double.isFinite(value)) {
            nonFiniteSeen = true;
            nonFiniteSum += value;
            return;
        }
        double delta = value - mean;
        mean += delta / count;
        squaredDeviations += delta * (value - mean);
    }

    /** The mean of the values so far; NaN before the first. */
    double mean() {
        if (count == 0) {
            return Double.NaN;
        }
        return nonFiniteSeen ? nonFiniteSum : mean;
    }

    /** The population standard deviation of the values so far ({@code ddof=0}); NaN before the first. */
    double std() {
        return std(0);
    }

    /**
     * The standard deviation of the values so far with {@code count - ddof} in the denominator; NaN while
     * that is not positive and once a non-finite value is seen.
     */
    double std(int ddof) {
        if (count - ddof <= 0 || nonFiniteSeen) {
            return Double.NaN;
        }
        return Math.sqrt(squaredDeviations / (count - ddof));
    }
}
