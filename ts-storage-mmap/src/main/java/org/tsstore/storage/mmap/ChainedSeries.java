package org.tsstore.storage.mmap;

import java.util.NoSuchElementException;
import java.util.Objects;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.AbstractSizedContainerTimeSeries;

/**
 * A read-only, zero-copy view of a series whose points lie in several records (a store record and its
 * extents): each record's points are read in place through its mapped view, nothing proportional to the
 * points is allocated. {@code time(i)} and {@code value(i)} find the record by a binary search over the
 * records' first indexes (O(log records)); range reads search the records by their first and last times,
 * then the one record. {@code min()} and {@code max()} run over the mapped memory, record by record;
 * {@code mean()} and {@code std()} are the base class's pairwise sums over the bulk {@link #copyValues}.
 * Views the points {@code [from, from + size)} of a chain whose records are mapped ({@link Extents#map()}).
 */
final class ChainedSeries extends AbstractSizedContainerTimeSeries {

    private final Extents chain;
    /** The index in the chain of this view's first point. */
    private final int from;
    private final int size;

    ChainedSeries(Extents chain, int from, int size) {
        this.chain = chain;
        this.from = from;
        this.size = size;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public double time(int index) {
        Objects.checkIndex(index, size);
        int g = from + index;
        int k = chain.recordOf(g);
        return chain.view(k).time(g - chain.start(k));
    }

    @Override
    public double value(int index) {
        Objects.checkIndex(index, size);
        int g = from + index;
        int k = chain.recordOf(g);
        return chain.view(k).value(g - chain.start(k));
    }

    @Override
    public void copyTimes(int start, double[] dst, int offset, int length) {
        copy(true, start, dst, offset, length);
    }

    @Override
    public void copyValues(int start, double[] dst, int offset, int length) {
        copy(false, start, dst, offset, length);
    }

    private void copy(boolean ofTimes, int start, double[] dst, int offset, int length) {
        Objects.checkFromIndexSize(start, length, size);
        Objects.checkFromIndexSize(offset, length, dst.length);
        if (length == 0) {
            return;
        }
        int g = from + start;
        int end = g + length;
        int out = offset;
        for (int k = chain.recordOf(g); g < end; k++) {
            int inRecord = g - chain.start(k);
            int run = Math.min(end - g, chain.points(k) - inRecord);
            MappedSeries part = chain.view(k);
            if (ofTimes) {
                part.copyTimes(inRecord, dst, out, run);
            } else {
                part.copyValues(inRecord, dst, out, run);
            }
            g += run;
            out += run;
        }
    }

    /** The first index whose time is at least {@code t}: records by their last time, then within one. */
    @Override
    protected int lowerBound(double t) {
        if (size == 0) {
            return 0;
        }
        int first = chain.recordOf(from);
        int last = chain.recordOf(from + size - 1);
        int lo = first;
        int hi = last + 1;
        while (lo < hi) { // the first record whose last time is at least t
            int mid = (lo + hi) >>> 1;
            MappedSeries part = chain.view(mid);
            if (part.time(part.size() - 1) < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo > last) {
            return size;
        }
        MappedSeries part = chain.view(lo);
        int a = 0;
        int b = part.size();
        while (a < b) {
            int mid = (a + b) >>> 1;
            if (part.time(mid) < t) {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        long index = (long) chain.start(lo) + a - from;
        return (int) Math.max(0, Math.min(size, index));
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
        double m = greatest ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        int g = from;
        int end = from + size;
        for (int k = chain.recordOf(g); g < end; k++) {
            int inRecord = g - chain.start(k);
            int run = Math.min(end - g, chain.points(k) - inRecord);
            MappedSeries whole = chain.view(k);
            MappedSeries part = run == whole.size() ? whole : whole.sub(inRecord, inRecord + run);
            m = greatest ? Math.max(m, part.max()) : Math.min(m, part.min());
            g += run;
        }
        return m;
    }

    /** A view of the points {@code [start, end)}: no copy. */
    @Override
    protected SizedContainerTimeSeries subSeries(int start, int end) {
        Objects.checkFromToIndex(start, end, size);
        return new ChainedSeries(chain, from + start, end - start);
    }
}
