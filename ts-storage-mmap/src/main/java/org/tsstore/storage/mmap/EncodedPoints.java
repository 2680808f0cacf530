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
     * The blocks a record's points (or a chain's, in order) carry.
     *
     * @throws CorruptDataException if the framing is broken (a block's length runs past the data)
     */
    static List<byte[]> blocks(SizedContainerTimeSeries points) throws CorruptDataException {
        int n = points.size();
        double[] t = new double[n];
        double[] v = new double[n];
        points.copyTimes(0, t, 0, n);
        points.copyValues(0, v, 0, n);
        ByteBuffer data = ByteBuffer.allocate(16 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            data.putLong(Double.doubleToRawLongBits(t[i])).putLong(Double.doubleToRawLongBits(v[i]));
        }
        return BlockFrames.parse(data.array(), data.capacity());
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
