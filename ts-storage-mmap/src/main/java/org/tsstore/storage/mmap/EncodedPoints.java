package org.tsstore.storage.mmap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.codec.BlockFrames;
import org.tsstore.core.AbstractSizedContainerTimeSeries;
import org.tsstore.core.backend.CorruptDataException;

/**
 * The data of a record in a compressed store (FORMAT.md, "Compressed stores"): ts-codec blocks framed by
 * {@link BlockFrames}, padded to a multiple of 16 bytes. The
 * record carries these bytes as its points: point {@code i}'s time holds payload bytes {@code [16i, 16i + 8)}
 * and its value bytes {@code [16i + 8, 16i + 16)}, so that the log, its checksums, compaction's folding of a
 * chain (the points of its records in order) and repair move them as any points, and a folded chain is the
 * concatenation of its records' payloads. Immutable.
 */
final class EncodedPoints extends AbstractSizedContainerTimeSeries {

    private final ByteBuffer payload;
    private final int units;

    private EncodedPoints(byte[] payload) {
        this.payload = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        this.units = payload.length / 16;
    }

    /** Frames blocks as a record's points. */
    static EncodedPoints of(List<byte[]> blocks) {
        return new EncodedPoints(BlockFrames.frame(blocks, 16));
    }

    /**
     * The blocks a record's points (or a chain's, in order) carry whose time bounds meet {@code [fromTime,
     * toTime)} (all of them for infinite bounds), read in place: only the kept blocks are copied.
     *
     * @throws CorruptDataException if the framing is broken (a block's length runs past the data)
     */
    static List<byte[]> blocks(SizedContainerTimeSeries points, double fromTime, double toTime)
            throws CorruptDataException {
        return BlockFrames.parse(source(points), 16L * points.size(), fromTime, toTime);
    }

    /** The payload of a record's points as framed bytes: unit {@code i} is bytes {@code [16i, 16i + 16)}. */
    private static BlockFrames.Source source(SizedContainerTimeSeries points) {
        return new BlockFrames.Source() {
            @Override
            public int u32(long offset) {
                int unit = (int) (offset >>> 4);
                int within = (int) (offset & 15);
                double word = within < 8 ? points.time(unit) : points.value(unit);
                return (int) (Double.doubleToRawLongBits(word) >>> (8 * (within & 7)));
            }

            @Override
            public void copy(long offset, byte[] dst) {
                int first = (int) (offset >>> 4);
                int last = (int) ((offset + dst.length - 1) >>> 4);
                int n = last - first + 1;
                double[] t = new double[n];
                double[] v = new double[n];
                points.copyTimes(first, t, 0, n);
                points.copyValues(first, v, 0, n);
                ByteBuffer units = ByteBuffer.allocate(16 * n).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) {
                    units.putLong(Double.doubleToRawLongBits(t[i])).putLong(Double.doubleToRawLongBits(v[i]));
                }
                System.arraycopy(units.array(), (int) (offset - 16L * first), dst, 0, dst.length);
            }
        };
    }

    /** The record's points: 16 bytes of payload each. */
    @Override
    public int size() {
        return units;
    }

    /** The payload's bytes {@code [16i, 16i + 8)} as a double's bits. */
    @Override
    public double time(int index) {
        Objects.checkIndex(index, units);
        return Double.longBitsToDouble(payload.getLong(16 * index));
    }

    /** The payload's bytes {@code [16i + 8, 16i + 16)} as a double's bits. */
    @Override
    public double value(int index) {
        Objects.checkIndex(index, units);
        return Double.longBitsToDouble(payload.getLong(16 * index + 8));
    }
}
