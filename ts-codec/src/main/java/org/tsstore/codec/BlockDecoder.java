package org.tsstore.codec;

import java.util.Objects;
import org.tsstore.core.backend.CorruptDataException;

/**
 * Decodes blocks into caller-owned arrays, keeping its scratch space between calls (so a scan allocates
 * nothing per block). Not safe for use by several threads at once: give each thread its own.
 */
public final class BlockDecoder {

    private final BitReader reader = new BitReader();
    private final DecimalCoder decimal = new DecimalCoder();

    /** Creates a decoder. */
    public BlockDecoder() {}

    /**
     * Checks a block and decodes its times and values into {@code times[0, n)} and {@code values[0, n)}.
     *
     * @param block the block's bytes
     * @param index the block's index in its series, for messages
     * @param times receives the times, at least {@value BlockFormat#BLOCK_POINTS} long or the block's count
     * @param values receives the values, as long
     * @return the number of points {@code n}
     * @throws CorruptDataException naming the block, if its checksum or its contents are wrong
     * @throws IllegalArgumentException if an array is shorter than the block's point count
     */
    public int decode(byte[] block, int index, double[] times, double[] values) throws CorruptDataException {
        Objects.requireNonNull(times, "times");
        BlockHeader h = checked(block, index, values);
        if (times.length < h.points()) {
            throw new IllegalArgumentException("times holds " + times.length + ", block " + index + " has "
                    + h.points() + " points");
        }
        try {
            reader.load(block, BlockFormat.HEADER_BYTES, block.length - BlockFormat.MIN_BLOCK_BYTES);
            TimeCoder.decode(h.timeScheme(), h.firstTime(), h.points(), reader, times);
            int tag = block[3] & 0xFF;
            long timeEnd = reader.position();
            long expected = timeEnd
                    + (tag == ValueScheme.LEGACY_DECIMAL_TAG ? 0 : BlockFormat.valuePadding(h.valueScheme(), timeEnd));
            if (expected != BlockFormat.valueOffset(block)) {
                throw new CorruptDataException("the time section ends at bit " + reader.position()
                        + ", the header says " + BlockFormat.valueOffset(block));
            }
            if (Double.doubleToRawLongBits(times[h.points() - 1]) != Double.doubleToRawLongBits(h.lastTime())) {
                throw new CorruptDataException("the last time decoded differs from the header's");
            }
            decodeValues(h, block[3] & 0xFF, BlockFormat.valueOffset(block), values);
        } catch (CorruptDataException e) {
            throw BlockFormat.damaged(index, e);
        }
        return h.points();
    }

    /**
     * Checks a block and decodes only its values into {@code values[0, n)}: the time section is skipped.
     *
     * @param block the block's bytes
     * @param index the block's index in its series, for messages
     * @param values receives the values
     * @return the number of points {@code n}
     * @throws CorruptDataException naming the block, if its checksum or its contents are wrong
     * @throws IllegalArgumentException if the array is shorter than the block's point count
     */
    public int decodeValues(byte[] block, int index, double[] values) throws CorruptDataException {
        BlockHeader h = checked(block, index, values);
        try {
            reader.load(block, BlockFormat.HEADER_BYTES, block.length - BlockFormat.MIN_BLOCK_BYTES);
            decodeValues(h, block[3] & 0xFF, BlockFormat.valueOffset(block), values);
        } catch (CorruptDataException e) {
            throw BlockFormat.damaged(index, e);
        }
        return h.points();
    }

    /**
     * Checks a block and decodes only its times into {@code times[0, n)}: the value section is not read (a time
     * lookup or a range search needs no values).
     *
     * @param block the block's bytes
     * @param index the block's index in its series, for messages
     * @param times receives the times
     * @return the number of points {@code n}
     * @throws CorruptDataException naming the block, if its checksum or its time section is wrong
     * @throws IllegalArgumentException if the array is shorter than the block's point count
     */
    public int decodeTimes(byte[] block, int index, double[] times) throws CorruptDataException {
        BlockHeader h = checked(block, index, times);
        try {
            reader.load(block, BlockFormat.HEADER_BYTES, block.length - BlockFormat.MIN_BLOCK_BYTES);
            TimeCoder.decode(h.timeScheme(), h.firstTime(), h.points(), reader, times);
            if (Double.doubleToRawLongBits(times[h.points() - 1]) != Double.doubleToRawLongBits(h.lastTime())) {
                throw new CorruptDataException("the last time decoded differs from the header's");
            }
        } catch (CorruptDataException e) {
            throw BlockFormat.damaged(index, e);
        }
        return h.points();
    }

    private BlockHeader checked(byte[] block, int index, double[] into) throws CorruptDataException {
        Objects.requireNonNull(into, "values");
        BlockHeader h = BlockFormat.header(block, index);
        if (into.length < h.points()) {
            throw new IllegalArgumentException("the array holds " + into.length + ", block " + index + " has "
                    + h.points() + " points");
        }
        return h;
    }

    private void decodeValues(BlockHeader h, int tag, long valueOffset, double[] values) throws CorruptDataException {
        reader.seek(valueOffset);
        int n = h.points();
        switch (h.valueScheme()) {
            case RAW:
                for (int i = 0; i < n; i++) {
                    values[i] = Double.longBitsToDouble(reader.read(64));
                }
                break;
            case XOR:
                XorCoder.decode(reader, n, values);
                break;
            default:
                decimal.decode(reader, n, values, tag != ValueScheme.LEGACY_DECIMAL_TAG);
                break;
        }
    }
}
