package org.tsstore.storage.mmap;

import java.util.Arrays;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.codec.BlockFormat;
import org.tsstore.core.backend.CorruptDataException;

/**
 * The live blocks of a compressed series, found by a walk over the frames of its records' payload (FORMAT.md,
 * "Compressed stores") that reads each frame's length and each block's point count and time bounds from its
 * header, and nothing else: O(blocks), no block copied, decoded or checksummed. The headers' fields are read
 * before their block's checksum is checked (that happens at the block's first decode), so a damaged field is
 * caught by the block's checksum when the block is decoded (and by the record's data checksum, checked on a
 * record's first read with {@code verifyReads}); the walk refuses fields no block can hold (a point count out of
 * range, time bounds out of order within a block or against the block before). A cut entry drops the blocks from
 * its point on (the open blocks an append re-encoded). Immutable.
 */
final class CompressedBlocks {

    private final SizedContainerTimeSeries units;
    private long[] offsets = new long[4];
    private int[] lengths = new int[4];
    private int[] starts = new int[5];
    private double[] firstTimes = new double[4];
    private double[] lastTimes = new double[4];
    private boolean[] raw = new boolean[4];
    private int count;
    private int superseded;

    private CompressedBlocks(SizedContainerTimeSeries units) {
        this.units = units;
    }

    /**
     * Indexes the blocks of a record's points (or a chain's, in order).
     *
     * @throws CorruptDataException if the framing is broken: a frame running past the data, a block too short
     *     for its header or with a point count out of range, a cut that is not at a block boundary
     */
    static CompressedBlocks index(SizedContainerTimeSeries units) throws CorruptDataException {
        return index(units, 0, 0);
    }

    /**
     * Indexes the blocks framed from payload byte {@code from} on (a frame's start), the first of which is point
     * {@code first} of the series: the series' points from {@code first} on, as their own series (indexes from 0).
     *
     * @throws CorruptDataException as {@link #index(SizedContainerTimeSeries)}
     */
    static CompressedBlocks index(SizedContainerTimeSeries units, long from, int first) throws CorruptDataException {
        CompressedBlocks b = new CompressedBlocks(units);
        b.walk(from, 16L * units.size(), first);
        return b;
    }

    private void walk(long from, long length, int first) throws CorruptDataException {
        long at = from;
        while (at + 4 <= length) {
            int frame = EncodedPoints.u32(units, at);
            at += 4;
            if (frame == 0) {
                continue;
            }
            if (frame == EncodedPoints.CUT) {
                if (at + 4 > length) {
                    throw new CorruptDataException("a cut entry at byte " + (at - 4) + " runs past the data");
                }
                cut(Integer.toUnsignedLong(EncodedPoints.u32(units, at)) - first, at - 4);
                at += 4;
                continue;
            }
            if (frame == EncodedPoints.RAW) {
                at = rawEntry(at - 4, length);
                continue;
            }
            long n = Integer.toUnsignedLong(frame);
            if (n > length - at || n < BlockFormat.MIN_BLOCK_BYTES) {
                throw new CorruptDataException("block " + count + " framed at byte " + (at - 4) + " claims " + n
                        + " bytes (at least " + BlockFormat.MIN_BLOCK_BYTES + ", at most the " + (length - at)
                        + " left)");
            }
            int points = EncodedPoints.u32(units, at) & 0xFFFF;
            if (points < 1 || points > BlockFormat.BLOCK_POINTS || starts[count] > Integer.MAX_VALUE - points) {
                throw new CorruptDataException("block " + count + " at byte " + at + " claims " + points + " points");
            }
            add(at, (int) n, points, EncodedPoints.u64(units, at + 8), EncodedPoints.u64(units, at + 16), false);
            at += (n + 3) & ~3L;
        }
    }

    /** Indexes the raw entry whose mark is at byte {@code mark}; returns the byte after it. */
    private long rawEntry(long mark, long length) throws CorruptDataException {
        long points = mark + 8 <= length ? Integer.toUnsignedLong(EncodedPoints.u32(units, mark + 4)) : 0;
        long bytes = EncodedPoints.rawBytes(points);
        if (points < 1 || points >= BlockFormat.BLOCK_POINTS || bytes > length - mark
                || starts[count] > Integer.MAX_VALUE - points) {
            throw new CorruptDataException("block " + count + " (raw points) at byte " + mark + " claims " + points
                    + " points, in the " + (length - mark) + " bytes left");
        }
        add(mark, (int) bytes, (int) points, EncodedPoints.u64(units, mark + 8),
                EncodedPoints.u64(units, mark + 8 + 8 * (points - 1)), true);
        return mark + bytes;
    }

