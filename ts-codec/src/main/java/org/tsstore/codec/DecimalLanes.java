package org.tsstore.codec;

/**
 * The decimal scheme's packing of a full block's integers, interleaved over 32 lanes after FastLanes (Afroozeh
 * and Boncz, VLDB 2023), so that decoding is a loop C2 can vectorise: entry {@code i} of a 1,024-entry block
 * belongs to lane {@code i % 32} as its row {@code i / 32}; each lane's 32 entries of {@code w} bits are packed
 * into {@code w} 32-bit words, least significant first, and word {@code k} of lane {@code j} is stored as the
 * {@code (32 k + j)}-th 32-bit unit. Unpacking row {@code r} is then the same shift and mask for all 32 lanes
 * over 32 consecutive units, with no per-value branch. The packed size is exactly {@code 1024 w} bits, as for
 * plain bit packing. Widths 0 to {@value #MAX_WIDTH}, so every entry is a non-negative {@code int}.
 */
final class DecimalLanes {

    /** The lanes, and the rows of a lane. */
    static final int LANES = 32;

    /** The widest entries packed this way (wider ones fall back to plain bit packing). */
    static final int MAX_WIDTH = 31;

    /** The entries of a block packed this way. */
    static final int ENTRIES = LANES * LANES;

    private DecimalLanes() {}

    /**
     * The zero bits from bit {@code position} to the next multiple of 32, where the units start (so that
     * they are copied from the reader's words two at a time, with no shifting).
     */
    static int padding(long position) {
        return (int) (-position & 31);
    }

    /** Whether a block of {@code n} entries of {@code width} bits is packed by lanes. */
    static boolean applies(int n, int width) {
        return n == ENTRIES && width <= MAX_WIDTH;
    }

    /**
     * Writes {@link #ENTRIES} entries, each in {@code [0, 2^width)}, as {@code 32 width} units of 32 bits.
     *
     * @param entries the entries
     * @param width 0 to {@value #MAX_WIDTH}
     * @param out receives the units
     */
    static void pack(long[] entries, int width, BitWriter out) {
        int[] units = new int[LANES * width];
        for (int j = 0; j < LANES; j++) {
            long acc = 0;
            int held = 0;
            int k = 0;
            for (int r = 0; r < LANES; r++) {
                acc |= entries[r * LANES + j] << held;
                held += width;
                if (held >= 32) {
                    units[k++ * LANES + j] = (int) acc;
                    acc >>>= 32;
                    held -= 32;
                }
            }
            // 32 rows of width bits fill exactly width words: nothing is left over
        }
        for (int u : units) {
            out.write(u, 32);
        }
    }

    /**
     * Unpacks {@link #ENTRIES} entries from {@code units} and writes {@code dst[i] = (entry + base) * fa * ie}
     * in one pass per row. {@code base} is a double holding the frame's integer exactly, so the sum is the
     * integer itself (both terms and the result are integers below 2^53) and the result has the same bits as
     * converting the integer and multiplying.
     *
     * @param units the {@code 32 width} units (the array may be longer)
     * @param width 0 to {@value #MAX_WIDTH}
     * @param base the frame of reference, exactly
     * @param fa the power of ten of the factor
     * @param ie the inverse power of ten of the exponent
     * @param dst receives the values
     */
    static void decodeFrame(int[] units, int width, double base, double fa, double ie, double[] dst) {
        int mask = (int) ((1L << width) - 1);
        for (int r = 0; r < LANES; r++) {
            int bit = r * width;
            int k = (bit >>> 5) * LANES;
            int s = bit & 31;
            int o = r * LANES;
            if (s + width <= 32) {
                for (int j = 0; j < LANES; j++) {
                    dst[o + j] = ((double) ((units[k + j] >>> s) & mask) + base) * fa * ie;
                }
            } else {
                int t = 32 - s;
                for (int j = 0; j < LANES; j++) {
                    int v = ((units[k + j] >>> s) | (units[k + LANES + j] << t)) & mask;
                    dst[o + j] = ((double) v + base) * fa * ie;
                }
            }
        }
    }

    /**
     * Unpacks {@link #ENTRIES} entries from {@code units} into {@code dst}.
     *
     * @param units the {@code 32 width} units (the array may be longer)
     * @param width 0 to {@value #MAX_WIDTH}
     * @param dst receives the entries
     */
    static void unpack(int[] units, int width, int[] dst) {
        int mask = (int) ((1L << width) - 1);
        for (int r = 0; r < LANES; r++) {
            int bit = r * width;
            int k = (bit >>> 5) * LANES;
            int s = bit & 31;
            int o = r * LANES;
            if (s + width <= 32) {
                for (int j = 0; j < LANES; j++) {
                    dst[o + j] = (units[k + j] >>> s) & mask;
                }
            } else {
                int t = 32 - s;
                for (int j = 0; j < LANES; j++) {
                    dst[o + j] = ((units[k + j] >>> s) | (units[k + LANES + j] << t)) & mask;
                }
            }
        }
    }
}
