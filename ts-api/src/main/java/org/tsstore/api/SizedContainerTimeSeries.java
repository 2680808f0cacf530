package org.tsstore.api;

import java.util.NoSuchElementException;

/**
 * A finite time series with random access by index, arithmetic and statistics.
 *
 * <p>Times are finite and strictly increasing; values are any {@code double}, with {@code NaN} marking a
 * missing value (see {@link SeriesRules}). The series is immutable: every operation returns a new series
 * and leaves this one as it was, so implementations may share their storage (heap arrays, a cache entry,
 * a memory-mapped file) with any number of readers.
 *
 * <h2>Equality</h2>
 * Like {@link java.util.List}, equality is by content and holds across implementations: two series are
 * equal when they have the same size and, at every index, times and values equal as {@link Double#equals}
 * compares them ({@code NaN} equals {@code NaN}, {@code -0.0} differs from {@code 0.0}). The hash code is
 * defined as
 * <pre>{@code
 * int h = 1;
 * for (int i = 0; i < size(); i++) {
 *     h = 31 * h + Double.hashCode(time(i));
 *     h = 31 * h + Double.hashCode(value(i));
 * }
 * }</pre>
 * so that equal series have equal hash codes whatever their implementation.
 *
 * <h2>Lazy arithmetic</h2>
 * The element-wise operations ({@link #plus(SizedContainerTimeSeries)}, {@link #minus(SizedContainerTimeSeries)},
 * {@link #multipliedBy(SizedContainerTimeSeries)}, their scalar forms, {@link #negated()} and {@link #abs()})
 * may return a view that computes each value on access from its operands, which it holds (in
 * {@code org.tsstore.core} they do). A reduction over such a view ({@link #mean()}, {@link #std()},
 * {@link #skippingNaN()}, ...) is one fused pass over the operands; a chain read point by point costs one
 * pass per read of the whole chain. To compute once and keep the result, copy it to the heap
 * ({@code ArrayTimeSeries.copyOf}) or store it. A view over a memory-mapped series obeys that series'
 * lifetime. Equality, hashing and immutability are those of any other series. {@link #interpolate} and
 * {@link #followedBy} compute their points when called (laziness would buy nothing: each point is computed once
 * anyway); {@link #slice} gives the points in its range, a view of shared memory or a copy.
 *
 * <p>Implementations normally extend {@code org.tsstore.core.AbstractSizedContainerTimeSeries}, which
 * implements every operation over {@link #size()}, {@link #time(int)} and {@link #value(int)}.
 */
public interface SizedContainerTimeSeries extends TimeSeries {

    /**
     * The number of points.
     *
     * @return the number of points, zero for the empty series
     */
    int size();

    /**
     * Whether the series has no points.
     *
     * @return {@code true} when {@link #size()} is zero
     */
    boolean isEmpty();

    /**
     * The time at an index.
     *
     * @param index an index from 0 to {@code size() - 1}
     * @return the time at that index
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    double time(int index);

    /**
     * The value at an index.
     *
     * @param index an index from 0 to {@code size() - 1}
     * @return the value at that index
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    double value(int index);

    /**
     * A fresh copy of the times; changing the array does not change the series.
     *
     * @return a new array of {@link #size()} times
     */
    double[] times();

    /**
     * A fresh copy of the values; changing the array does not change the series.
     *
     * @return a new array of {@link #size()} values
     */
    double[] values();

    /**
     * Copies a run of times into an array: the bulk path that lets a backend encode or compare a series
     * without one call per point.
     *
     * @param from the index of the first time to copy
     * @param dst the destination array
     * @param offset where in {@code dst} the first time goes
     * @param length how many times to copy
     * @throws IndexOutOfBoundsException if either range is out of bounds
     */
    void copyTimes(int from, double[] dst, int offset, int length);

    /**
     * Copies a run of values into an array; see {@link #copyTimes}.
     *
     * @param from the index of the first value to copy
     * @param dst the destination array
     * @param offset where in {@code dst} the first value goes
     * @param length how many values to copy
     * @throws IndexOutOfBoundsException if either range is out of bounds
     */
    void copyValues(int from, double[] dst, int offset, int length);

    /**
     * Whether one of the points is at exactly this time (binary search).
     *
     * @param time the time to look for
     * @return {@code true} when some {@code time(i) == time}
     */
    boolean containsTime(double time);

    /**
     * Linear interpolation of the values at new times. Before the first time the first value is used,
     * after the last time the last value: the series is constant beyond either end.
     *
     * @param newTimes the times of the result, finite and strictly increasing
     * @return a new series with {@code newTimes} as its times
     * @throws IllegalArgumentException if {@code newTimes} breaks the {@link SeriesRules}
     * @throws IllegalStateException if this series is empty and {@code newTimes} is not
     */
    SizedContainerTimeSeries interpolate(double... newTimes);

