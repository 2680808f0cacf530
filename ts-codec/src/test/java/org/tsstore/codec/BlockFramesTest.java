package org.tsstore.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tsstore.core.backend.CorruptDataException;

/**
 * Framed blocks beside plain arrays: what is framed decodes back bit for bit, two framed strings concatenated
 * (with padding between) are the blocks of both, and a frame whose length runs past the data is refused.
 */
class BlockFramesTest {

    private static double[][] sample(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_000 + 10L * i + r.nextInt(3);
            v[i] = r.nextInt(4) == 0 ? Double.longBitsToDouble(r.nextLong()) : Math.round(r.nextDouble() * 1e4) / 100.0;
        }
        return new double[][] {t, v};
    }

    @Test
    void concatenatedFramesDecodeToBothSeriesInOrder() throws CorruptDataException {
        double[][] s = sample(3_000, 7);
        byte[] a = BlockFrames.encode(s[0], s[1], 0, 1_100);
        byte[] b = BlockFrames.frame(EncodedSeries.encode(Arrays.copyOfRange(s[0], 1_100, 3_000),
                Arrays.copyOfRange(s[1], 1_100, 3_000)).blocks(), 16);
        assertEquals(0, b.length % 16);
        byte[] both = new byte[a.length + 8 + b.length]; // 8 zero bytes of padding between
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length + 8, b.length);
        assertEquals(2 + 2, BlockFrames.parse(both, both.length).size());
        double[] t = new double[3_000];
        double[] v = new double[3_000];
        assertEquals(3_000, BlockFrames.decode(both, both.length, t, v, 0));
        for (int i = 0; i < 3_000; i++) {
            assertEquals(Double.doubleToRawLongBits(s[0][i]), Double.doubleToRawLongBits(t[i]), "time " + i);
            assertEquals(Double.doubleToRawLongBits(s[1][i]), Double.doubleToRawLongBits(v[i]), "value " + i);
        }
    }

    @Test
    void aFrameRunningPastTheDataOrADamagedBlockIsRefused() {
        double[][] s = sample(500, 8);
        byte[] a = BlockFrames.encode(s[0], s[1], 0, 500);
        ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).putInt(0, a.length);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> BlockFrames.parse(a, a.length));
        assertTrue(e.getMessage().contains("past the end"), e::getMessage);
        byte[] b = BlockFrames.encode(s[0], s[1], 0, 500);
        b[40] ^= 1;
        double[] t = new double[500];
        CorruptDataException d = assertThrows(CorruptDataException.class,
                () -> BlockFrames.decode(b, b.length, t, new double[500], 0));
        assertTrue(d.getMessage().contains("block 0"), d::getMessage);
    }
}
