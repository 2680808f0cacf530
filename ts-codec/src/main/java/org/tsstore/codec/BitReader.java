package org.tsstore.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.tsstore.core.backend.CorruptDataException;

/** Reads runs of bits in the order {@link BitWriter} wrote them, never past a limit. */
final class BitReader {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private long[] words = new long[2];
    private long pos;
    private long limit;

    /**
     * Loads {@code length} bytes of {@code src} from {@code off} as the bits to read, from bit 0.
     *
     * @param src the bytes
     * @param off the first byte
     * @param length how many bytes
     */
    void load(byte[] src, int off, int length) {
        int need = (length + 7) / 8 + 1;
        if (words.length < need) {
            words = new long[Math.max(need, words.length * 2)];
        }
        int full = length >>> 3;
        for (int w = 0; w < full; w++) {
            words[w] = (long) LONGS.get(src, off + (w << 3));
        }
        long last = 0;
        for (int i = length - 1; i >= full << 3; i--) {
            last = last << 8 | (src[off + i] & 0xFFL);
        }
        words[full] = last;
        if (full + 1 < words.length) {
            words[full + 1] = 0;
        }
        pos = 0;
        limit = (long) length << 3;
    }

    /** Moves to bit {@code bit}. */
    void seek(long bit) throws CorruptDataException {
        if (bit < 0 || bit > limit) {
            throw new CorruptDataException("bit offset " + bit + " outside a payload of " + limit + " bits");
        }
        pos = bit;
    }

    /** The next bit to read. */
    long position() {
        return pos;
    }

    /** The words (with a zero word past the last), for a kernel that unpacks many values at once. */
    long[] words() {
        return words;
    }

    /**
     * Claims {@code n} bits for a kernel that reads them from {@link #words()} itself.
     *
     * @return the bit offset of the first of them
     */
    long skip(long n) throws CorruptDataException {
        if (n < 0 || pos + n > limit) {
            throw new CorruptDataException("the payload ends before " + n + " more bits at bit " + pos);
        }
        long at = pos;
        pos += n;
        return at;
    }

    /**
     * Copies {@code count} runs of 32 bits from bit {@code bit}, a multiple of 32 (claimed with {@link #skip}),
     * into {@code dst[0, count)}, for a kernel that unpacks 32-bit units: each word holds two.
     *
     * @param bit the first bit, a multiple of 32
     * @param dst receives the units
     * @param count how many
     */
    void units(long bit, int[] dst, int count) {
        int q = (int) (bit >>> 6);
        int i = 0;
        if ((bit & 32) != 0 && count > 0) {
            dst[i++] = (int) (words[q++] >>> 32);
        }
        for (; i + 1 < count; i += 2) {
            long w = words[q++];
            dst[i] = (int) w;
            dst[i + 1] = (int) (w >>> 32);
        }
        if (i < count) {
            dst[i] = (int) words[q];
        }
    }

    /**
     * Reads {@code n} bits as the low bits of a long.
     *
     * @param n 0 to 64
     * @throws CorruptDataException if fewer than {@code n} bits are left
     */
    long read(int n) throws CorruptDataException {
        if (n == 0) {
            return 0;
        }
        if (pos + n > limit) {
            throw new CorruptDataException("the payload ends before " + n + " more bits at bit " + pos);
        }
        int wi = (int) (pos >>> 6);
        int s = (int) (pos & 63);
        long v = (words[wi] >>> s) | ((words[wi + 1] << 1) << (63 - s));
        pos += n;
        return n == 64 ? v : v & ((1L << n) - 1);
    }

    /** Reads one bit. */
    boolean readBit() throws CorruptDataException {
        return read(1) != 0;
    }
}
