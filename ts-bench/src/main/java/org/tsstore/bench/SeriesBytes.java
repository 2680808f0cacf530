package org.tsstore.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;

/**
 * The byte form every peer stores: the times then the values, little-endian float64, 16 bytes a point, the
 * payload of a tsstore record or a (2, N) npy array without its header.
 */
final class SeriesBytes {

    private SeriesBytes() {}

    /** Encodes into a new array (what a key-value store takes). */
    static byte[] encode(double[] times, double[] values) {
        byte[] bytes = new byte[16 * times.length];
        DoubleBuffer d = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        d.put(times).put(values);
        return bytes;
    }

    /** Encodes into {@code buffer} from position 0, leaving it flipped for writing. */
    static void encode(double[] times, double[] values, ByteBuffer buffer) {
        buffer.clear();
        DoubleBuffer d = buffer.order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        d.put(times).put(values);
        buffer.limit(16 * times.length);
    }

    /** Decodes into two new arrays: {@code [times, values]}. */
    static double[][] decode(ByteBuffer buffer) {
        DoubleBuffer d = buffer.order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        int n = d.remaining() / 2;
        double[] t = new double[n];
        double[] v = new double[n];
        d.get(t).get(v);
        return new double[][] {t, v};
    }

    /** Decodes a byte array into two new arrays. */
    static double[][] decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    /** Mean of the values in place, four accumulators, no copy: what a hand-written reader of a mapping does. */
    static double meanOfValues(ByteBuffer buffer) {
        DoubleBuffer d = buffer.order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        int n = d.remaining() / 2;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = n;
        int end = 2 * n;
        for (; i + 3 < end; i += 4) {
            s0 += d.get(i);
            s1 += d.get(i + 1);
            s2 += d.get(i + 2);
            s3 += d.get(i + 3);
        }
        for (; i < end; i++) {
            s0 += d.get(i);
        }
        return ((s0 + s1) + (s2 + s3)) / n;
    }
}
