package org.tsstore.codec;

import java.util.Arrays;

/** Appends runs of bits, least significant first, into 64-bit words (bit {@code k} is bit {@code k % 64} of word {@code k / 64}). */
final class BitWriter {

    private long[] words = new long[64];
    private long bits;

    /**
     * Appends the low {@code n} bits of {@code value}.
     *
     * @param value the bits
     * @param n how many, 0 to 64
     */
    void write(long value, int n) {
        if (n == 0) {
            return;
        }
        long v = n == 64 ? value : value & ((1L << n) - 1);
        int wi = (int) (bits >>> 6);
        int s = (int) (bits & 63);
        if (wi + 2 > words.length) {
            words = Arrays.copyOf(words, Math.max(words.length * 2, wi + 2));
        }
        words[wi] |= v << s;
        if (s + n > 64) {
            words[wi + 1] |= v >>> (64 - s);
        }
        bits += n;
    }

    /** Appends one bit. */
    void writeBit(boolean bit) {
        write(bit ? 1 : 0, 1);
    }

    /** Bits written so far. */
    long bitCount() {
        return bits;
    }

    /** Bytes needed for the bits written so far. */
    int byteCount() {
        return (int) ((bits + 7) >>> 3);
    }

    /** Forgets everything written, keeping the storage. */
    void reset() {
        Arrays.fill(words, 0, (int) Math.min(words.length, (bits >>> 6) + 2), 0L);
        bits = 0;
    }

    /** Appends every bit another writer holds. */
    void append(BitWriter other) {
        long full = other.bits >>> 6;
        for (int i = 0; i < full; i++) {
            write(other.words[i], 64);
        }
        int rest = (int) (other.bits & 63);
        if (rest > 0) {
            write(other.words[(int) full], rest);
        }
    }

    /** Copies the bytes of the bits written (little-endian words, the last byte zero-padded) to {@code dst[off...]}. */
    void copyTo(byte[] dst, int off) {
        int n = byteCount();
        for (int i = 0; i < n; i++) {
            dst[off + i] = (byte) (words[i >>> 3] >>> ((i & 7) << 3));
        }
    }
}
