package org.tsstore.codec;

import org.tsstore.core.backend.CorruptDataException;

/**
 * The decimal-integer scheme, after ALP (Afroozeh et al., SIGMOD 2024): for an exponent {@code e} and factor
 * {@code f}, a value {@code v} becomes the integer {@code n = round(v * 10^e * 10^-f)} and decodes as
 * {@code n * 10^f * 10^-e}. The integers are bit-packed by frame of reference (or their differences are, when
 * smaller). A value that does not decode to its own bits is an exception: a correction (the difference of the
 * raw bits, zig-zag coded in a few bits: data written as {@code 36.806999999999995} is one ulp from
 * {@code 36.807}) or, for NaN, infinities, {@code -0.0} and values too large, its 64 raw bits.
 *
 * <p>Layout: e (5 bits), f (5), delta mode (1), width (7), base (64), in delta mode the first integer (64);
 * then the packed integers: in a full block of widths up to 31 from the next multiple of 32 bits of the payload
 * (the block puts the value section at one), interleaved over 32 lanes ({@link DecimalLanes}),
 * in delta mode as 1,024 entries of which the first is a zero, else one after another (in delta mode the 1,023
 * differences after the first integer); the exception count (11), the correction width (5), a bit saying whether the
 * exceptions' places are a bitmap of the block (when many) or a list; the bitmap if so; per exception its
 * position (10, in the list form), a kind bit and the correction or the raw bits.
 */
final class DecimalCoder {

    static final int MAX_EXPONENT = 18;
    static final int MAX_CORRECTION_BITS = 16;
    private static final double[] F10 = new double[MAX_EXPONENT + 1];
    private static final double[] IF10 = new double[MAX_EXPONENT + 1];
    private static final double LIMIT = 4503599627370496.0; // 2^52
    private static final int SAMPLE = 32;
    private static final int CANDIDATES = 3;

    static {
        for (int i = 0; i <= MAX_EXPONENT; i++) {
            F10[i] = Double.parseDouble("1e" + i);
            IF10[i] = Double.parseDouble("1e-" + i);
        }
    }

    private final long[] ints = new long[BlockFormat.BLOCK_POINTS];
    private final long[] corrections = new long[BlockFormat.BLOCK_POINTS];
    private final byte[] kinds = new byte[BlockFormat.BLOCK_POINTS];
    private final int[] places = new int[BlockFormat.BLOCK_POINTS];
    private final int[] units = new int[DecimalLanes.LANES * DecimalLanes.MAX_WIDTH];
    private final int[] deltas = new int[DecimalLanes.ENTRIES];

    /**
     * Writes {@code v[from, from + n)} by the cheapest exponent and factor found; returns false (writing
     * nothing) when no exponent makes at least half of the values exact or correctable.
     */
    boolean encode(double[] v, int from, int n, BitWriter out) {
        long[] best = new long[CANDIDATES * 2];
        java.util.Arrays.fill(best, Long.MAX_VALUE);
        int step = Math.max(1, n / SAMPLE);
        for (int e = 0; e <= MAX_EXPONENT; e++) {
            for (int f = 0; f <= e; f++) {
                long cost = cost(v, from, n, step, e, f);
                for (int c = 0; c < CANDIDATES; c++) {
                    if (cost < best[2 * c]) {
                        System.arraycopy(best, 2 * c, best, 2 * c + 2, best.length - 2 * c - 2);
                        best[2 * c] = cost;
                        best[2 * c + 1] = e * 32 + f;
                        break;
                    }
                }
            }
        }
        long bestBits = Long.MAX_VALUE;
        int bestEf = -1;
        for (int c = 0; c < CANDIDATES && best[2 * c] != Long.MAX_VALUE; c++) {
            int ef = (int) best[2 * c + 1];
            long bits = layout(v, from, n, ef >>> 5, ef & 31, null);
            if (bits < bestBits) {
                bestBits = bits;
                bestEf = ef;
            }
        }
        if (bestEf < 0) {
            return false;
        }
        layout(v, from, n, bestEf >>> 5, bestEf & 31, out);
        return true;
    }

