package org.tsstore.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.tsstore.core.backend.CorruptDataException;

/**
 * The decimal scheme at every bit width, in both packings (by lanes for full blocks, one after another
 * otherwise), against plain arrays of the integers written.
 */
class DecimalWidthTest {

    private static final int FULL = BlockFormat.BLOCK_POINTS;

    /** Entries in {@code [0, 2^width)}, the two extremes among them. */
    private static long[] entries(int n, int width, SplittableRandom r) {
        long top = width == 64 ? -1L : (1L << width) - 1;
        long[] e = new long[n];
        for (int i = 0; i < n; i++) {
            e[i] = r.nextLong() & top;
        }
        e[0] = 0;
        e[n - 1] = top;
        return e;
    }

    @Test
    void lanesUnpackEveryWidthAtEveryUnitOffset() throws CorruptDataException {
        SplittableRandom r = new SplittableRandom(1);
        for (int width = 0; width <= DecimalLanes.MAX_WIDTH; width++) {
            for (int offset : new int[] {0, 32, 64, 96}) {
                long[] e = entries(FULL, width, r);
                BitWriter w = new BitWriter();
                w.write(-1L, offset);
                DecimalLanes.pack(e.clone(), width, w);
                assertEquals(offset + (long) FULL * width, w.bitCount(), "exactly 1,024 w bits");
                BitReader in = SchemeRoundTripTest.readerOf(w);
                in.read(offset);
                int count = DecimalLanes.LANES * width;
                int[] units = new int[DecimalLanes.LANES * DecimalLanes.MAX_WIDTH];
                in.units(in.skip(32L * count), units, count);
                int[] got = new int[FULL];
                DecimalLanes.unpack(units, width, got);
                for (int i = 0; i < FULL; i++) {
                    assertEquals(e[i], got[i], "width " + width + " offset " + offset + " entry " + i);
                }
                double base = -(double) r.nextLong(1L << 40);
                double fa = 1e2;
                double ie = 1e-5;
                double[] values = new double[FULL];
                DecimalLanes.decodeFrame(units, width, base, fa, ie, values);
                for (int i = 0; i < FULL; i++) {
                    long k = (long) base + e[i];
                    assertEquals(Double.doubleToRawLongBits((double) k * fa * ie),
                            Double.doubleToRawLongBits(values[i]), "width " + width + " value " + i);
                }
            }
        }
    }

    @Test
    void plainUnpackEveryWidth() {
        SplittableRandom r = new SplittableRandom(2);
        for (int width = 0; width <= 64; width++) {
            int n = 1 + r.nextInt(FULL);
            long[] e = entries(n, width, r);
            BitWriter w = new BitWriter();
            int offset = r.nextInt(64);
            w.write(0, offset);
            for (long x : e) {
                w.write(x, width);
            }
            long base = r.nextLong();
            long[] got = new long[n];
            DecimalCoder.unpack(SchemeRoundTripTest.readerOf(w).words(), offset, width, base, got, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(e[i] + base, got[i], "width " + width + " entry " + i);
            }
        }
    }

    /** The header's delta bit and width, read from the start of a decimal stream. */
    private static long[] header(BitWriter w) throws CorruptDataException {
        BitReader in = SchemeRoundTripTest.readerOf(w);
        in.read(10);
        return new long[] {in.read(1), in.read(7)};
    }

    private static void assertRoundTrips(double[] v, boolean delta, int width) throws CorruptDataException {
        BitWriter w = new BitWriter();
        assertTrue(new DecimalCoder().encode(v, 0, v.length, w), "width " + width);
        assertArrayEquals(new long[] {delta ? 1 : 0, width}, header(w), "n " + v.length + " width " + width);
        double[] out = new double[v.length];
        new DecimalCoder().decode(SchemeRoundTripTest.readerOf(w), v.length, out);
        Doubles.assertSameBits(v, out, v.length);
    }

