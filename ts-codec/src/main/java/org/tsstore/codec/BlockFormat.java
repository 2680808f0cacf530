package org.tsstore.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tsstore.core.backend.Checksums;
import org.tsstore.core.backend.CorruptDataException;

/**
 * The encoded block, in one place. Little-endian:
 * <pre>
 *   0  u16   point count (1 to 1,024)
 *   2  u8    time scheme tag        ({@link TimeScheme#tag()})
 *   3  u8    value scheme tag       ({@link ValueScheme#tag()})
 *   4  u32   bit offset of the value section in the payload
 *   8  f64   first time (raw bits)
 *  16  f64   last time (raw bits)
 *  24  ...   payload: the time section (times after the first), then the value section (for the decimal scheme
 *              from the next multiple of 32 bits), zero-padded to a byte
 * end-4 u32  CRC-32C of every byte before it ({@link Checksums#writeFooter})
 * </pre>
 * The encoder tries each scheme and keeps the smallest, so no block is much larger than its raw 16 bytes a point.
 */
public final class BlockFormat {

    /** Points in every block but a series' last. */
    public static final int BLOCK_POINTS = 1024;

    /** Bytes of the fixed header before the payload. */
    public static final int HEADER_BYTES = 24;

    /** The smallest block: a header and a footer around an empty payload. */
    public static final int MIN_BLOCK_BYTES = HEADER_BYTES + Checksums.CHECKSUM_BYTES;

    /**
     * Blocks of fewer points skip the decimal scheme's search of 190 exponent pairs, which costs more than it
     * can save on a handful of values (an append of a few points; compaction re-encodes them into full blocks).
     */
    static final int DECIMAL_MIN_POINTS = 16;

    /** Each thread's decimal coder: its scratch arrays (29 KB) would otherwise be allocated per block. */
    private static final ThreadLocal<DecimalCoder> DECIMAL = ThreadLocal.withInitial(DecimalCoder::new);

    private BlockFormat() {}

