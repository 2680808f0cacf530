package org.tsstore.codec;

import org.tsstore.core.backend.CorruptDataException;

/**
 * Gorilla's value coding (Pelkonen et al., VLDB 2015): the first value raw, then each value's XOR with the one
 * before: '0' when equal; '10' and the meaningful bits when they fit the previous leading/trailing window;
 * '11', 5 bits of leading zeros, 6 bits of length and the meaningful bits otherwise.
 */
final class XorCoder {

    private XorCoder() {}

    static void encode(double[] v, int from, int n, BitWriter out) {
        long prev = Double.doubleToRawLongBits(v[from]);
        out.write(prev, 64);
        int prevLead = -1;
        int prevTrail = 0;
        for (int i = from + 1; i < from + n; i++) {
            long bits = Double.doubleToRawLongBits(v[i]);
            long x = bits ^ prev;
            prev = bits;
            if (x == 0) {
                out.write(0, 1);
                continue;
            }
            int lead = Math.min(Long.numberOfLeadingZeros(x), 31);
            int trail = Long.numberOfTrailingZeros(x);
            if (prevLead >= 0 && lead >= prevLead && trail >= prevTrail) {
                out.write(0b01, 2);
                out.write(x >>> prevTrail, 64 - prevLead - prevTrail);
            } else {
                int sig = 64 - lead - trail;
                out.write(0b11, 2);
                out.write(lead, 5);
                out.write(sig - 1, 6);
                out.write(x >>> trail, sig);
                prevLead = lead;
                prevTrail = trail;
            }
        }
    }

    static void decode(BitReader in, int n, double[] dst) throws CorruptDataException {
        long prev = in.read(64);
        dst[0] = Double.longBitsToDouble(prev);
        int lead = -1;
        int trail = 0;
        for (int i = 1; i < n; i++) {
            if (in.readBit()) {
                if (in.readBit()) {
                    lead = (int) in.read(5);
                    int sig = (int) in.read(6) + 1;
                    if (lead + sig > 64) {
                        throw new CorruptDataException("XOR window of " + lead + " leading and " + sig
                                + " meaningful bits exceeds 64 at value " + i);
                    }
                    trail = 64 - lead - sig;
                } else if (lead < 0) {
                    throw new CorruptDataException("XOR value " + i + " reuses a window never set");
                }
                prev ^= in.read(64 - lead - trail) << trail;
            }
            dst[i] = Double.longBitsToDouble(prev);
        }
    }
}
