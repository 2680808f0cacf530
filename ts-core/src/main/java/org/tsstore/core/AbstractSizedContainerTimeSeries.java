package org.tsstore.core;

import java.nio.DoubleBuffer;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PrimitiveIterator;
import org.tsstore.api.NanStatistics;
import org.tsstore.api.SeriesRules;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.backend.Sums;

/**
 * The skeleton of a {@link SizedContainerTimeSeries}: every operation implemented once, in primitive
 * loops, over three accessors, {@link #size()}, {@link #time(int)} and {@link #value(int)}.
 *
 * <p>A backend's view of its storage (a memory-mapped record, a decoded buffer, a formula) extends this
 * class and implements those three methods; it then has equality, hashing, arithmetic, statistics,
 * interpolation and slicing that agree with every other implementation. It overrides more only for
 * speed: the bulk {@link #copyTimes}/{@link #copyValues}, {@link #timesInPlace} over its own memory for the
 * time checks of arithmetic, or {@link #mean()} over its own memory.
 *
 * <p>Subclasses must be immutable: the answers of the three accessors never change. The element-wise
 * operations return lazy views ({@link ElementwiseSeries}) that compute on access and reduce in one fused
 * pass; {@link #interpolate}, {@link #followedBy} and {@link #slice} are eager (laziness buys nothing where
 * every result point is computed once anyway) and return {@link ArrayTimeSeries} on the heap.
 */
public abstract class AbstractSizedContainerTimeSeries implements SizedContainerTimeSeries {

    /** Points per chunk when a bulk copy feeds a loop; small enough to stay in the L1 cache. */
    private static final int CHUNK = 1024;

    /** For subclasses. */
    protected AbstractSizedContainerTimeSeries() {}

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public double[] times() {
        double[] out = new double[size()];
        copyTimes(0, out, 0, out.length);
        return out;
    }

    @Override
    public double[] values() {
        double[] out = new double[size()];
        copyValues(0, out, 0, out.length);
        return out;
    }

    @Override
    public void copyTimes(int from, double[] dst, int offset, int length) {
        Objects.checkFromIndexSize(from, length, size());
        Objects.checkFromIndexSize(offset, length, dst.length);
        for (int i = 0; i < length; i++) {
            dst[offset + i] = time(from + i);
        }
    }

    @Override
    public void copyValues(int from, double[] dst, int offset, int length) {
        Objects.checkFromIndexSize(from, length, size());
        Objects.checkFromIndexSize(offset, length, dst.length);
        for (int i = 0; i < length; i++) {
            dst[offset + i] = value(from + i);
        }
    }

    @Override
    public PrimitiveIterator.OfDouble timeIterator() {
        return new IndexIterator(true);
    }

    @Override
    public PrimitiveIterator.OfDouble valueIterator() {
        return new IndexIterator(false);
    }