    /**
     * Encodes points {@code [from, from + count)} of a pair of arrays as one block.
     *
     * @param times the times
     * @param values the values
     * @param from the first point
     * @param count how many, 1 to {@value #BLOCK_POINTS}
     * @return the block's bytes, checksum included
     * @throws IllegalArgumentException if {@code count} is out of range
     * @throws IndexOutOfBoundsException if the points are outside either array
     */
    public static byte[] encode(double[] times, double[] values, int from, int count) {
        Objects.requireNonNull(times, "times");
        Objects.requireNonNull(values, "values");
        if (count < 1 || count > BLOCK_POINTS) {
            throw new IllegalArgumentException("a block holds 1 to " + BLOCK_POINTS + " points, not " + count);
        }
        Objects.checkFromIndexSize(from, count, times.length);
        Objects.checkFromIndexSize(from, count, values.length);
        BitWriter timeBits = new BitWriter();
        TimeScheme ts = smallestTimes(times, from, count, timeBits);
        BitWriter valueBits = new BitWriter();
        ValueScheme vs = smallestValues(values, from, count, valueBits);
        timeBits.write(0, valuePadding(vs, timeBits.bitCount()));
        long valueOffset = timeBits.bitCount();
        timeBits.append(valueBits);
        int payload = timeBits.byteCount();
        byte[] block = new byte[HEADER_BYTES + payload + Checksums.CHECKSUM_BYTES];
        ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) count).put((byte) ts.tag()).put((byte) vs.tag()).putInt((int) valueOffset);
        b.putLong(Double.doubleToRawLongBits(times[from]));
        b.putLong(Double.doubleToRawLongBits(times[from + count - 1]));
        timeBits.copyTo(block, HEADER_BYTES);
        b.position(HEADER_BYTES + payload);
        Checksums.writeFooter(b);
        return block;
    }

    /**
     * Encodes points {@code [from, from + count)} as blocks of {@value #BLOCK_POINTS} points, the last fewer.
     *
     * @param times the times
     * @param values the values
     * @param from the first point
     * @param count how many (none gives no blocks)
     * @return the blocks in order
     * @throws IndexOutOfBoundsException if the points are outside either array
     */
    public static List<byte[]> encodeAll(double[] times, double[] values, int from, int count) {
        Objects.checkFromIndexSize(from, count, times.length);
        Objects.checkFromIndexSize(from, count, values.length);
        List<byte[]> blocks = new ArrayList<>(count / BLOCK_POINTS + 1);
        for (int at = from; at < from + count; at += BLOCK_POINTS) {
            blocks.add(encode(times, values, at, Math.min(BLOCK_POINTS, from + count - at)));
        }
        return blocks;
    }

    private static TimeScheme smallestTimes(double[] t, int from, int n, BitWriter out) {
        boolean integral = TimeCoder.integral(t, from, n);
        if (integral && TimeCoder.regular(t, from, n)) {
            TimeCoder.encode(TimeScheme.REGULAR_INTEGER, t, from, n, out);
            return TimeScheme.REGULAR_INTEGER;
        }
        TimeScheme dod = integral ? TimeScheme.DELTA_OF_DELTA_INTEGER : TimeScheme.DELTA_OF_DELTA_BITS;
        TimeCoder.encode(dod, t, from, n, out);
        if (out.bitCount() <= 64L * (n - 1)) {
            return dod;
        }
        out.reset();
        TimeCoder.encode(TimeScheme.RAW, t, from, n, out);
        return TimeScheme.RAW;
    }

    private static ValueScheme smallestValues(double[] v, int from, int n, BitWriter out) {
        BitWriter decimal = new BitWriter();
        boolean hasDecimal = n >= DECIMAL_MIN_POINTS && DECIMAL.get().encode(v, from, n, decimal);
        BitWriter xor = new BitWriter();
        XorCoder.encode(v, from, n, xor);
        long raw = 64L * n;
        if (hasDecimal && decimal.bitCount() <= xor.bitCount() && decimal.bitCount() <= raw) {
            out.append(decimal);
            return ValueScheme.DECIMAL;
        }
        if (xor.bitCount() <= raw) {
            out.append(xor);
            return ValueScheme.XOR;
        }
        for (int i = from; i < from + n; i++) {
            out.write(Double.doubleToRawLongBits(v[i]), 64);
        }
        return ValueScheme.RAW;
    }

    /**
     * Checks a block's checksum and reads its header.
     *
     * @param block the block's bytes
     * @param index the block's index in its series, for the message
     * @return the header
     * @throws CorruptDataException naming the block, if its checksum or a header field is wrong
     */
    public static BlockHeader header(byte[] block, int index) throws CorruptDataException {
        Objects.requireNonNull(block, "block");
        try {
            return readHeader(block);
        } catch (CorruptDataException e) {
            throw damaged(index, e);
        }
    }

    static BlockHeader readHeader(byte[] block) throws CorruptDataException {
        if (block.length < MIN_BLOCK_BYTES) {
            throw new CorruptDataException("too short for a block (" + block.length + " bytes, at least "
                    + MIN_BLOCK_BYTES + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        Checksums.checkFooter(b, block.length);
        int points = Short.toUnsignedInt(b.getShort(0));
        TimeScheme ts = TimeScheme.ofTag(block[2] & 0xFF);
        ValueScheme vs = ValueScheme.ofTag(block[3] & 0xFF);
        long valueOffset = Integer.toUnsignedLong(b.getInt(4));
        long payloadBits = 8L * (block.length - MIN_BLOCK_BYTES);
        if (points < 1 || points > BLOCK_POINTS || ts == null || vs == null || valueOffset > payloadBits) {
            throw new CorruptDataException("header out of range (" + points + " points, time tag " + (block[2] & 0xFF)
                    + ", value tag " + (block[3] & 0xFF) + ", value offset " + valueOffset + ")");
        }
        return new BlockHeader(points, Double.longBitsToDouble(b.getLong(8)), Double.longBitsToDouble(b.getLong(16)),
                ts, vs);
    }

    /**
     * The zero bits between the end of the time section at bit {@code timeEnd} and the value section: the
     * decimal scheme's section starts at a multiple of 32 bits (its full blocks' 32-bit units are then
     * aligned), the others right after the times; blocks of the legacy decimal tag had no padding.
     */
    static int valuePadding(ValueScheme scheme, long timeEnd) {
        return scheme == ValueScheme.DECIMAL ? DecimalLanes.padding(timeEnd) : 0;
    }

    static long valueOffset(byte[] block) {
        return Integer.toUnsignedLong(ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).getInt(4));
    }

    static CorruptDataException damaged(int index, CorruptDataException cause) {
        CorruptDataException e = new CorruptDataException("block " + index + ": " + cause.getMessage());
        e.initCause(cause);
        return e;
    }
}
