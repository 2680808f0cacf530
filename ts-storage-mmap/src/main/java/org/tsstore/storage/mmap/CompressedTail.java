package org.tsstore.storage.mmap;

import java.util.List;
import java.util.function.Supplier;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.codec.BlockFormat;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.backend.CorruptDataException;

/**
 * What a compressed store keeps of a series it writes to, so that an append reads back at most the series' open
 * blocks (those after its last full one), and those only when it completes a block: the size and last time,
 * the first point of the open blocks and where their frames start in the chain's payload, and the payload's
 * units. {@link #append} decides the record an append writes (FORMAT.md, "Compressed stores").
 *
 * @param size the number of points
 * @param last the last time, NaN for an empty series
 * @param open the first point of the open blocks ({@code size} if there are none)
 * @param openByte the payload byte where the first open block's frame starts (or past the last frame)
 * @param units the units of the chain's payload
 */
record CompressedTail(int size, double last, int open, long openByte, int units) {

    /** An append's record, and the tail it leaves. */
    record Write(EncodedPoints record, CompressedTail after) {}

    /** The tail of a series as a store record of {@code points} leaves it. */
    static Write stored(ArrayTimeSeries points) {
        List<byte[]> blocks = encode(points.times(), points.values(), points.size());
        EncodedPoints record = EncodedPoints.of(blocks);
        return new Write(record, after(0, points.size(), lastOf(points), 0, blocks, 0, record));
    }

    /** The tail of a stored series, from its blocks' index over {@code units} units. */
    static CompressedTail of(CompressedBlocks b, int units) {
        int n = b.count();
        int first = b.firstOpen();
        return new CompressedTail(b.size(), n == 0 ? Double.NaN : b.lastTime(n - 1), b.start(first),
                b.frameStart(first), units);
    }

    /**
     * The record appending {@code points} to this tail writes: while the open blocks and they stay under a full
     * block, the points as a raw entry if they are few, else their own blocks; otherwise a cut entry to the open blocks' first point and their points and the new
     * ones re-encoded, read from {@code chain} (the stored series' payload) only then.
     *
     * @throws StorageException naming the id and the block, if an open block to re-encode is damaged
     */
    Write append(String id, ArrayTimeSeries points, Supplier<SizedContainerTimeSeries> chain) {
        int openPoints = size - open;
        if (openPoints + points.size() < BlockFormat.BLOCK_POINTS && points.size() < EncodedPoints.RAW_BELOW) {
            EncodedPoints record = EncodedPoints.raw(points.times(), points.values(), points.size());
            return new Write(record, new CompressedTail(size + points.size(), lastOf(points), open,
                    openPoints > 0 ? openByte : 16L * units, units + record.size()));
        }
        if (openPoints == 0 || openPoints + points.size() < BlockFormat.BLOCK_POINTS) {
            List<byte[]> blocks = encode(points.times(), points.values(), points.size());
            EncodedPoints record = EncodedPoints.of(blocks);
            if (openPoints > 0) {
                return new Write(record, new CompressedTail(size + points.size(), lastOf(points), open, openByte,
                        units + record.size()));
            }
            return new Write(record, after(size, points.size(), lastOf(points), 16L * units, blocks, 0, record));
        }
        int n = openPoints + points.size();
        double[] times = new double[n];
        double[] values = new double[n];
        try {
            CompressedBlocks run = CompressedBlocks.index(chain.get(), openByte, open);
            if (run.size() != openPoints) {
                throw new CorruptDataException("its open blocks from point " + open + " hold " + run.size()
                        + " points, not " + openPoints);
            }
            CompressedSeries s = new CompressedSeries(id, run);
            s.copyTimes(0, times, 0, openPoints);
            s.copyValues(0, values, 0, openPoints);
        } catch (CorruptDataException e) {
            throw new StorageException("cannot append to " + SeriesIds.quote(id) + ": it is damaged: "
                    + e.getMessage(), e);
        }
        System.arraycopy(points.times(), 0, times, openPoints, points.size());
        System.arraycopy(points.values(), 0, values, openPoints, points.size());
        List<byte[]> blocks = encode(times, values, n);
        EncodedPoints record = EncodedPoints.cut(open, blocks);
        return new Write(record, after(open, n, lastOf(points), 16L * units, blocks, EncodedPoints.CUT_BYTES, record));
    }

    private static List<byte[]> encode(double[] times, double[] values, int n) {
        return BlockFormat.encodeAll(times, values, 0, n);
    }

    private static double lastOf(ArrayTimeSeries points) {
        return points.isEmpty() ? Double.NaN : points.time(points.size() - 1);
    }

    /**
     * The tail after a record whose blocks (as {@link BlockFormat#encodeAll} makes them: full but the last) hold
     * {@code count} points from point {@code first} on and start at byte {@code lead} of the record, itself at
     * payload byte {@code base}: its full blocks close, the rest is open.
     */
    private static CompressedTail after(int first, int count, double last, long base, List<byte[]> blocks,
            int lead, EncodedPoints record) {
        int full = count / BlockFormat.BLOCK_POINTS;
        long frame = base + lead;
        for (int b = 0; b < full; b++) {
            frame += 4 + ((blocks.get(b).length + 3) & ~3);
        }
        return new CompressedTail(first + count, last, first + full * BlockFormat.BLOCK_POINTS, frame,
                (int) (base / 16) + record.size());
    }
}
