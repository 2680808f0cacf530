package org.tsstore.bench;

/**
 * The peer of the codec's corpus report: Gorilla as the paper (Pelkonen et al., VLDB 2015) describes it,
 * written here and not shared with the codec. A 64-bit header time, the first delta in 14 bits, then
 * delta-of-delta in the buckets '0', '10'+7, '110'+9, '1110'+12, '1111'+32 bits; values by XOR with the
 * previous value with the leading/trailing window reuse. Counts bits only (the report needs sizes).
 */
final class GorillaBaseline {

    private GorillaBaseline() {}

    /**
     * The encoded size of a whole series in bits, as one Gorilla stream.
     *
     * @param times integral times in seconds
     * @param values the values
     * @return bits
     */
    static long bits(double[] times, double[] values) {
        int n = times.length;
        if (n == 0) {
            return 0;
        }
        long bits = 64 + 64; // header time and first value
        long prevT = (long) times[0];
        long prevDelta = 0;
        for (int i = 1; i < n; i++) {
            long t = (long) times[i];
            long delta = t - prevT;
            if (i == 1) {
                bits += 14;
            } else {
                long dod = delta - prevDelta;
                if (dod == 0) {
                    bits += 1;
                } else if (dod >= -63 && dod <= 64) {
                    bits += 2 + 7;
                } else if (dod >= -255 && dod <= 256) {
                    bits += 3 + 9;
                } else if (dod >= -2047 && dod <= 2048) {
                    bits += 4 + 12;
                } else {
                    bits += 4 + 32;
                }
            }
            prevDelta = delta;
            prevT = t;
        }
        long prev = Double.doubleToRawLongBits(values[0]);
        int prevLead = -1;
        int prevTrail = 0;
        for (int i = 1; i < n; i++) {
            long v = Double.doubleToRawLongBits(values[i]);
            long x = v ^ prev;
            prev = v;
            if (x == 0) {
                bits += 1;
                continue;
            }
            int lead = Math.min(Long.numberOfLeadingZeros(x), 31);
            int trail = Long.numberOfTrailingZeros(x);
            if (prevLead >= 0 && lead >= prevLead && trail >= prevTrail) {
                bits += 2 + (64 - prevLead - prevTrail);
            } else {
                bits += 2 + 5 + 6 + (64 - lead - trail);
                prevLead = lead;
                prevTrail = trail;
            }
        }
        return bits;
    }
}
