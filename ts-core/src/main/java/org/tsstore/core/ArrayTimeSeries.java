package org.tsstore.core;

import java.util.Objects;
import org.tsstore.api.SeriesRules;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.backend.Sums;

/**
 * The immutable series on the heap: two {@code double[]} arrays that no one else can reach.
 *
 * <p>{@link #of(double[], double[])} checks the {@link SeriesRules} and copies the arrays, so that the
 * caller's later changes do not reach the series. Code that produces fresh arrays (a decoder, an
 * arithmetic result) hands them over with {@link #fill} and avoids the copy.
 */
public final class ArrayTimeSeries extends AbstractSizedContainerTimeSeries {

    private static final ArrayTimeSeries EMPTY = new ArrayTimeSeries(new double[0], new double[0]);

    private final double[] times;
    private final double[] values;

    private ArrayTimeSeries(double[] times, double[] values) {
        this.times = times;
        this.values = values;
    }

    /**
     * Wraps arrays that nothing else references; the caller must have checked the rules.
     * The one place that skips both the check and the copy.
     */
    static ArrayTimeSeries own(double[] times, double[] values) {
        return times.length == 0 ? EMPTY : new ArrayTimeSeries(times, values);
    }

    /**
     * The empty series.
     *
     * @return the shared empty series
     */
    public static ArrayTimeSeries empty() {
        return EMPTY;
    }

    /**
     * A series of copies of the given arrays, checked against the {@link SeriesRules}.
     *
     * @param times the times, finite and strictly increasing
     * @param values the values, as many as times
     * @return the series
     * @throws IllegalArgumentException naming the first index (or the lengths) that breaks a rule
     */
    public static ArrayTimeSeries of(double[] times, double[] values) {
        SeriesRules.check(times, values);
        return own(times.clone(), values.clone());
    }

    /**
     * A heap copy of any series, read once through its bulk accessors and checked against the rules
     * (a foreign implementation is not trusted to obey them). Returns the argument itself when it is
     * already an {@code ArrayTimeSeries}.
     *
     * @param series the series
     * @return an equal {@code ArrayTimeSeries}
     * @throws IllegalArgumentException if the series breaks a rule or changes its size while read
     */
    public static ArrayTimeSeries copyOf(SizedContainerTimeSeries series) {
        Objects.requireNonNull(series, "series");
        if (series instanceof ArrayTimeSeries) {
            return (ArrayTimeSeries) series;
        }
        int n = series.size();
        if (n < 0) {
            throw new IllegalArgumentException("series reports a negative size: " + n);
        }
        double[] t = new double[n];
        double[] v = new double[n];
        try {
            series.copyTimes(0, t, 0, n);
            series.copyValues(0, v, 0, n);
        } catch (IndexOutOfBoundsException e) {
            // the series claimed more points than it could give: a liar, not a bug of ours
            throw new IllegalArgumentException("series " + series.getClass().getName() + " reports " + n
                    + " points but cannot give them all: " + e.getMessage(), e);
        }
        if (series.size() != n) {
            throw new IllegalArgumentException("series changed its size while read: " + n + " then " + series.size());
        }
        SeriesRules.check(t, v);
        return own(t, v);
    }

    /** Fills the fresh arrays of a new series. */
    @FunctionalInterface
    public interface Filler {
        /**
         * Writes every time and value.
         *
         * @param times a new array of the series' size, to be filled with its times
         * @param values a new array of the series' size, to be filled with its values
         */
        void fill(double[] times, double[] values);
    }

    /**
     * A series whose arrays are filled in place by a producer, for decoders that would otherwise
     * allocate arrays and then copy them: the one copy is the producer's own. The arrays are checked
     * against the {@link SeriesRules} afterwards; the producer must not keep them.
     *
     * @param size the number of points
     * @param filler writes the times and values into the arrays it is given
     * @return the series
     * @throws IllegalArgumentException if {@code size} is negative or the filled arrays break a rule
     */
    public static ArrayTimeSeries fill(int size, Filler filler) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        Objects.requireNonNull(filler, "filler");
        double[] t = new double[size];
        double[] v = new double[size];
        filler.fill(t, v);
        SeriesRules.check(t, v);
        return own(t, v);
    }

    @Override
    public int size() {
        return times.length;
    }

    @Override
    public double time(int index) {
        // Explicit, so that the message survives the JIT's omission of it for hot implicit exceptions.
        return times[Objects.checkIndex(index, times.length)];
    }

    @Override
    public double value(int index) {
        return values[Objects.checkIndex(index, values.length)];
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public void copyTimes(int from, double[] dst, int offset, int length) {
        Objects.checkFromIndexSize(from, length, times.length);
        Objects.checkFromIndexSize(offset, length, dst.length);
        System.arraycopy(times, from, dst, offset, length);
    }

    @Override
    public void copyValues(int from, double[] dst, int offset, int length) {
        Objects.checkFromIndexSize(from, length, values.length);
        Objects.checkFromIndexSize(offset, length, dst.length);
        System.arraycopy(values, from, dst, offset, length);
    }

    @Override
    public double mean() {
        return times.length == 0 ? Double.NaN : Sums.sum(values, 0, values.length) / values.length;
    }
}
