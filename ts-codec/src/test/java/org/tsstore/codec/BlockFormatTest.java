package org.tsstore.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tsstore.core.backend.CorruptDataException;

class BlockFormatTest {

    @Provide
    Arbitrary<double[]> values() {
        return Doubles.series(BlockFormat.BLOCK_POINTS);
    }

    @Property(tries = 300)
    void blocksRoundTripEveryBit(@ForAll("values") double[] v, @ForAll long seed, @ForAll boolean integral)
            throws CorruptDataException {
        double[] t = Doubles.times(v.length, seed, integral);
        byte[] block = BlockFormat.encode(t, v, 0, v.length);
        assertTrue(block.length <= BlockFormat.MIN_BLOCK_BYTES + 16L * v.length + 16, "never much over raw");
        BlockHeader h = BlockFormat.header(block, 0);
        assertEquals(v.length, h.points());
        assertEquals(Double.doubleToRawLongBits(t[0]), Double.doubleToRawLongBits(h.firstTime()));
        assertEquals(Double.doubleToRawLongBits(t[v.length - 1]), Double.doubleToRawLongBits(h.lastTime()));
        double[] ot = new double[v.length];
        double[] ov = new double[v.length];
        assertEquals(v.length, new BlockDecoder().decode(block, 0, ot, ov));
        Doubles.assertSameBits(t, ot, v.length);
        Doubles.assertSameBits(v, ov, v.length);
        double[] only = new double[v.length];
        new BlockDecoder().decodeValues(block, 0, only);
        Doubles.assertSameBits(v, only, v.length);
    }

    @Property(tries = 20)
    void everySingleByteCorruptionIsDetectedAndNamesTheBlock(@ForAll("values") double[] v, @ForAll long seed) {
        double[] t = Doubles.times(v.length, seed, true);
        byte[] block = BlockFormat.encode(t, v, 0, v.length);
        SplittableRandom r = new SplittableRandom(seed);
        BlockDecoder decoder = new BlockDecoder();
        double[] ot = new double[v.length];
        double[] ov = new double[v.length];
        for (int pos = 0; pos < block.length; pos++) {
            byte[] bad = block.clone();
            bad[pos] ^= (byte) r.nextInt(1, 256);
            CorruptDataException e = assertThrows(CorruptDataException.class, () -> decoder.decode(bad, 17, ot, ov),
                    "byte " + pos);
            assertTrue(e.getMessage().startsWith("block 17: "), e.getMessage());
            assertThrows(CorruptDataException.class, () -> BlockFormat.header(bad, 17));
        }
        byte[] shortBlock = java.util.Arrays.copyOf(block, block.length - 1);
        assertThrows(CorruptDataException.class, () -> decoder.decode(shortBlock, 3, ot, ov));
    }

    @Property(tries = 100)
    void regularTimesStoreOnlyTheirStep(@ForAll("values") double[] v, @ForAll long seed) throws CorruptDataException {
        SplittableRandom r = new SplittableRandom(seed);
        long start = r.nextLong(-(1L << 50), 1L << 50);
        long step = r.nextLong(-1000, 100_000);
        double[] t = new double[v.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = start + step * i;
        }
        byte[] block = BlockFormat.encode(t, v, 0, v.length);
        assertEquals(TimeScheme.REGULAR_INTEGER, BlockFormat.header(block, 0).timeScheme());
        double[] ot = new double[v.length];
        double[] ov = new double[v.length];
        new BlockDecoder().decode(block, 0, ot, ov);
        Doubles.assertSameBits(t, ot, v.length);
        Doubles.assertSameBits(v, ov, v.length);
    }
}
