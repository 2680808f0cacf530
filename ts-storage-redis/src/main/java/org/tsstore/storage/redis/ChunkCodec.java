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

    /** The polynomial 1 in the reflected bit order of the CRC (the highest bit is the coefficient of x^0). */
    private static final int ONE = 1 << 31;

    /** {@code X2N[k]} is {@code x^(2^k)} modulo the polynomial, reflected. */
    private static final int[] X2N = new int[64 + 3];

    static {
        int p = ONE >>> 1; // x^1
        for (int k = 0; k < X2N.length; k++) {
            X2N[k] = p;
            p = multiply(p, p);
        }
    }

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
     * The CRC32C of {@code a} followed by {@code b}, from the CRC32C of each and the length of {@code b}, as
     * zlib's {@code crc32_combine}: {@code crcA} times {@code x^(8 lengthB)} modulo the polynomial, plus
     * {@code crcB}. The power is made from {@link #X2N}, a multiplication per set bit of {@code 8 lengthB},
     * so a one-point tail costs two multiplications whatever the chunk's length.
     */
    static int crcCombine(int crcA, int crcB, long lengthB) {
        if (lengthB <= 0) {
            return crcA;
        }
        int power = ONE;
        int k = 3; // 8 lengthB = lengthB * 2^3
        for (long n = lengthB; n != 0; n >>>= 1, k++) {
            if ((n & 1) != 0) {
                power = multiply(X2N[k], power);
            }
        }
        return multiply(power, crcA) ^ crcB;
    }

    /** The product of two polynomials modulo the CRC's, in its reflected bit order; {@code a} is not zero. */
    private static int multiply(int a, int b) {
        int product = 0;
        for (int m = ONE;; m >>>= 1) {
            if ((a & m) != 0) {
                product ^= b;
                if ((a & (m - 1)) == 0) {
                    return product;
                }
            }
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
        }
    }
}