    /** The estimated bits for every {@code step}-th value under (e, f), or {@code Long.MAX_VALUE} if too few fit. */
    private static long cost(double[] v, int from, int n, int step, int e, int f) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long bits = 0;
        int sampled = 0;
        int full = 0;
        for (int i = from; i < from + n; i += step) {
            sampled++;
            double x = v[i];
            double scaled = x * F10[e] * IF10[f];
            if (!(Math.abs(scaled) < LIMIT)) {
                full++;
                continue;
            }
            long k = Math.round(scaled);
            long d = Double.doubleToRawLongBits(x) - Double.doubleToRawLongBits(k * F10[f] * IF10[e]);
            if (d != 0) {
                long z = zigzag(d);
                if (Long.compareUnsigned(z, 1L << MAX_CORRECTION_BITS) >= 0) {
                    full++;
                    continue;
                }
                bits += 11 + 64 - Long.numberOfLeadingZeros(z);
            }
            min = Math.min(min, k);
            max = Math.max(max, k);
        }
        if (full * 2 > sampled) {
            return Long.MAX_VALUE;
        }
        return bits + full * 75L + (long) sampled * (64 - Long.numberOfLeadingZeros(max - min));
    }

    /** Classifies every value under (e, f) and returns the exact size in bits; writes it too when {@code out} is set. */
    private long layout(double[] v, int from, int n, int e, int f, BitWriter out) {
        int exceptions = 0;
        int full = 0;
        long maxZig = 0;
        long last = 0;
        boolean seen = false;
        for (int i = 0; i < n; i++) {
            double x = v[from + i];
            double scaled = x * F10[e] * IF10[f];
            byte kind = 2;
            if (Math.abs(scaled) < LIMIT) {
                long k = Math.round(scaled);
                long d = Double.doubleToRawLongBits(x) - Double.doubleToRawLongBits(k * F10[f] * IF10[e]);
                long z = zigzag(d);
                if (Long.compareUnsigned(z, 1L << MAX_CORRECTION_BITS) < 0) {
                    kind = (byte) (d == 0 ? 0 : 1);
                    corrections[i] = z;
                    maxZig = Math.max(maxZig, z);
                    ints[i] = k;
                    if (!seen) {
                        for (int j = 0; j < i; j++) {
                            ints[j] = k;
                        }
                        seen = true;
                    }
                    last = k;
                }
            }
            if (kind == 2) {
                ints[i] = last;
                full++;
            }
            kinds[i] = kind;
            if (kind != 0) {
                exceptions++;
            }
        }
        if (full * 2 > n) {
            return Long.MAX_VALUE;
        }
        int cw = 64 - Long.numberOfLeadingZeros(maxZig);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long dmin = Long.MAX_VALUE;
        long dmax = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, ints[i]);
            max = Math.max(max, ints[i]);
            if (i > 0) {
                long d = ints[i] - ints[i - 1];
                dmin = Math.min(dmin, d);
                dmax = Math.max(dmax, d);
            }
        }
        int forWidth = 64 - Long.numberOfLeadingZeros(max - min);
        int deltaWidth = n > 1 ? 64 - Long.numberOfLeadingZeros(dmax - dmin) : 0;
        // packed by lanes, the differences take a zero entry for the first integer, to fill the 32 lanes
        int deltaEntries = DecimalLanes.applies(n, deltaWidth) ? n : n - 1;
        boolean delta = (long) deltaWidth * deltaEntries + 64 < (long) forWidth * n;
        long packed = delta ? (long) deltaWidth * deltaEntries + 64 : (long) forWidth * n;
        boolean bitmap = n + (long) exceptions * (1 + cw) < (long) exceptions * (11 + cw);
        long places = bitmap ? n + (long) exceptions * (1 + cw) : (long) exceptions * (11 + cw);
        long pad = DecimalLanes.applies(n, delta ? deltaWidth : forWidth) ? DecimalLanes.padding(delta ? 146 : 82) : 0;
        long bits = 5 + 5 + 1 + 7 + 64 + pad + 11 + 5 + 1 + packed + places + full * 64L - full * (long) cw;
        if (out == null) {
            return bits;
        }
        int width = delta ? deltaWidth : forWidth;
        long base = delta ? dmin : min;
        out.write(e, 5);
        out.write(f, 5);
        out.write(delta ? 1 : 0, 1);
        out.write(width, 7);
        out.write(base, 64);
        if (delta) {
            out.write(ints[0], 64);
        }
        if (DecimalLanes.applies(n, width)) {
            out.write(0, DecimalLanes.padding(out.bitCount()));
            // the integers become the entries in place (backwards, for the differences): nothing reads them after
            for (int i = n - 1; i >= 0; i--) {
                ints[i] = delta ? (i == 0 ? 0 : ints[i] - ints[i - 1] - base) : ints[i] - base;
            }
            DecimalLanes.pack(ints, width, out);
        } else if (delta) {
            for (int i = 1; i < n; i++) {
                out.write(ints[i] - ints[i - 1] - base, width);
            }
        } else {
            for (int i = 0; i < n; i++) {
                out.write(ints[i] - base, width);
            }
        }
        out.write(exceptions, 11);
        out.write(cw, 5);
        out.write(bitmap ? 1 : 0, 1);
        if (bitmap) {
            for (int i = 0; i < n; i++) {
                out.write(kinds[i] == 0 ? 0 : 1, 1);
            }
        }
        int position = bitmap ? 0 : 10;
        for (int i = 0; i < n; i++) {
            if (kinds[i] == 1) {
                out.write(i, position);
                out.write(0, 1);
                out.write(corrections[i], cw);
            } else if (kinds[i] == 2) {
                out.write(i, position);
                out.write(1, 1);
                out.write(Double.doubleToRawLongBits(v[from + i]), 64);
            }
        }
        return bits;
    }

    /**
     * Reads {@code n} values into {@code dst[0, n)}.
     *
     * @throws CorruptDataException if a field is out of range or the stream ends early
     */
    void decode(BitReader in, int n, double[] dst) throws CorruptDataException {
        decode(in, n, dst, true);
    }

    /**
     * Reads {@code n} values into {@code dst[0, n)}; {@code lanes} false reads the layout of the legacy tag
     * ({@link ValueScheme#LEGACY_DECIMAL_TAG}), which packed every block's integers one after another.
     *
     * @throws CorruptDataException if a field is out of range or the stream ends early
     */
    void decode(BitReader in, int n, double[] dst, boolean lanes) throws CorruptDataException {
        int e = (int) in.read(5);
        int f = (int) in.read(5);
        boolean delta = in.readBit();
        int width = (int) in.read(7);
        long base = in.read(64);
        if (e > MAX_EXPONENT || f > e || width > 64) {
            throw new CorruptDataException("decimal header out of range (exponent " + e + ", factor " + f
                    + ", width " + width + ")");
        }
        double fa = F10[f];
        double ie = IF10[e];
        if (lanes && DecimalLanes.applies(n, width)) {
            long first = delta ? in.read(64) : 0;
            in.skip(DecimalLanes.padding(in.position()));
            int count = DecimalLanes.LANES * width;
            in.units(in.skip(32L * count), units, count);
            if (delta) {
                int[] d = deltas;
                DecimalLanes.unpack(units, width, d);
                long k = first;
                dst[0] = k * fa * ie;
                for (int i = 1; i < n; i++) {
                    k += d[i] + base;
                    dst[i] = k * fa * ie;
                }
            } else {
                DecimalLanes.decodeFrame(units, width, (double) base, fa, ie, dst);
            }
        } else {
            long[] k = ints;
            if (delta) {
                long first = in.read(64);
                long at = in.skip((long) width * (n - 1));
                unpack(in.words(), at, width, base, k, 1, n - 1);
                k[0] = first;
                for (int i = 1; i < n; i++) {
                    k[i] += k[i - 1];
                }
            } else {
                long at = in.skip((long) width * n);
                unpack(in.words(), at, width, base, k, 0, n);
            }
            for (int i = 0; i < n; i++) {
                dst[i] = k[i] * fa * ie;
            }
        }
        int exceptions = (int) in.read(11);
        int cw = (int) in.read(5);
        if (exceptions > n || cw > MAX_CORRECTION_BITS) {
            throw new CorruptDataException("decimal exceptions out of range (" + exceptions + " of " + n
                    + ", correction width " + cw + ")");
        }
        boolean bitmap = in.readBit();
        int[] at = places;
        if (bitmap) {
            int found = 0;
            for (int i = 0; i < n; i += 64) {
                long word = in.read(Math.min(64, n - i));
                if (Long.bitCount(word) > exceptions - found) {
                    throw new CorruptDataException("decimal exception bitmap marks more than " + exceptions);
                }
                while (word != 0) {
                    at[found++] = i + Long.numberOfTrailingZeros(word);
                    word &= word - 1;
                }
            }
            if (found != exceptions) {
                throw new CorruptDataException("decimal exception bitmap marks " + found + ", not " + exceptions);
            }
        }
        for (int x = 0; x < exceptions; x++) {
            int pos = bitmap ? at[x] : (int) in.read(10);
            if (pos >= n) {
                throw new CorruptDataException("decimal exception at " + pos + " in a block of " + n);
            }
            if (in.readBit()) {
                dst[pos] = Double.longBitsToDouble(in.read(64));
            } else {
                long z = in.read(cw);
                long d = (z >>> 1) ^ -(z & 1);
                dst[pos] = Double.longBitsToDouble(Double.doubleToRawLongBits(dst[pos]) + d);
            }
        }
    }

    /** Unpacks {@code count} values of {@code width} bits from bit {@code bit} of {@code words}, adding {@code base}. */
    static void unpack(long[] words, long bit, int width, long base, long[] dst, int off, int count) {
        long mask = width == 64 ? -1L : (1L << width) - 1;
        // a block's payload is under 2^31 bits; Java masks shift counts to 6 bits, so {@code >>> b} shifts by
        // b % 64 and {@code << ~b} by 63 - b % 64
        int b = (int) bit;
        for (int i = off; i < off + count; i++) {
            int wi = b >>> 6;
            dst[i] = (((words[wi] >>> b) | ((words[wi + 1] << 1) << ~b)) & mask) + base;
            b += width;
        }
    }

    private static long zigzag(long d) {
        return (d << 1) ^ (d >> 63);
    }
}
