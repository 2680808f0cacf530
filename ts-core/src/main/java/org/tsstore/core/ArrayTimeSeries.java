package org.tsstore.core;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.tsstore.api.SeriesRules;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.backend.Sums;

/**
 * The immutable series on the heap: two {@code double[]} arrays that no one else can reach.
 *
 * <p>{@link #of(double[], double[])} checks the {@link SeriesRules} and copies the arrays, so that the
 * caller's later changes do not reach the series. Code that produces fresh arrays (a decoder, an
 * arithmetic result) hands them over with {@link #fill} and avoids the copy. A series may be a run of
 * larger arrays that no one changes inside the run: {@link #slice} returns such views, without a copy.
 */
public final class ArrayTimeSeries extends AbstractSizedContainerTimeSeries {

    private static final ArrayTimeSeries EMPTY = new ArrayTimeSeries(new double[0], new double[0], 0, 0);

    /** The first piece read by {@link #copyOf}; later pieces double, so a liar's claim allocates nothing. */
    private static final int FIRST_PIECE = 1 << 16;

    private final double[] times;
    private final double[] values;
    private final int offset;
    private final int size;

    private ArrayTimeSeries(double[] times, double[] values, int offset, int size) {
        this.times = times;
        this.values = values;
        this.offset = offset;
        this.size = size;
    }

    /**
     * Wraps arrays that nothing else references; the caller must have checked the rules.
     * The one place that skips both the check and the copy.
     */
    static ArrayTimeSeries own(double[] times, double[] values) {
        return times.length == 0 ? EMPTY : new ArrayTimeSeries(times, values, 0, times.length);
    }

    /**
     * A view of {@code [offset, offset + size)} of arrays whose points in that run never change; the caller
     * must have checked the rules for that run.
     */
    static ArrayTimeSeries view(double[] times, double[] values, int offset, int size) {
        Objects.checkFromIndexSize(offset, size, times.length);
        Objects.checkFromIndexSize(offset, size, values.length);
        return size == 0 ? EMPTY : new ArrayTimeSeries(times, values, offset, size);
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
     * <p>The points are read in pieces that double in size, so a series that claims more points than it
     * gives is refused after allocating about twice what it gave, never what it claimed.
     *
     * @param series the series
     * @return an immutable heap series equal to it
     * @throws IllegalArgumentException if the series breaks a rule, reports a negative size, or claims
     *     more points than it gives; whatever else its accessors throw comes back as it was thrown
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
        double[] t = new double[Math.min(n, FIRST_PIECE)];
        double[] v = new double[t.length];
        int read = 0;
        while (read < n) {
            if (read == t.length) {
                int grown = (int) Math.min(n, 2L * t.length);
                t = Arrays.copyOf(t, grown);
                v = Arrays.copyOf(v, grown);
            }
            int length = t.length - read;
            try {
                series.copyTimes(read, t, read, length);
                series.copyValues(read, v, read, length);
            } catch (IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("series " + series.getClass().getName() + " reports " + n
                        + " points but cannot give the points from index " + read + ": " + e.getMessage(), e);
            }
            // checked piece by piece: a series that claims more than it gives is refused before the next growth
            SeriesRules.checkTimes(t, read, read + length);
            read += length;
        }
        if (series.size() != n) {
            throw new IllegalArgumentException("series changed its size while read: " + n + " then " + series.size());
        }
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
        return size;
    }

    @Override
    public double time(int index) {
        // Explicit, so that the message survives the JIT's omission of it for hot implicit exceptions.
        return times[offset + Objects.checkIndex(index, size)];
    }

    @Override
    public double value(int index) {
        return values[offset + Objects.checkIndex(index, size)];
    }

    @Override
    public double[] times() {
        return Arrays.copyOfRange(times, offset, offset + size);
    }

    @Override
    public double[] values() {
        return Arrays.copyOfRange(values, offset, offset + size);
    }

    @Override
    public void copyTimes(int from, double[] dst, int offset, int length) {
        Objects.checkFromIndexSize(from, length, size);
        Objects.checkFromIndexSize(offset, length, dst.length);
        System.arraycopy(times, this.offset + from, dst, offset, length);
    }

    @Override
    protected DoubleBuffer timesInPlace(int from, int length) {
        Objects.checkFromIndexSize(from, length, size);
        return DoubleBuffer.wrap(times, offset + from, length).slice().asReadOnlyBuffer();
    }

    @Override
    public void copyValues(int from, double[] dst, int offset, int length) {
        Objects.checkFromIndexSize(from, length, size);
        Objects.checkFromIndexSize(offset, length, dst.length);
        System.arraycopy(values, this.offset + from, dst, offset, length);
    }

    @Override
    public double mean() {
        return size == 0 ? Double.NaN : Sums.sum(values, offset, size) / size;
    }

    /** A view of the points {@code [from, to)}: no copy. */
    @Override
    protected SizedContainerTimeSeries subSeries(int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        return view(times, values, offset + from, to - from);
    }
}
