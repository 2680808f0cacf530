package org.tsstore.storage.mmap;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.codec.BlockDecoder;
import org.tsstore.codec.BlockFormat;
import org.tsstore.core.AbstractSizedContainerTimeSeries;
import org.tsstore.core.backend.CorruptDataException;
import org.tsstore.core.backend.Sums;

/**
 * A series of a compressed store, as {@link CompressedStore#get} returns it: a series like any other over the
 * blocks {@link CompressedBlocks} found, decoding lazily a block at a time (a small bounded cache of decoded
 * blocks). Opening reads only the frames and block headers; each block's checksum is checked by its decoder when
 * a read first touches it, before its values are used. Reductions run over decoded blocks without materialising
 * the series, and a slice decodes only the blocks it overlaps. A damaged block is a {@link StorageException}
 * naming the id and the block. Immutable as seen by callers and thread-safe (the cache is guarded by the series).
 */
final class CompressedSeries extends AbstractSizedContainerTimeSeries {

    /** Decoded blocks each series keeps. */
    static final int CACHED_BLOCKS = 4;

    /** Block decodes by every compressed series of this JVM (for tests: what a request decoded). */
    private static final LongAdder DECODES = new LongAdder();

    private final String id;
    private final CompressedBlocks blocks;
    private final BlockDecoder decoder = new BlockDecoder();
    private final Map<Integer, double[][]> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, double[][]> eldest) {
            return size() > CACHED_BLOCKS;
        }
    };
    private long decoded;
    /** The values of block {@link #valuesBlock}, decoded without its times for a scan (-1: none). */
    private final double[] scanValues = new double[BlockFormat.BLOCK_POINTS];
    private int valuesBlock = -1;

    CompressedSeries(String id, CompressedBlocks blocks) {
        this.id = id;
        this.blocks = blocks;
    }

    /** The number of live encoded blocks. */
    int blockCount() {
        return blocks.count();
    }

    /** The blocks this series reads. */
    CompressedBlocks blocks() {
        return blocks;
    }

    /** How many block decodes every compressed series of this JVM has run (for tests). */
    static long allDecodes() {
        return DECODES.sum();
    }

    /**
     * Decodes every block, checking its checksum and that it decodes.
     *
     * @throws StorageException naming the id and the first damaged block
     */
    void verify() {
        double[] t = new double[BlockFormat.BLOCK_POINTS];
        double[] v = new double[BlockFormat.BLOCK_POINTS];
        for (int b = 0; b < blocks.count(); b++) {
            decode(b, t, v);
        }
    }

    /** How many block decodes reads of this series have run, cache hits not counted (for tests). */
    synchronized long decodedBlocks() {
        return decoded;
    }

    @Override
    public int size() {
        return blocks.size();
    }

    @Override
    public double time(int index) {
        Objects.checkIndex(index, size());
        int b = blocks.blockOf(index);
        return block(b)[0][index - blocks.start(b)];
    }

    @Override
    public double value(int index) {
        Objects.checkIndex(index, size());
        int b = blocks.blockOf(index);
        return block(b)[1][index - blocks.start(b)];
    }

    @Override
    public void copyTimes(int from, double[] dst, int offset, int length) {
        copy(from, dst, offset, length, true);
    }

    @Override
    public void copyValues(int from, double[] dst, int offset, int length) {
        copy(from, dst, offset, length, false);
    }

    private void copy(int from, double[] dst, int offset, int length, boolean times) {
        Objects.checkFromIndexSize(from, length, size());
        Objects.checkFromIndexSize(offset, length, dst.length);
        int done = 0;
        while (done < length) {
            int i = from + done;
            int b = blocks.blockOf(i);
            int n = Math.min(length - done, blocks.start(b) + blocks.points(b) - i);
            System.arraycopy(block(b)[times ? 0 : 1], i - blocks.start(b), dst, offset + done, n);
            done += n;
        }
    }

    /**
     * Decodes values a block at a time into the kernel's buffer, times skipped: a block the range covers whole
     * is decoded straight into it (not cached), a partly covered one (the pairwise kernel's runs do not align
     * with blocks) into the last scanned block's values, so that a scan decodes each block once.
     */
    @Override
    protected Sums.Source valueSource() {
        double[] scratch = new double[BlockFormat.BLOCK_POINTS];
        return (from, dst, length) -> {
            Objects.checkFromIndexSize(from, length, size());
            int done = 0;
            while (done < length) {
                int i = from + done;
                int b = blocks.blockOf(i);
                int off = i - blocks.start(b);
                int points = blocks.points(b);
                int n = Math.min(length - done, points - off);
                if (off == 0 && n == points) {
                    double[] into = done == 0 ? dst : scratch;
                    decodeValues(b, into);
                    if (into != dst) {
                        System.arraycopy(scratch, 0, dst, done, n);
                    }
                } else {
                    copyScanned(b, off, dst, done, n);
                }
                done += n;
            }
        };
    }

    private synchronized void copyScanned(int b, int off, double[] dst, int at, int n) {
        double[][] cached = cache.get(b);
        if (cached != null) {
            System.arraycopy(cached[1], off, dst, at, n);
            return;
        }
        if (valuesBlock != b) {
            valuesBlock = -1;
            decodeValues(b, scanValues);
            valuesBlock = b;
        }
        System.arraycopy(scanValues, off, dst, at, n);
    }

    /** Finds the bounds in the block headers' times: decodes at most the blocks the bounds fall inside. */
    @Override
    public SizedContainerTimeSeries slice(double fromTime, double toTime) {
        if (Double.isNaN(fromTime) || Double.isNaN(toTime)) {
            throw new IllegalArgumentException("slice bounds must not be NaN: [" + fromTime + ", " + toTime + ")");
        }
        int lo = ceilingIndex(fromTime);
        int hi = toTime <= fromTime ? lo : ceilingIndex(toTime);
        return subSeries(lo, Math.max(lo, hi));
    }

    /** The first index whose time is at least {@code time}; decodes none when it starts a block, else one. */
    private int ceilingIndex(double time) {
        int b = blocks.firstEndingAtOrAfter(time);
        if (b == blocks.count()) {
            return size();
        }
        if (blocks.firstTime(b) >= time) {
            return blocks.start(b);
        }
        double[] t = block(b)[0];
        int k = 0;
        while (k < t.length && t[k] < time) {
            k++;
        }
        return blocks.start(b) + k;
    }

    private synchronized double[][] block(int b) {
        double[][] d = cache.get(b);
        if (d == null) {
            int n = blocks.points(b);
            d = new double[][] {new double[n], new double[n]};
            decode(b, d[0], d[1]);
            cache.put(b, d);
        }
        return d;
    }

    private synchronized void decodeValues(int b, double[] into) {
        double[][] cached = cache.get(b);
        if (cached != null || valuesBlock == b) {
            double[] v = cached != null ? cached[1] : scanValues;
            System.arraycopy(v, 0, into, 0, blocks.points(b));
            return;
        }
        count();
        try {
            byte[] bytes = blocks.bytes(b);
            checkPoints(b, blocks.raw(b) ? EncodedPoints.decodeRaw(bytes, b, null, into)
                    : decoder.decodeValues(bytes, b, into));
        } catch (CorruptDataException e) {
            throw damaged(e);
        }
    }

    private synchronized void decode(int b, double[] times, double[] values) {
        count();
        try {
            byte[] bytes = blocks.bytes(b);
            checkPoints(b, blocks.raw(b) ? EncodedPoints.decodeRaw(bytes, b, times, values)
                    : decoder.decode(bytes, b, times, values));
        } catch (CorruptDataException e) {
            throw damaged(e);
        }
    }

    private void count() {
        decoded++;
        DECODES.increment();
    }

    /** The decoded count, checked by the block's checksum, must be the one the index read from its header. */
    private void checkPoints(int b, int decodedPoints) throws CorruptDataException {
        if (decodedPoints != blocks.points(b)) {
            throw new CorruptDataException("block " + b + " decodes " + decodedPoints + " points, its index read "
                    + blocks.points(b));
        }
    }

    private StorageException damaged(CorruptDataException e) {
        return new StorageException("series " + SeriesIds.quote(id) + " is damaged: " + e.getMessage(), e);
    }
}
