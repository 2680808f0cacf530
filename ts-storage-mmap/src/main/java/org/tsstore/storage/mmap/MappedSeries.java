package org.tsstore.storage.mmap;

import java.nio.DoubleBuffer;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PrimitiveIterator;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.AbstractSizedContainerTimeSeries;
import org.tsstore.core.backend.Sums;

/**
 * A read-only, zero-copy view of one stored series in the mapped segment: times and values are read in
 * place, nothing proportional to the series' length is allocated, and only the pages a caller reads are
 * touched. {@code mean()} is the pairwise kernel ({@link Sums}) over the window, {@code std()} the base class's
 * over the bulk {@link #copyValues}; {@code min()} and {@code max()} run over the mapped memory ({@link ValueRuns});
 * sub-series are views too.
 *
 * <p>Most series lie in one window ({@code single}); a series longer than a window stride spans several
 * ({@code parts}), each covering {@code 2^shift} doubles from its start.
 */
final class MappedSeries extends AbstractSizedContainerTimeSeries {

    private final int size;
    /** The window holding the whole series, or {@code null} when it spans several. */
    private final DoubleBuffer single;
    private final int singleTimes;
    private final int singleValues;
    /** The windows of a spanning series, part {@code p} starting at double {@code p << shift}. */
    private final DoubleBuffer[] parts;
    private final int shift;
    private final long times;
    private final long values;

    private MappedSeries(int size, DoubleBuffer single, int singleTimes, int singleValues, DoubleBuffer[] parts,
            int shift, long times, long values) {
        this.size = size;
        this.single = single;
        this.singleTimes = singleTimes;
        this.singleValues = singleValues;
        this.parts = parts;
        this.shift = shift;
        this.times = times;
        this.values = values;
    }

    /** The empty series. */
    static final MappedSeries EMPTY = single(DoubleBuffer.allocate(0).asReadOnlyBuffer(), 0, 0, 0);

    /** A view of a series inside one window, by double index of its first time and first value. */
    static MappedSeries single(DoubleBuffer window, int times, int values, int size) {
        return new MappedSeries(size, window, times, values, null, 0, 0, 0);
    }

    /** A view of a series spanning windows; indexes count doubles from the start of {@code parts[0]}. */
    static MappedSeries chunked(DoubleBuffer[] parts, int shift, long times, long values, int size) {
        return new MappedSeries(size, null, 0, 0, parts, shift, times, values);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public double time(int index) {
        Objects.checkIndex(index, size);
        return single != null ? single.get(singleTimes + index) : at(times + index);
    }

    @Override
    public double value(int index) {
        Objects.checkIndex(index, size);
        return single != null ? single.get(singleValues + index) : at(values + index);
    }

    private double at(long position) {
        return parts[(int) (position >>> shift)].get((int) (position & ((1L << shift) - 1)));
    }

    @Override
    public void copyTimes(int from, double[] dst, int offset, int length) {
        copy(true, from, dst, offset, length);
    }

    @Override
    public void copyValues(int from, double[] dst, int offset, int length) {
        copy(false, from, dst, offset, length);
    }

    /** The window itself when the run lies in one: the whole series in a single window, or one part. */
    @Override
    protected DoubleBuffer timesInPlace(int from, int length) {
        Objects.checkFromIndexSize(from, length, size);
        if (single != null) {
            return single.slice(singleTimes + from, length).asReadOnlyBuffer();
        }
        long position = times + from;
        int part = (int) (position >>> shift);
        int inPart = (int) (position & ((1L << shift) - 1));
        return inPart + (long) length <= 1L << shift ? parts[part].slice(inPart, length).asReadOnlyBuffer() : null;
    }

    private void copy(boolean ofTimes, int from, double[] dst, int offset, int length) {
        Objects.checkFromIndexSize(from, length, size);
        Objects.checkFromIndexSize(offset, length, dst.length);
        if (single != null) {
            single.get((ofTimes ? singleTimes : singleValues) + from, dst, offset, length);
            return;
        }
        long position = (ofTimes ? times : values) + from;
        long end = position + length;
        int out = offset;
        while (position < end) {
            int part = (int) (position >>> shift);
            int inPart = (int) (position & ((1L << shift) - 1));
            int run = (int) Math.min(end - position, (1L << shift) - inPart);
            parts[part].get(inPart, dst, out, run);
            position += run;
            out += run;
        }
    }

    @Override
    public PrimitiveIterator.OfDouble timeIterator() {
        return new PointIterator(true);
    }

    @Override
    public PrimitiveIterator.OfDouble valueIterator() {
        return new PointIterator(false);
    }

    /** Iterates times or values by index; says what ran out when it has. */
    private final class PointIterator implements PrimitiveIterator.OfDouble {
        private final boolean ofTimes;
        private int next;

        PointIterator(boolean ofTimes) {
            this.ofTimes = ofTimes;
        }

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public double nextDouble() {
            if (next >= size) {
                throw new NoSuchElementException("no " + (ofTimes ? "time" : "value") + " after the last of "
                        + size + " points");
            }
            int i = next++;
            return ofTimes ? time(i) : value(i);
        }
    }

    /** Walks the values in runs that each lie in one window, calling back per run (for min and max). */
    private interface RunVisitor {
        void visit(DoubleBuffer buffer, int from, int length);
    }

    private void forEachValueRun(RunVisitor visitor) {
        if (single != null) {
            visitor.visit(single, singleValues, size);
            return;
        }
        long position = values;
        long end = values + size;
        while (position < end) {
            int part = (int) (position >>> shift);
            int inPart = (int) (position & ((1L << shift) - 1));
            int run = (int) Math.min(end - position, (1L << shift) - inPart);
            visitor.visit(parts[part], inPart, run);
            position += run;
        }
    }

    /** The kernel over the mapping itself when the series lies in one window: the bits of any other path. */
    @Override
    public double mean() {
        return single != null ? Sums.mean(single, singleValues, size) : super.mean();
    }

    @Override
    public double min() {
        return extreme(false);
    }

    @Override
    public double max() {
        return extreme(true);
    }

    private double extreme(boolean greatest) {
        if (size == 0) {
            throw new NoSuchElementException((greatest ? "max()" : "min()") + " of an empty series");
        }
        double[] result = {greatest ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY};
        forEachValueRun((buffer, from, length) -> result[0] = greatest
                ? Math.max(result[0], ValueRuns.max(buffer, from, length))
                : Math.min(result[0], ValueRuns.min(buffer, from, length)));
        return result[0];
    }

    /** A view of the points {@code [from, to)}, for the chains of appended series. */
    MappedSeries sub(int from, int to) {
        return subSeries(from, to);
    }

    /** A view of the points {@code [from, to)}: no copy. */
    @Override
    protected MappedSeries subSeries(int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        int n = to - from;
        if (single != null) {
            return single(single, singleTimes + from, singleValues + from, n);
        }
        return chunked(parts, shift, times + from, values + from, n);
    }
}