    /**
     * This series followed by later points, as one series (numpy's {@code concatenate} of two series):
     * what {@link StorageManager#append} stores.
     *
     * @param later points whose first time is greater than this series' last time
     * @return a new series of {@code size() + later.size()} points; this series itself when {@code later} is
     *     empty
     * @throws IllegalArgumentException if the first time of {@code later} is not greater than the last time
     *     of this series, naming both, or if {@code later} breaks the {@link SeriesRules}
     */
    SizedContainerTimeSeries followedBy(SizedContainerTimeSeries later);

    /**
     * Point-wise sum with a series on the same times.
     *
     * @param other a series whose times are identical to these
     * @return a new series with these times and the summed values
     * @throws IllegalArgumentException naming the first index whose times differ, or the two sizes
     */
    SizedContainerTimeSeries plus(SizedContainerTimeSeries other);

    /**
     * Point-wise difference with a series on the same times.
     *
     * @param other a series whose times are identical to these
     * @return a new series with these times and {@code this.value(i) - other.value(i)}
     * @throws IllegalArgumentException naming the first index whose times differ, or the two sizes
     */
    SizedContainerTimeSeries minus(SizedContainerTimeSeries other);

    /**
     * Point-wise product with a series on the same times.
     *
     * @param other a series whose times are identical to these
     * @return a new series with these times and the multiplied values
     * @throws IllegalArgumentException naming the first index whose times differ, or the two sizes
     */
    SizedContainerTimeSeries multipliedBy(SizedContainerTimeSeries other);

    /**
     * Adds a constant to every value.
     *
     * @param scalar the constant
     * @return a new series with these times
     */
    SizedContainerTimeSeries plus(double scalar);

    /**
     * Subtracts a constant from every value.
     *
     * @param scalar the constant
     * @return a new series with these times
     */
    SizedContainerTimeSeries minus(double scalar);

    /**
     * Multiplies every value by a constant.
     *
     * @param scalar the constant
     * @return a new series with these times
     */
    SizedContainerTimeSeries multipliedBy(double scalar);

    /**
     * Negates every value.
     *
     * @return a new series with these times and {@code -value(i)}
     */
    SizedContainerTimeSeries negated();

    /**
     * The absolute value of every value.
     *
     * @return a new series with these times and {@code Math.abs(value(i))}
     */
    SizedContainerTimeSeries abs();

    /**
     * The arithmetic mean of the values, as numpy's {@code mean()}: {@code NaN} for the empty series and
     * when any value is {@code NaN}.
     *
     * @return the mean of the values
     */
    double mean();

    /**
     * The population standard deviation of the values (numpy's default, {@code ddof=0}): {@code NaN} for
     * the empty series and when any value is {@code NaN}.
     *
     * @return the standard deviation of the values
     */
    double std();

    /**
     * The standard deviation of the values with {@code size() - ddof} in the denominator, as numpy's
     * {@code std(ddof=ddof)}: {@code ddof=0} is {@link #std()}, {@code ddof=1} the sample standard deviation
     * (what the course this library descends from calls std). {@code NaN} when {@code size() - ddof} is not
     * positive and when any value is {@code NaN}.
     *
     * @param ddof the delta degrees of freedom, 0 or more
     * @return the standard deviation of the values
     * @throws IllegalArgumentException if {@code ddof} is negative
     */
    double std(int ddof);

    /**
     * The statistics of the values that are not {@code NaN} (numpy's {@code nanmean}, {@code nanstd},
     * {@code nanmin}, {@code nanmax}): a view whose every method is one fused pass over this series.
     *
     * @return the NaN-skipping statistics of this series
     */
    NanStatistics skippingNaN();

    /**
     * The least value; {@code NaN} when any value is {@code NaN}, as numpy's {@code min()}.
     *
     * @return the least value
     * @throws NoSuchElementException if the series is empty
     */
    double min();

    /**
     * The greatest value; {@code NaN} when any value is {@code NaN}, as numpy's {@code max()}.
     *
     * @return the greatest value
     * @throws NoSuchElementException if the series is empty
     */
    double max();

    /**
     * The points whose times lie in the half-open range {@code [fromTime, toTime)}, found by binary search.
     *
     * @param fromTime the least time included
     * @param toTime the least time excluded; at most {@code fromTime} gives the empty series
     * @return a series of the points in the range
     * @throws IllegalArgumentException if either bound is {@code NaN}
     */
    SizedContainerTimeSeries slice(double fromTime, double toTime);

    /**
     * Content equality across implementations; see the class documentation.
     *
     * @param other any object
     * @return {@code true} when {@code other} is a {@code SizedContainerTimeSeries} with the same points
     */
    @Override
    boolean equals(Object other);

    /**
     * The content hash defined in the class documentation.
     *
     * @return the hash code
     */
    @Override
    int hashCode();
}
