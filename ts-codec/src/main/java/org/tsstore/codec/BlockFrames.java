package org.tsstore.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tsstore.core.backend.CorruptDataException;

/**
 * Blocks back to back in one byte string, as a backend stores them (an mmap record's data, a Redis chunk):
 * each block framed as a u32 length (at least 1), the block, and zero padding to 4 bytes; zero u32s are
 * padding and may stand between and after frames. So two framed strings concatenated are one framed string of
 * both's blocks (an append can extend a stored value in place), and padding to a multiple keeps the whole
 * aligned.
 */
public final class BlockFrames {

    private BlockFrames() {}

    /**
     * Frames blocks, zero-padded to a multiple of {@code multiple} bytes.
     *
     * @param blocks the blocks, in order
     * @param multiple the length's multiple, a positive multiple of 4
     * @return the framed bytes
     * @throws IllegalArgumentException if the framed bytes would not fit an array, or {@code multiple} is wrong
     */
    public static byte[] frame(List<byte[]> blocks, int multiple) {
        if (multiple < 4 || multiple % 4 != 0) {
            throw new IllegalArgumentException("frames pad to a positive multiple of 4, not " + multiple);
        }
        long bytes = 0;
        for (byte[] b : blocks) {
            bytes += 4 + align4(b.length);
        }
        long padded = (bytes + multiple - 1) / multiple * multiple;
        if (padded > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(padded + " bytes of framed blocks do not fit one array");
        }
        ByteBuffer out = ByteBuffer.allocate((int) padded).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] b : blocks) {
            out.putInt(b.length).put(b);
            out.position(out.position() + align4(b.length) - b.length);
        }
        return out.array();
    }

    /**
     * Encodes points {@code [from, from + count)} as blocks of {@value BlockFormat#BLOCK_POINTS} (the last fewer)
     * and frames them, without padding.
     *
     * @param times the times
     * @param values the values
     * @param from the first point
     * @param count how many
     * @return the framed blocks (empty for no points)
     * @throws IndexOutOfBoundsException if the points are outside either array
     */
    public static byte[] encode(double[] times, double[] values, int from, int count) {
        return frame(BlockFormat.encodeAll(times, values, from, count), 4);
    }

    /**
     * Framed bytes read where they lie (a mapping, a record's points) without copying them whole: a frame walk
     * reads each frame's length and each block's time bounds, and copies only the blocks it keeps.
     */
    public interface Source {
        /**
         * The u32 at a 4-aligned byte offset, little-endian.
         *
         * @param offset the byte offset, a multiple of 4
         * @return the value's 32 bits
         */
        int u32(long offset);

        /**
         * Copies bytes.
         *
         * @param offset the first byte's offset, a multiple of 4
         * @param dst receives {@code dst.length} bytes
         */
        void copy(long offset, byte[] dst);
    }

    /**
     * Splits the first {@code length} bytes of framed blocks into the blocks (not checked: a reader checks each).
     *
     * @param data the framed bytes
     * @param length how many of them to read
     * @return the blocks, in order
     * @throws CorruptDataException if a frame's length runs past {@code length}
     */
    public static List<byte[]> parse(byte[] data, int length) throws CorruptDataException {
        Objects.checkFromIndexSize(0, length, data.length);
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        Source source = new Source() {
            @Override
            public int u32(long offset) {
                return b.getInt((int) offset);
            }

            @Override
            public void copy(long offset, byte[] dst) {
                System.arraycopy(data, (int) offset, dst, 0, dst.length);
            }
        };
        return parse(source, length, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * The framed blocks whose time bounds (from their headers, unchecked: a reader checks each block it gets)
     * meet {@code [fromTime, toTime)}, copied; the others are skipped unread but for their frame length. With
     * infinite bounds, every block. For blocks in time order, as a backend keeps them, the result is a run.
     *
     * @param source the framed bytes
     * @param length how many bytes to walk
     * @param fromTime the least time wanted
     * @param toTime the least time not wanted
     * @return the blocks kept, in order
     * @throws CorruptDataException if a frame's length runs past {@code length}, or a kept block is too short
     *     for a header
     */
    public static List<byte[]> parse(Source source, long length, double fromTime, double toTime)
            throws CorruptDataException {
        boolean all = fromTime == Double.NEGATIVE_INFINITY && toTime == Double.POSITIVE_INFINITY;
        List<byte[]> blocks = new ArrayList<>();
        long at = 0;
        int index = 0;
        while (at + 4 <= length) {
            long n = Integer.toUnsignedLong(source.u32(at));
            at += 4;
            if (n == 0) {
                continue;
            }
            if (n > length - at) {
                throw new CorruptDataException("block " + index + " framed at byte " + (at - 4) + " claims "
                        + n + " bytes, past the end of the data (" + length + " bytes)");
            }
            boolean keep = all;
            if (!keep) {
                if (n < BlockFormat.MIN_BLOCK_BYTES) {
                    throw new CorruptDataException("block " + index + " framed at byte " + (at - 4) + " has only "
                            + n + " bytes");
                }
                double first = Double.longBitsToDouble(u64(source, at + 8));
                double last = Double.longBitsToDouble(u64(source, at + 16));
                keep = last >= fromTime && first < toTime;
            }
            if (keep) {
                byte[] block = new byte[(int) n];
                source.copy(at, block);
                blocks.add(block);
            }
            at += align4((int) n);
            index++;
        }
        return blocks;
    }

    private static long u64(Source source, long offset) {
        return Integer.toUnsignedLong(source.u32(offset)) | ((long) source.u32(offset + 4) << 32);
    }

    /**
     * Decodes every framed block in the first {@code length} bytes into {@code times} and {@code values} from
     * index {@code offset}, each block checked.
     *
     * @param data the framed bytes
     * @param length how many of them to read
     * @param times receives the times
     * @param values receives the values
     * @param offset the index of the first point in both arrays
     * @return the number of points decoded
     * @throws CorruptDataException naming the block, if a frame or a block is damaged
     * @throws IndexOutOfBoundsException if the points do not fit the arrays
     */
    public static int decode(byte[] data, int length, double[] times, double[] values, int offset)
            throws CorruptDataException {
        BlockDecoder decoder = new BlockDecoder();
        double[] t = new double[BlockFormat.BLOCK_POINTS];
        double[] v = new double[BlockFormat.BLOCK_POINTS];
        int at = offset;
        List<byte[]> blocks = parse(data, length);
        for (int i = 0; i < blocks.size(); i++) {
            int n = decoder.decode(blocks.get(i), i, t, v);
            System.arraycopy(t, 0, times, at, n);
            System.arraycopy(v, 0, values, at, n);
            at += n;
        }
        return at - offset;
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }
}
