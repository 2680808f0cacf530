package org.tsstore.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.tsstore.core.backend.CorruptDataException;

class SchemeRoundTripTest {

    @Provide
    Arbitrary<double[]> values() {
        return Doubles.series(BlockFormat.BLOCK_POINTS);
    }

    /** A reader over what {@code w} wrote (shared by the codec's tests). */
    static BitReader readerOf(BitWriter w) {
        byte[] b = new byte[w.byteCount()];
        w.copyTo(b, 0);
        BitReader r = new BitReader();
        r.load(b, 0, b.length);
        return r;
    }

    @Property(tries = 300)
    void xorRoundTripsEveryBit(@ForAll("values") double[] v) throws CorruptDataException {
        BitWriter w = new BitWriter();
        XorCoder.encode(v, 0, v.length, w);
        double[] out = new double[v.length];
        XorCoder.decode(readerOf(w), v.length, out);
        Doubles.assertSameBits(v, out, v.length);
    }

    @Property(tries = 300)
    void decimalRoundTripsEveryBitWhenItApplies(@ForAll("values") double[] v) throws CorruptDataException {
        BitWriter w = new BitWriter();
        if (new DecimalCoder().encode(v, 0, v.length, w)) {
            double[] out = new double[v.length];
            new DecimalCoder().decode(readerOf(w), v.length, out);
            Doubles.assertSameBits(v, out, v.length);
        }
    }

    @Property(tries = 200)
    void timesRoundTripEveryBit(@ForAll long seed, @ForAll boolean integral) throws CorruptDataException {
        double[] t = Doubles.times(BlockFormat.BLOCK_POINTS, seed, integral);
        for (TimeScheme s : TimeScheme.values()) {
            if ((s == TimeScheme.DELTA_OF_DELTA_INTEGER && !TimeCoder.integral(t, 0, t.length))
                    || (s == TimeScheme.REGULAR_INTEGER && !(TimeCoder.integral(t, 0, t.length) && TimeCoder.regular(t, 0, t.length)))) {
                continue;
            }
            BitWriter w = new BitWriter();
            TimeCoder.encode(s, t, 0, t.length, w);
            double[] out = new double[t.length];
            TimeCoder.decode(s, t[0], t.length, readerOf(w), out);
            Doubles.assertSameBits(t, out, t.length);
        }
    }

    @Property(tries = 200)
    void deltaOfDeltaOfBitsTakesAnyDoubles(@ForAll("values") double[] t) throws CorruptDataException {
        BitWriter w = new BitWriter();
        TimeCoder.encode(TimeScheme.DELTA_OF_DELTA_BITS, t, 0, t.length, w);
        double[] out = new double[t.length];
        TimeCoder.decode(TimeScheme.DELTA_OF_DELTA_BITS, t[0], t.length, readerOf(w), out);
        Doubles.assertSameBits(t, out, t.length);
    }

    @Test
    void regularIntegerTimesCostAboutABitEach() {
        double[] t = new double[1024];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1_400_000_000 + 300.0 * i;
        }
        BitWriter w = new BitWriter();
        TimeCoder.encode(TimeScheme.DELTA_OF_DELTA_INTEGER, t, 0, t.length, w);
        // the first delta of delta (300) takes the 12-bit bucket (4 + 12 bits), then one '0' bit per time
        assertEquals(16 + 1022, w.bitCount());
    }

    @Test
    void threeDecimalValuesPackInFewBits() {
        double[] v = new double[1024];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 1000) / 1000.0; // 0.000 .. 0.999: integers 0..999 at exponent 3, 10 bits each
        }
        BitWriter w = new BitWriter();
        assertTrue(new DecimalCoder().encode(v, 0, v.length, w));
        assertTrue(w.bitCount() < 11 * 1024, "bits " + w.bitCount());
    }

    @Test
    void oneUlpOffDecimalsAreCorrectedNotStoredRaw() throws CorruptDataException {
        double[] v = new double[1024];
        for (int i = 0; i < v.length; i++) {
            double d = 30 + (i % 100) / 1000.0;
            v[i] = i % 3 == 0 ? Math.nextDown(d) : d;
        }
        BitWriter w = new BitWriter();
        assertTrue(new DecimalCoder().encode(v, 0, v.length, w));
        // a third are exceptions; raw they would cost 75 bits each
        assertTrue(w.bitCount() < 1024 * 15 + 342 * 16, "bits " + w.bitCount());
        double[] out = new double[v.length];
        new DecimalCoder().decode(readerOf(w), v.length, out);
        Doubles.assertSameBits(v, out, v.length);
    }
}