    @Test
    void integersOfEveryFrameWidthRoundTrip() throws CorruptDataException {
        SplittableRandom r = new SplittableRandom(3);
        for (int width = 0; width <= 53; width++) {
            for (int n : new int[] {FULL, 1000}) {
                // the integers c + e, e in [0, 2^width): the frame's width is width (53: the whole of (-2^52, 2^52))
                long c = width == 53 ? -(1L << 52) + 1 : width == 0 ? r.nextInt(1000) : -(1L << (width - 1));
                long[] e = entries(n, width, r);
                if (width == 53) {
                    for (int i = 0; i < n; i++) {
                        e[i] = Math.min(e[i], (1L << 53) - 2);
                    }
                    e[n - 1] = (1L << 53) - 2;
                }
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = c + e[i];
                }
                assertRoundTrips(v, false, width);
            }
        }
    }

    @Test
    void walksOfEveryDifferenceWidthRoundTrip() throws CorruptDataException {
        SplittableRandom r = new SplittableRandom(4);
        for (int width = 0; width <= 42; width++) {
            for (int n : new int[] {FULL, 1000}) {
                // differences 3 + e, e in [0, 2^width) with both extremes: their frame's width is width
                long[] e = entries(n, width, r);
                e[1] = 0;
                e[2] = width == 0 ? 0 : (1L << width) - 1;
                double[] v = new double[n];
                long k = -(1L << 51) + r.nextInt(1000);
                v[0] = k;
                for (int i = 1; i < n; i++) {
                    k += e[i] + 3;
                    v[i] = k;
                }
                assertRoundTrips(v, true, width);
            }
        }
    }

    @Test
    void legacyBlocksPackedOneAfterAnotherStillRead() throws CorruptDataException {
        SplittableRandom r = new SplittableRandom(5);
        for (int width = 0; width <= DecimalLanes.MAX_WIDTH; width++) {
            long[] e = entries(FULL, width, r);
            long base = -12345;
            BitWriter w = new BitWriter();
            w.write(3, 5); // exponent
            w.write(1, 5); // factor
            w.write(0, 1); // frame of reference
            w.write(width, 7);
            w.write(base, 64);
            for (long x : e) {
                w.write(x, width);
            }
            w.write(0, 11); // no exceptions
            w.write(0, 5);
            w.write(0, 1);
            double[] out = new double[FULL];
            new DecimalCoder().decode(SchemeRoundTripTest.readerOf(w), FULL, out, false);
            for (int i = 0; i < FULL; i++) {
                assertEquals(Double.doubleToRawLongBits((double) (base + e[i]) * 1e1 * 1e-3),
                        Double.doubleToRawLongBits(out[i]), "width " + width + " value " + i);
            }
        }
        assertEquals(ValueScheme.DECIMAL, ValueScheme.ofTag(ValueScheme.LEGACY_DECIMAL_TAG));
        assertEquals(ValueScheme.DECIMAL, ValueScheme.ofTag(ValueScheme.DECIMAL.tag()));
    }

    @Provide
    Arbitrary<double[]> fullBlocks() {
        return Doubles.series(FULL).map(DecimalWidthTest::tile);
    }

    /** A block's worth of values repeated to fill a full block, so that it takes the packing by lanes. */
    private static double[] tile(double[] v) {
        double[] out = new double[FULL];
        for (int i = 0; i < FULL; i++) {
            out[i] = v[i % v.length];
        }
        return out;
    }

    @Property(tries = 300)
    void fullBlocksRoundTripEveryBit(@ForAll("fullBlocks") double[] v, @ForAll long seed, @ForAll boolean integral)
            throws CorruptDataException {
        double[] t = Doubles.times(v.length, seed, integral);
        byte[] block = BlockFormat.encode(t, v, 0, v.length);
        double[] ot = new double[v.length];
        double[] ov = new double[v.length];
        new BlockDecoder().decode(block, 0, ot, ov);
        Doubles.assertSameBits(t, ot, v.length);
        Doubles.assertSameBits(v, ov, v.length);
        BitWriter w = new BitWriter();
        if (new DecimalCoder().encode(v, 0, v.length, w)) {
            double[] out = new double[v.length];
            new DecimalCoder().decode(SchemeRoundTripTest.readerOf(w), v.length, out);
            Doubles.assertSameBits(v, out, v.length);
        }
    }
}
