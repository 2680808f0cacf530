package org.tsstore.api;

import java.util.NoSuchElementException;

/**
 * The statistics of a series' values that are not {@code NaN}: numpy's {@code nanmean}, {@code nanstd},
 * {@code nanmin} and {@code nanmax}, asked for in one way over any series with
 * {@link SizedContainerTimeSeries#skippingNaN()}.
 *
 * <p>A view, not a snapshot: it holds no results, and each method is one pass over the series' values (two
 * for the deviations), fused with whatever computes them, allocating nothing in proportion to the length.
 * The series being immutable, the answers never change; a view of a memory-mapped series obeys that series'
 * lifetime.
 */
public interface NanStatistics {

    /**
     * How many values are not {@code NaN}.
     *
     * @return the count, from 0 to the series' size
     */
    int count();

    /**
     * The mean of the values that are not {@code NaN}, as numpy's {@code nanmean}: {@code NaN} when there are
     * none.
     *
     * @return the mean
     */
    double mean();

    /**
     * The population standard deviation ({@code ddof=0}, numpy's default) of the values that are not
     * {@code NaN}, as numpy's {@code nanstd}: {@code NaN} when there are none.
     *
     * @return the standard deviation
     */
    double std();

    /**
     * The standard deviation of the values that are not {@code NaN} with {@code count() - ddof} in the
     * denominator, as numpy's {@code nanstd(ddof=ddof)}: {@code NaN} when that is not positive.
     *
     * @param ddof the delta degrees of freedom: 0 for the population, 1 for the sample deviation
     * @return the standard deviation
     * @throws IllegalArgumentException if {@code ddof} is negative
     */
    double std(int ddof);

    /**
     * The least value that is not {@code NaN}, as numpy's {@code nanmin}: {@code NaN} when every value is.
     *
     * @return the least value
     * @throws NoSuchElementException if the series is empty
     */
    double min();

    /**
     * The greatest value that is not {@code NaN}, as numpy's {@code nanmax}: {@code NaN} when every value is.
     *
     * @return the greatest value
     * @throws NoSuchElementException if the series is empty
     */
    double max();
}
