package org.tsstore.storage.file;

/**
 * CRC-32C arithmetic on checksums rather than bytes: the checksum of two byte strings one after the
 * other from the checksums of each, and the reverse. An append uses it to keep the index's checksum of a
 * whole file while reading only the header it rewrites and writing only the new points. The CRC is
 * linear over GF(2): {@code crc(A B) = crc(A) x^(8|B|) mod P  xor  crc(B)}, the pre- and post-inversion
 * cancelling, as in zlib's {@code crc32_combine}.
 */
final class Crc32cShift {

    /** The reflected Castagnoli polynomial. */
    private static final int POLY = 0x82F63B78;
    /** {@code X_2N[k]} is x^(2^k) mod P. */
    private static final int[] X_2N = new int[32];

    static {
        int p = 1 << 30; // x^1
        X_2N[0] = p;
        for (int k = 1; k < 32; k++) {
            p = multiply(p, p);
            X_2N[k] = p;
        }
    }

    private Crc32cShift() {}

    /** The checksum of {@code A B} from those of A and of B, B being {@code lengthB} bytes long. */
    static int concat(int crcA, int crcB, long lengthB) {
        return shift(crcA, lengthB) ^ crcB;
    }

    /** The checksum of B from those of {@code A B} and of A, B being {@code lengthB} bytes long. */
    static int suffix(int crcAB, int crcA, long lengthB) {
        return crcAB ^ shift(crcA, lengthB);
    }

    /** A checksum multiplied by x^(8 bytes) mod P. */
    private static int shift(int crc, long bytes) {
        return multiply(powerOfX(bytes), crc);
    }

    /** x^(8n) mod P. */
    private static int powerOfX(long n) {
        int p = 1 << 31; // x^0
        int k = 3;
        for (long m = n; m != 0; m >>>= 1, k++) {
            if ((m & 1) != 0) {
                p = multiply(X_2N[k & 31], p);
            }
        }
        return p;
    }

    /** a times b mod P, in the reflected representation (bit 31 is x^0). */
    private static int multiply(int a, int b) {
        int m = 1 << 31;
        int p = 0;
        int bb = b;
        while (true) {
            if ((a & m) != 0) {
                p ^= bb;
                if ((a & (m - 1)) == 0) {
                    break;
                }
            }
            m >>>= 1;
            bb = (bb & 1) != 0 ? (bb >>> 1) ^ POLY : bb >>> 1;
        }
        return p;
    }
}
