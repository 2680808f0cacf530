package org.tsstore.storage.mmap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.codec.BlockFrames;
import org.tsstore.core.AbstractSizedContainerTimeSeries;
import org.tsstore.core.backend.Checksums;
import org.tsstore.core.backend.CorruptDataException;

/**
 * The data of a record in a compressed store (FORMAT.md, "Compressed stores"): ts-codec blocks framed by
 * {@link BlockFrames}, padded to a multiple of 16 bytes, optionally led by a cut entry (an append that
 * completes the open blocks re-encodes them, and the cut says which blocks it supersedes), or one raw entry
 * (a small append to the open blocks, its points' raw bits under a checksum). The record carries
 * these bytes as its points: point {@code i}'s time holds payload bytes {@code [16i, 16i + 8)} and its value
 * bytes {@code [16i + 8, 16i + 16)}, so that the log, its checksums, compaction's folding of a chain (the points
 * of its records in order) and repair move them as any points, and a folded chain is the concatenation of its
 * records' payloads. Also the one place that reads those bytes back out of a record's points. Immutable.
 */
final class EncodedPoints extends AbstractSizedContainerTimeSeries {

    /** The frame length that marks a cut entry; the u32 after it is the point count the series is cut to. */
    static final int CUT = 0xFFFFFFFF;
    /** The bytes of a cut entry: its mark and its point count. */
    static final int CUT_BYTES = 8;
    /** The frame length that marks a raw entry: a point count, the points' raw bits and a checksum follow. */
    static final int RAW = 0xFFFFFFFE;
    /**
     * Appends of fewer points than this to an open run are written as a raw entry, not encoded: the codec's
     * per-block cost (about half a microsecond, more than the write of a raw point) buys nothing on so few
     * points, which the append that completes the block re-encodes anyway.
     */
    static final int RAW_BELOW = 16;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

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
     * Frames blocks after a cut entry: a reader drops the series' blocks from point {@code cut} on (they must
     * start a block) before it reads these, which take their place.
     */
    static EncodedPoints cut(int cut, List<byte[]> blocks) {
        byte[] framed = BlockFrames.frame(blocks, 4);
        int length = (CUT_BYTES + framed.length + 15) & ~15;
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(CUT).putInt(cut).put(framed);
        return new EncodedPoints(b.array());
    }

    /** A record of one raw entry of points {@code [0, n)}: mark, count, times, values, CRC32C of all before it. */
    static EncodedPoints raw(double[] times, double[] values, int n) {
        ByteBuffer b = ByteBuffer.allocate((int) (rawBytes(n) + 15) & ~15).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(RAW).putInt(n);
        for (int i = 0; i < n; i++) {
            b.putLong(Double.doubleToRawLongBits(times[i]));
        }
        for (int i = 0; i < n; i++) {
            b.putLong(Double.doubleToRawLongBits(values[i]));
        }
        Checksums.writeFooter(b);
        return new EncodedPoints(b.array());
    }

    /** The bytes of a raw entry of {@code n} points. */
    static long rawBytes(long n) {
        return 12 + 16 * n;
    }

    /**
     * Checks a raw entry (its bytes from its mark) and copies its points.
     *
     * @param times receives the times, or {@code null} to skip them
     * @throws CorruptDataException naming the entry as block {@code index}, if its checksum or count is wrong
     */
    static int decodeRaw(byte[] entry, int index, double[] times, double[] values) throws CorruptDataException {
        ByteBuffer b = ByteBuffer.wrap(entry).order(ByteOrder.LITTLE_ENDIAN);
        try {
            Checksums.checkFooter(b, entry.length);
        } catch (CorruptDataException e) {
            throw new CorruptDataException("block " + index + " (raw points): " + e.getMessage());
        }
        int n = b.getInt(4);
        if (n < 1 || rawBytes(n) != entry.length) {
            throw new CorruptDataException("block " + index + " (raw points) of " + entry.length + " bytes claims "
                    + n + " points");
        }
        for (int i = 0; i < n; i++) {
            if (times != null) {
                times[i] = Double.longBitsToDouble(b.getLong(8 + 8 * i));
            }
            values[i] = Double.longBitsToDouble(b.getLong(8 + 8 * (n + i)));
        }
        return n;
    }

    /** The u32 at a 4-aligned byte offset of a record's (or a chain's) payload, little-endian. */
    static int u32(SizedContainerTimeSeries points, long offset) {
        int unit = (int) (offset >>> 4);
        int within = (int) (offset & 15);
        double word = within < 8 ? points.time(unit) : points.value(unit);
        return (int) (Double.doubleToRawLongBits(word) >>> (8 * (within & 7)));
    }

    /** The u64 at a 4-aligned byte offset of a payload, little-endian. */
    static long u64(SizedContainerTimeSeries points, long offset) {
        return Integer.toUnsignedLong(u32(points, offset)) | ((long) u32(points, offset + 4) << 32);
    }

    /** Copies {@code dst.length} payload bytes from a 4-aligned offset: the units they lie in, copied in bulk. */
    static void copy(SizedContainerTimeSeries points, long offset, byte[] dst) {
        if (dst.length == 0) {
            return;
        }
        int first = (int) (offset >>> 4);
        int last = (int) ((offset + dst.length - 1) >>> 4);
        int n = last - first + 1;
        double[] t = new double[n];
        double[] v = new double[n];
        points.copyTimes(first, t, 0, n);
        points.copyValues(first, v, 0, n);
        byte[] units = new byte[16 * n];
        for (int i = 0; i < n; i++) {
            LONGS.set(units, 16 * i, Double.doubleToRawLongBits(t[i]));
            LONGS.set(units, 16 * i + 8, Double.doubleToRawLongBits(v[i]));
        }
        System.arraycopy(units, (int) (offset - 16L * first), dst, 0, dst.length);
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