    private void add(long offset, int length, int points, long firstBits, long lastBits, boolean rawPoints)
            throws CorruptDataException {
        double first = Double.longBitsToDouble(firstBits);
        double last = Double.longBitsToDouble(lastBits);
        if (!(points == 1 ? first == last : first < last) || (count > 0 && !(lastTimes[count - 1] < first))) {
            throw new CorruptDataException("block " + count + " at byte " + offset + " claims " + points
                    + " points from time " + first + " to " + last + (count > 0 ? ", after a block ending at "
                    + lastTimes[count - 1] : "") + ": times are out of order");
        }
        if (count == offsets.length) {
            int c = 2 * count;
            offsets = Arrays.copyOf(offsets, c);
            lengths = Arrays.copyOf(lengths, c);
            starts = Arrays.copyOf(starts, c + 1);
            firstTimes = Arrays.copyOf(firstTimes, c);
            lastTimes = Arrays.copyOf(lastTimes, c);
            raw = Arrays.copyOf(raw, c);
        }
        raw[count] = rawPoints;
        offsets[count] = offset;
        lengths[count] = length;
        firstTimes[count] = first;
        lastTimes[count] = last;
        starts[count + 1] = starts[count] + points;
        count++;
    }

    /** Drops the blocks from point {@code point} on, which must start one of them (or be the end). */
    private void cut(long point, long at) throws CorruptDataException {
        int k = count;
        while (k > 0 && starts[k] > point) {
            k--;
        }
        if (starts[k] != point) {
            throw new CorruptDataException("a cut entry at byte " + at + " cuts the series to " + point
                    + " points, not at a block boundary (the blocks before it hold " + starts[count] + ")");
        }
        superseded += count - k;
        count = k;
    }

    /** The number of points in the live blocks. */
    int size() {
        return starts[count];
    }

    /** The number of live blocks. */
    int count() {
        return count;
    }

    /** How many blocks cut entries superseded (compaction re-encodes a series that has any). */
    int superseded() {
        return superseded;
    }

    /** The index in the series of block {@code b}'s first point. */
    int start(int b) {
        return starts[b];
    }

    /** The number of points of block {@code b}. */
    int points(int b) {
        return starts[b + 1] - starts[b];
    }

    /** The first time of block {@code b}, as its header says. */
    double firstTime(int b) {
        return firstTimes[b];
    }

    /** The last time of block {@code b}, as its header says. */
    double lastTime(int b) {
        return lastTimes[b];
    }

    /** The block holding point {@code i} (0 to {@code size() - 1}). */
    int blockOf(int i) {
        int k = Arrays.binarySearch(starts, 0, count, i); // the starts rise strictly: every block has a point
        return k >= 0 ? k : -k - 2;
    }

    /** The first block whose last time is at least {@code t} ({@link #count()} if none). */
    int firstEndingAtOrAfter(double t) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (lastTimes[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first of the open blocks (those after the last full one); {@link #count()} if there are none. */
    int firstOpen() {
        int k = count;
        while (k > 0 && points(k - 1) < BlockFormat.BLOCK_POINTS) {
            k--;
        }
        return k;
    }

    /** The payload byte where block {@code b}'s frame starts, or where the next frame would for {@link #count()}. */
    long frameStart(int b) {
        return b < count ? (raw[b] ? offsets[b] : offsets[b] - 4) : 16L * units.size();
    }

    /** Whether block {@code b} is a raw entry ({@link EncodedPoints#decodeRaw}), not a ts-codec block. */
    boolean raw(int b) {
        return raw[b];
    }

    /** A copy of block {@code b}'s bytes (a raw entry's from its mark), unchecked (its decoder checks it). */
    byte[] bytes(int b) {
        byte[] block = new byte[lengths[b]];
        EncodedPoints.copy(units, offsets[b], block);
        return block;
    }
}
