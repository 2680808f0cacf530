package org.tsstore.storage.redis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.codec.BlockFrames;
import org.tsstore.core.backend.Checksums;
import org.tsstore.core.backend.CorruptDataException;

/**
 * The bytes of a chunk: its points as (time, value) pairs of little-endian float64, nothing else, or, for a
 * compressed series, its points as ts-codec blocks of 1,024 points framed by {@link BlockFrames}; either way
 * an append extends the last chunk with Redis' {@code APPEND} (framed blocks concatenate) and a chunk's
 * checksum (kept in the pointer) is extended with {@link #crcCombine} without reading the chunk back.
 */
final class ChunkCodec {

    /** The reflected CRC32C (Castagnoli) polynomial. */
    private static final int POLY = 0x82F63B78;
    private static final int BLOCK = 4096;

    private ChunkCodec() {}

    /** The bytes of points {@code from <= i < from + count} of a series. */
    static byte[] encode(SizedContainerTimeSeries series, int from, int count) {
        ByteBuffer out = ByteBuffer.allocate(16 * count).order(ByteOrder.LITTLE_ENDIAN);
        double[] times = new double[Math.min(BLOCK, count)];
        double[] values = new double[times.length];
        for (int done = 0; done < count; done += times.length) {
            int n = Math.min(times.length, count - done);
            series.copyTimes(from + done, times, 0, n);
            series.copyValues(from + done, values, 0, n);
            for (int i = 0; i < n; i++) {
                out.putDouble(times[i]).putDouble(values[i]);
            }
        }
        return out.array();
    }

    /** The bytes of points {@code from <= i < from + count}, raw or as framed blocks. */
    static byte[] encode(SizedContainerTimeSeries series, int from, int count, boolean compressed) {
        if (!compressed) {
            return encode(series, from, count);
        }
        double[] times = new double[count];
        double[] values = new double[count];
        series.copyTimes(from, times, 0, count);
        series.copyValues(from, values, 0, count);
        return BlockFrames.encode(times, values, 0, count);
    }

    /**
     * Reads the points of a chunk value its entry names into {@code times} and {@code values} from index
     * {@code offset}: the first {@code 16 * points} bytes of raw points, or the first {@code bytes} of framed
     * blocks, each block checked.
     *
     * @throws CorruptDataException naming the block, if a block is damaged or they hold another number of points
     */
    static void decode(byte[] chunk, SeriesPointer.Chunk entry, boolean compressed, double[] times,
            double[] values, int offset) throws CorruptDataException {
        if (!compressed) {
            decode(chunk, entry.points(), times, values, offset);
            return;
        }
        double[] t = new double[entry.points()];
        double[] v = new double[entry.points()];
        int n;
        try {
            n = BlockFrames.decode(chunk, entry.bytes(), t, v, 0);
        } catch (IndexOutOfBoundsException e) {
            throw new CorruptDataException("its blocks hold more than the " + entry.points() + " points of its entry");
        }
        if (n != entry.points()) {
            throw new CorruptDataException("its blocks hold " + n + " points, its entry says " + entry.points());
        }
        System.arraycopy(t, 0, times, offset, n);
        System.arraycopy(v, 0, values, offset, n);
    }

    /**
     * Reads the first {@code count} points of a chunk value into {@code times} and {@code values} from
     * index {@code offset}.
     */
    static void decode(byte[] chunk, int count, double[] times, double[] values, int offset) {
        ByteBuffer in = ByteBuffer.wrap(chunk, 0, 16 * count).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            times[offset + i] = in.getDouble();
            values[offset + i] = in.getDouble();
        }
    }

    /** The CRC32C of {@code length} bytes of a chunk value from its start. */
    static int crc(byte[] chunk, int length) {
        return Checksums.crc32c(chunk, 0, length);
    }

    /**
     * The CRC32C of {@code a} followed by {@code b}, from the CRC32C of each and the length of {@code b}:
     * zlib's {@code crc32_combine}, which applies {@code lengthB} zero bytes to {@code crcA} by repeated
     * squaring of the CRC's shift operator over GF(2).
     */
    static int crcCombine(int crcA, int crcB, long lengthB) {
        if (lengthB <= 0) {
            return crcA;
        }
        int[] even = new int[32];
        int[] odd = new int[32];
        odd[0] = POLY; // the operator for one zero bit
        int row = 1;
        for (int n = 1; n < 32; n++) {
            odd[n] = row;
            row <<= 1;
        }
        square(even, odd); // two zero bits
        square(odd, even); // four zero bits
        long len = lengthB;
        int crc = crcA;
        do {
            square(even, odd); // first pass: one zero byte
            if ((len & 1) != 0) {
                crc = times(even, crc);
            }
            len >>>= 1;
            if (len == 0) {
                break;
            }
            square(odd, even);
            if ((len & 1) != 0) {
                crc = times(odd, crc);
            }
            len >>>= 1;
        } while (len != 0);
        return crc ^ crcB;
    }

    private static int times(int[] matrix, int vector) {
        int sum = 0;
        for (int i = 0; vector != 0; i++, vector >>>= 1) {
            if ((vector & 1) != 0) {
                sum ^= matrix[i];
            }
        }
        return sum;
    }

    private static void square(int[] square, int[] matrix) {
        for (int n = 0; n < 32; n++) {
            square[n] = times(matrix, matrix[n]);
        }
    }
}
