package org.tsstore.codec;

import org.tsstore.core.backend.CorruptDataException;

/**
 * Codes a block's times: delta-of-delta with Gorilla's prefix buckets, of the integer times when every time is
 * an integral double, else of the raw bits as longs (exact for any double; wrapping arithmetic both ways); or
 * raw. The first time is not in the stream (the block header holds it).
 */
final class TimeCoder {

    private static final double TWO_53 = 9007199254740992.0;

    private TimeCoder() {}

    /** Whether every time can be coded as an integer (integral, within 2^53, not {@code -0.0}). */
    static boolean integral(double[] t, int from, int n) {
        for (int i = from; i < from + n; i++) {
            double x = t[i];
            if (!(Math.abs(x) <= TWO_53) || x != Math.rint(x)
                    || Double.doubleToRawLongBits(x) == Long.MIN_VALUE) {
                return false;
            }
        }
        return true;
    }

    /** Whether integral times (see {@link #integral}) step by one constant, so that only the step is stored. */
    static boolean regular(double[] t, int from, int n) {
        if (n < 2) {
            return true;
        }
        long step = (long) t[from + 1] - (long) t[from];
        for (int i = from + 2; i < from + n; i++) {
            if ((long) t[i] - (long) t[i - 1] != step) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes the times {@code t[from, from + n)} by the given scheme.
     */
    static void encode(TimeScheme scheme, double[] t, int from, int n, BitWriter out) {
        if (scheme == TimeScheme.REGULAR_INTEGER) {
            out.write(n > 1 ? (long) t[from + 1] - (long) t[from] : 0, 64);
            return;
        }
        if (scheme == TimeScheme.RAW) {
            for (int i = from + 1; i < from + n; i++) {
                out.write(Double.doubleToRawLongBits(t[i]), 64);
            }
            return;
        }
        boolean integer = scheme == TimeScheme.DELTA_OF_DELTA_INTEGER;
        long prev = key(t[from], integer);
        long prevDelta = 0;
        for (int i = from + 1; i < from + n; i++) {
            long k = key(t[i], integer);
            long delta = k - prev;
            writeBucket(delta - prevDelta, out);
            prevDelta = delta;
            prev = k;
        }
    }

    /**
     * Reads {@code n} times into {@code dst[0, n)}, the first being {@code first} (from the header).
     *
     * @throws CorruptDataException if the stream ends early
     */
    static void decode(TimeScheme scheme, double first, int n, BitReader in, double[] dst) throws CorruptDataException {
        dst[0] = first;
        if (scheme == TimeScheme.REGULAR_INTEGER) {
            long step = in.read(64);
            long k = (long) first;
            for (int i = 1; i < n; i++) {
                k += step;
                dst[i] = (double) k;
            }
            return;
        }
        if (scheme == TimeScheme.RAW) {
            for (int i = 1; i < n; i++) {
                dst[i] = Double.longBitsToDouble(in.read(64));
            }
            return;
        }
        boolean integer = scheme == TimeScheme.DELTA_OF_DELTA_INTEGER;
        long k = key(first, integer);
        long delta = 0;
        for (int i = 1; i < n; i++) {
            delta += readBucket(in);
            k += delta;
            dst[i] = integer ? (double) k : Double.longBitsToDouble(k);
        }
    }

    private static long key(double t, boolean integer) {
        return integer ? (long) t : Double.doubleToRawLongBits(t);
    }

    /** Gorilla's buckets: '0'; '10' + 7 bits; '110' + 9; '1110' + 12; '11110' + 32; '11111' + 64 (two's complement). */
    static void writeBucket(long v, BitWriter out) {
        if (v == 0) {
            out.write(0, 1);
        } else if (fits(v, 7)) {
            out.write(0b01, 2);
            out.write(v, 7);
        } else if (fits(v, 9)) {
            out.write(0b011, 3);
            out.write(v, 9);
        } else if (fits(v, 12)) {
            out.write(0b0111, 4);
            out.write(v, 12);
        } else if (fits(v, 32)) {
            out.write(0b01111, 5);
            out.write(v, 32);
        } else {
            out.write(0b11111, 5);
            out.write(v, 64);
        }
    }

    static long readBucket(BitReader in) throws CorruptDataException {
        int ones = 0;
        while (ones < 5 && in.readBit()) {
            ones++;
        }
        switch (ones) {
            case 0:
                return 0;
            case 1:
                return signed(in.read(7), 7);
            case 2:
                return signed(in.read(9), 9);
            case 3:
                return signed(in.read(12), 12);
            case 4:
                return signed(in.read(32), 32);
            default:
                return in.read(64);
        }
    }

    private static boolean fits(long v, int bits) {
        long half = 1L << (bits - 1);
        return v >= -half && v < half;
    }

    private static long signed(long x, int bits) {
        return (x << (64 - bits)) >> (64 - bits);
    }
}
