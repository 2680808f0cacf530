package org.tsstore.codec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tsstore.core.backend.CorruptDataException;
import org.tsstore.core.backend.Sums;

/**
 * Reads an encoded series point by point, by range and by reduction, decoding a block only when a request
 * touches it and keeping the last few decoded blocks in a small bounded cache. Opening checks every block's
 * checksum and indexes the headers, so a time lookup decodes only the block it lands in. Reductions run through
 * {@link Sums} over decoded blocks, never materialising the whole series, and give the same bits as over the
 * plain values. Thread-safe (the cache is guarded by the reader).
 */
public final class BlockReader {

    private final List<byte[]> blocks;
    private final int[] starts;
    private final double[] firstTimes;
    private final double[] lastTimes;
    private final int size;
    private final int capacity;
    private final BlockDecoder decoder = new BlockDecoder();
    private final Map<Integer, double[][]> cache;
    private long decoded;

    /**
     * Opens blocks for reading (the arrays are copied).
     *
     * @param blocks the blocks in order
     * @param cacheBlocks how many decoded blocks to keep, at least 1
     * @throws CorruptDataException naming the first block whose checksum or header is wrong
     * @throws IllegalArgumentException if {@code cacheBlocks} is below 1
     */
    public BlockReader(List<byte[]> blocks, int cacheBlocks) throws CorruptDataException {
        this(copy(blocks), cacheBlocks, 0);
    }

    /**
     * Opens an encoded series for reading.
     *
     * @param series the series
     * @param cacheBlocks how many decoded blocks to keep, at least 1
     * @return the reader
     * @throws CorruptDataException naming the first damaged block (opening checks every checksum)
     * @throws IllegalArgumentException if {@code cacheBlocks} is below 1
     */
    public static BlockReader of(EncodedSeries series, int cacheBlocks) throws CorruptDataException {
        return new BlockReader(series.shared(), cacheBlocks, 0);
    }