    /**
     * The first index whose time is at least {@code t}, or {@link #size()} if there is none.
     *
     * @param t the time
     * @return the insertion point of {@code t}
     */
    protected int lowerBound(double t) {
        int lo = 0;
        int hi = size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (time(mid) < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public boolean containsTime(double time) {
        int i = lowerBound(time);
        return i < size() && time(i) == time;
    }

    @Override
    public SizedContainerTimeSeries interpolate(double... newTimes) {
        SeriesRules.checkTimes(newTimes);
        int n = size();
        double[] out = new double[newTimes.length];
        if (newTimes.length == 0) {
            return ArrayTimeSeries.own(newTimes.clone(), out);
        }
        if (n == 0) {
            throw new IllegalStateException("cannot interpolate an empty series at " + newTimes.length + " times");
        }
        double firstTime = time(0);
        double lastTime = time(n - 1);
        int j = 0; // newTimes increase, so the bracketing index only moves forward
        for (int k = 0; k < newTimes.length; k++) {
            double t = newTimes[k];
            if (t <= firstTime) {
                out[k] = value(0);
            } else if (t >= lastTime) {
                out[k] = value(n - 1);
            } else {
                while (time(j + 1) < t) {
                    j++;
                }
                double t0 = time(j);
                double t1 = time(j + 1);
                double v0 = value(j);
                double v1 = value(j + 1);
                out[k] = t == t1 ? v1 : v0 + (v1 - v0) * ((t - t0) / (t1 - t0));
            }
        }
        return ArrayTimeSeries.own(newTimes.clone(), out);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Eager: the result is a new heap series of both series' points; {@code later} is read once.
     */
    @Override
    public SizedContainerTimeSeries followedBy(SizedContainerTimeSeries later) {
        ArrayTimeSeries tail = ArrayTimeSeries.copyOf(Objects.requireNonNull(later, "later"));
        int n = size();
        int m = tail.size();
        if (m == 0) {
            return this;
        }
        if (n > 0 && !(tail.time(0) > time(n - 1))) {
            throw new IllegalArgumentException("the first later time, " + tail.time(0)
                    + ", is not greater than the last time, " + time(n - 1));
        }
        if ((long) n + m > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a series of " + n + " points followed by " + m
                    + " would exceed the largest series, " + (Integer.MAX_VALUE - 8) + " points");
        }
        double[] t = new double[n + m];
        double[] v = new double[n + m];
        copyTimes(0, t, 0, n);
        copyValues(0, v, 0, n);
        tail.copyTimes(0, t, n, m);
        tail.copyValues(0, v, n, m);
        return ArrayTimeSeries.own(t, v);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Lazy: a view that adds on access; the times are checked against {@code other}'s now, in one pass
     * that allocates nothing in proportion to the length.
     */
    @Override
    public SizedContainerTimeSeries plus(SizedContainerTimeSeries other) {
        return ElementwiseSeries.binary(this, other, ElementwiseSeries.Op.PLUS);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Lazy, as {@link #plus(SizedContainerTimeSeries)}.
     */
    @Override
    public SizedContainerTimeSeries minus(SizedContainerTimeSeries other) {
        return ElementwiseSeries.binary(this, other, ElementwiseSeries.Op.MINUS);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Lazy, as {@link #plus(SizedContainerTimeSeries)}.
     */
    @Override
    public SizedContainerTimeSeries multipliedBy(SizedContainerTimeSeries other) {
        return ElementwiseSeries.binary(this, other, ElementwiseSeries.Op.TIMES);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Lazy: a view that adds the constant on access.
     */
    @Override
    public SizedContainerTimeSeries plus(double scalar) {
        return ElementwiseSeries.scalar(this, ElementwiseSeries.Op.PLUS_SCALAR, scalar);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Lazy: a view that subtracts the constant on access.
     */
    @Override
    public SizedContainerTimeSeries minus(double scalar) {
        return ElementwiseSeries.scalar(this, ElementwiseSeries.Op.MINUS_SCALAR, scalar);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Lazy: a view that multiplies by the constant on access.
     */
    @Override
    public SizedContainerTimeSeries multipliedBy(double scalar) {
        return ElementwiseSeries.scalar(this, ElementwiseSeries.Op.TIMES_SCALAR, scalar);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Lazy: a view that negates on access.
     */
    @Override
    public SizedContainerTimeSeries negated() {
        return ElementwiseSeries.scalar(this, ElementwiseSeries.Op.NEGATE, 0.0);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Lazy: a view that takes the absolute value on access.
     */
    @Override
    public SizedContainerTimeSeries abs() {
        return ElementwiseSeries.scalar(this, ElementwiseSeries.Op.ABS, 0.0);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Numpy's pairwise sum ({@link Sums}) over {@link #valueSource()}: the same bits as numpy and as every
     * other series with these values.
     */
    @Override
    public double mean() {
        return Sums.mean(valueSource(), size());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Two passes as numpy's {@code std}: the mean, then the pairwise sum of squared deviations from it.
     */
    @Override
    public double std() {
        return std(0);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Two passes as numpy's {@code std(ddof=ddof)} over {@link #valueSource()}.
     */
    @Override
    public double std(int ddof) {
        return Sums.std(valueSource(), size(), ddof);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each method of the view is one pass (two for the deviations) over {@link #valueSource()}.
     */
    @Override
    public NanStatistics skippingNaN() {
        return new NanSkipping(this);
    }

    /**
     * The times {@code [from, from + length)} read in place, as a read-only buffer over this series' own
     * storage (position 0, limit {@code length}); {@code null}, the default, when they are not held in one
     * contiguous run. Lets the time check of {@link #plus(SizedContainerTimeSeries)} and its siblings compare
     * two series' stored times in bulk, without copying either.
     *
     * @param from the first index, with {@code [from, from + length)} inside the series
     * @param length how many
     * @return a buffer of exactly those times, or {@code null}
     */
    protected DoubleBuffer timesInPlace(int from, int length) {
        return null;
    }

    /**
     * The values as the summation kernel reads them, for one reduction: the default reads through
     * {@link #copyValues}; a view that computes its values returns a reader that computes them in runs of at
     * most {@link Sums#READ}, with buffers of its own, so that a reduction is one fused pass. Each call gives a
     * new source, usable for any number of passes by one thread.
     *
     * @return a source of {@link #size()} values
     */
    protected Sums.Source valueSource() {
        return this::copyValuesFromZero;
    }

    private void copyValuesFromZero(int from, double[] dst, int length) {
        copyValues(from, dst, 0, length);
    }

    @Override
    public double min() {
        int n = size();
        if (n == 0) {
            throw new NoSuchElementException("min() of an empty series");
        }
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = value(i);
            if (v != v) {
                return Double.NaN;
            }
            m = Math.min(m, v);
        }
        return m;
    }

    @Override
    public double max() {
        int n = size();
        if (n == 0) {
            throw new NoSuchElementException("max() of an empty series");
        }
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = value(i);
            if (v != v) {
                return Double.NaN;
            }
            m = Math.max(m, v);
        }
        return m;
    }

    @Override
    public SizedContainerTimeSeries slice(double fromTime, double toTime) {
        if (Double.isNaN(fromTime) || Double.isNaN(toTime)) {
            throw new IllegalArgumentException("slice bounds must not be NaN: [" + fromTime + ", " + toTime + ")");
        }
        int lo = lowerBound(fromTime);
        int hi = lowerBound(toTime);
        return subSeries(lo, Math.max(lo, hi));
    }

    /**
     * The points from index {@code from} (inclusive) to {@code to} (exclusive). The default copies them to
     * the heap; a view over shared immutable memory may return a view instead.
     *
     * @param from the first index
     * @param to one past the last index
     * @return the sub-series
     */
    protected SizedContainerTimeSeries subSeries(int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        double[] t = new double[to - from];
        double[] v = new double[to - from];
        copyTimes(from, t, 0, t.length);
        copyValues(from, v, 0, v.length);
        return ArrayTimeSeries.own(t, v);
    }

    @Override
    public boolean equals(Object other) {
        if (other == this) {
            return true;
        }
        if (!(other instanceof SizedContainerTimeSeries)) {
            return false;
        }
        SizedContainerTimeSeries that = (SizedContainerTimeSeries) other;
        int n = size();
        if (that.size() != n) {
            return false;
        }
        double[] a = new double[Math.min(n, CHUNK)];
        double[] b = new double[a.length];
        for (int from = 0; from < n; from += CHUNK) {
            int len = Math.min(CHUNK, n - from);
            copyTimes(from, a, 0, len);
            that.copyTimes(from, b, 0, len);
            if (!sameBits(a, b, len)) {
                return false;
            }
            copyValues(from, a, 0, len);
            that.copyValues(from, b, 0, len);
            if (!sameBits(a, b, len)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameBits(double[] a, double[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(b[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int n = size();
        int h = 1;
        for (int i = 0; i < n; i++) {
            h = 31 * h + Double.hashCode(time(i));
            h = 31 * h + Double.hashCode(value(i));
        }
        return h;
    }

    /**
     * The size and the first and last three points, for example
     * {@code ArrayTimeSeries[size=1000, (0.0, 1.5), (1.0, 2.5), (2.0, NaN), ..., (999.0, 4.0)]}.
     */
    @Override
    public String toString() {
        int n = size();
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append("[size=").append(n);
        int head = n <= 6 ? n : 3;
        for (int i = 0; i < head; i++) {
            appendPoint(sb, i);
        }
        if (n > 6) {
            sb.append(", ...");
            for (int i = n - 3; i < n; i++) {
                appendPoint(sb, i);
            }
        }
        return sb.append(']').toString();
    }

    private void appendPoint(StringBuilder sb, int i) {
        sb.append(", (").append(time(i)).append(", ").append(value(i)).append(')');
    }

    private final class IndexIterator implements PrimitiveIterator.OfDouble {
        private final boolean times;
        private final int end = size();
        private int next;

        IndexIterator(boolean times) {
            this.times = times;
        }

        @Override
        public boolean hasNext() {
            return next < end;
        }

        @Override
        public double nextDouble() {
            if (next >= end) {
                throw new NoSuchElementException("iterator past the last of " + end + " points");
            }
            int i = next++;
            return times ? time(i) : value(i);
        }
    }
}