    /** Opens blocks the reader may keep without copying ({@code unused} only tells this from the public constructor). */
    private BlockReader(List<byte[]> blocks, int cacheBlocks, int unused) throws CorruptDataException {
        if (cacheBlocks < 1) {
            throw new IllegalArgumentException("cacheBlocks must be at least 1, not " + cacheBlocks);
        }
        this.blocks = blocks;
        this.capacity = cacheBlocks;
        this.starts = new int[blocks.size() + 1];
        this.firstTimes = new double[blocks.size()];
        this.lastTimes = new double[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            BlockHeader h = BlockFormat.header(blocks.get(i), i);
            starts[i + 1] = starts[i] + h.points();
            firstTimes[i] = h.firstTime();
            lastTimes[i] = h.lastTime();
        }
        this.size = starts[blocks.size()];
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, double[][]> eldest) {
                return size() > capacity;
            }
        };
    }

    private static List<byte[]> copy(List<byte[]> blocks) {
        Objects.requireNonNull(blocks, "blocks");
        List<byte[]> c = new ArrayList<>(blocks.size());
        for (byte[] b : blocks) {
            c.add(Objects.requireNonNull(b, "block").clone());
        }
        return c;
    }

    /**
     * The number of points.
     *
     * @return the point count
     */
    public int size() {
        return size;
    }

    /**
     * How many block decodes this reader has run (cache hits do not count), so a test can see what a request
     * touched.
     *
     * @return the count of decoded blocks
     */
    public synchronized long decodedBlocks() {
        return decoded;
    }

    /**
     * The time of point {@code i}.
     *
     * @param i the index
     * @return its time
     * @throws CorruptDataException naming the block, if the block holding it is damaged
     * @throws IndexOutOfBoundsException if {@code i} is not below {@link #size()}
     */
    public double time(int i) throws CorruptDataException {
        Objects.checkIndex(i, size);
        int b = blockOf(i);
        return block(b)[0][i - starts[b]];
    }

    /**
     * The value of point {@code i}.
     *
     * @param i the index
     * @return its value
     * @throws CorruptDataException naming the block, if the block holding it is damaged
     * @throws IndexOutOfBoundsException if {@code i} is not below {@link #size()}
     */
    public double value(int i) throws CorruptDataException {
        Objects.checkIndex(i, size);
        int b = blockOf(i);
        return block(b)[1][i - starts[b]];
    }

    /**
     * Copies points {@code [from, from + length)} into {@code times[0, length)} and {@code values[0, length)},
     * decoding only the blocks the range overlaps.
     *
     * @param from the first index
     * @param length how many points
     * @param times receives the times (may be null to skip them)
     * @param values receives the values (may be null to skip them)
     * @throws CorruptDataException naming the first damaged block the range overlaps
     * @throws IndexOutOfBoundsException if the range is outside the series or an array too short
     */
    public void read(int from, int length, double[] times, double[] values) throws CorruptDataException {
        Objects.checkFromIndexSize(from, length, size);
        int done = 0;
        while (done < length) {
            int i = from + done;
            int b = blockOf(i);
            int off = i - starts[b];
            int n = Math.min(length - done, starts[b + 1] - i);
            double[][] d = block(b);
            if (times != null) {
                System.arraycopy(d[0], off, times, done, n);
            }
            if (values != null) {
                System.arraycopy(d[1], off, values, done, n);
            }
            done += n;
        }
    }

    /**
     * Copies values {@code [from, from + length)} into {@code values[0, length)} for a scan: a block the range
     * covers whole has only its values decoded (its times are skipped), straight into the array when it starts
     * the range, and is not cached; partly covered blocks go through the cache as {@link #read} does.
     *
     * @param from the first index
     * @param length how many values
     * @param values receives them
     * @throws CorruptDataException naming the first damaged block the range overlaps
     * @throws IndexOutOfBoundsException if the range is outside the series or the array too short
     */
    public void readValues(int from, int length, double[] values) throws CorruptDataException {
        Objects.checkFromIndexSize(from, length, size);
        Objects.checkFromIndexSize(0, length, values.length);
        int done = 0;
        double[] scratch = null;
        while (done < length) {
            int i = from + done;
            int b = blockOf(i);
            int off = i - starts[b];
            int points = starts[b + 1] - starts[b];
            int n = Math.min(length - done, points - off);
            if (off == 0 && n == points) {
                if (done == 0) {
                    decodeValues(b, values);
                } else {
                    scratch = scratch == null ? new double[BlockFormat.BLOCK_POINTS] : scratch;
                    decodeValues(b, scratch);
                    System.arraycopy(scratch, 0, values, done, n);
                }
            } else {
                System.arraycopy(block(b)[1], off, values, done, n);
            }
            done += n;
        }
    }

    private synchronized void decodeValues(int b, double[] into) throws CorruptDataException {
        double[][] cached = cache.get(b);
        if (cached != null) {
            System.arraycopy(cached[1], 0, into, 0, cached[1].length);
            return;
        }
        decoded++;
        decoder.decodeValues(blocks.get(b), b, into);
    }

    /**
     * The first index whose time is at least {@code time} ({@link #size()} if none), for times in
     * nondecreasing order as a store keeps them; decodes at most the one block the answer lies in, and none
     * when the answer is a block's first point.
     *
     * @param time the time sought
     * @return the index
     * @throws CorruptDataException naming the block, if the block searched is damaged
     */
    public int ceilingIndex(double time) throws CorruptDataException {
        int lo = 0;
        int hi = lastTimes.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (lastTimes[mid] < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == lastTimes.length) {
            return size;
        }
        if (firstTimes[lo] >= time) {
            return starts[lo]; // the answer starts a block: nothing to decode
        }
        double[] t = block(lo)[0];
        int n = starts[lo + 1] - starts[lo];
        int k = 0;
        while (k < n && t[k] < time) {
            k++;
        }
        return starts[lo] + k;
    }

    /**
     * The pairwise sum of values {@code [from, from + length)}, equal to the bit to {@link Sums} over the
     * plain values.
     *
     * @param from the first index
     * @param length how many
     * @return the sum
     * @throws CorruptDataException naming the first damaged block the range overlaps
     * @throws IndexOutOfBoundsException if the range is outside the series
     */
    public double sum(int from, int length) throws CorruptDataException {
        Objects.checkFromIndexSize(from, length, size);
        Failure failure = new Failure();
        double s = Sums.sum(source(failure), from, length);
        failure.rethrow();
        return s;
    }

    /**
     * The mean of every value, as numpy's {@code mean()}; NaN for an empty series.
     *
     * @return the mean
     * @throws CorruptDataException naming the first damaged block
     */
    public double mean() throws CorruptDataException {
        Failure failure = new Failure();
        double m = Sums.mean(source(failure), size);
        failure.rethrow();
        return m;
    }

    /**
     * The standard deviation of every value, as numpy's {@code std(ddof=ddof)}.
     *
     * @param ddof the delta degrees of freedom
     * @return the standard deviation
     * @throws CorruptDataException naming the first damaged block
     * @throws IllegalArgumentException if {@code ddof} is negative
     */
    public double std(int ddof) throws CorruptDataException {
        Failure failure = new Failure();
        double s = Sums.std(source(failure), size, ddof);
        failure.rethrow();
        return s;
    }

    /**
     * Checks every block: its checksum and that it decodes.
     *
     * @throws CorruptDataException naming the first damaged block
     */
    public void verify() throws CorruptDataException {
        double[] t = new double[BlockFormat.BLOCK_POINTS];
        double[] v = new double[BlockFormat.BLOCK_POINTS];
        BlockDecoder d = new BlockDecoder();
        for (int i = 0; i < blocks.size(); i++) {
            d.decode(blocks.get(i), i, t, v);
        }
    }

    private Sums.Source source(Failure failure) {
        return (from, dst, length) -> {
            if (failure.error != null) {
                return;
            }
            try {
                readValues(from, length, dst);
            } catch (CorruptDataException e) {
                failure.error = e;
            }
        };
    }

    private int blockOf(int i) {
        int lo = 0;
        int hi = blocks.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= i) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private synchronized double[][] block(int b) throws CorruptDataException {
        double[][] d = cache.get(b);
        if (d == null) {
            int n = starts[b + 1] - starts[b];
            d = new double[][] {new double[n], new double[n]};
            decoded++;
            decoder.decode(blocks.get(b), b, d[0], d[1]);
            cache.put(b, d);
        }
        return d;
    }

    private static final class Failure {
        CorruptDataException error;

        void rethrow() throws CorruptDataException {
            if (error != null) {
                throw error;
            }
        }
    }
}
