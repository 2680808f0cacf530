package org.tsstore.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tsstore.core.backend.CorruptDataException;
import org.tsstore.core.backend.Sums;

class BlockReaderTest {

    private static double[][] sample(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_400_000_000L + 60L * i;
            v[i] = Math.round(r.nextDouble(0, 100) * 1000) / 1000.0;
        }
        return new double[][] {t, v};
    }

    @Test
    void servesPointsRangesAndReductionsLikeThePlainArrays() throws CorruptDataException {
        double[][] s = sample(5_000, 1);
        BlockReader reader = BlockReader.of(EncodedSeries.encode(s[0], s[1]), 2);
        assertEquals(5_000, reader.size());
        for (int i = 0; i < 5_000; i += 37) {
            assertEquals(s[0][i], reader.time(i));
            assertEquals(s[1][i], reader.value(i));
        }
        double[] t = new double[1_500];
        double[] v = new double[1_500];
        reader.read(900, 1_500, t, v);
        for (int i = 0; i < 1_500; i++) {
            assertEquals(s[0][900 + i], t[i]);
            assertEquals(s[1][900 + i], v[i]);
        }
        assertEquals(Sums.sum(s[1], 0, 5_000) / 5_000, reader.mean());
        assertEquals(Sums.sum(s[1], 123, 4_000), reader.sum(123, 4_000));
        assertEquals(Sums.std(Sums.arraySource(s[1]), 5_000, 1), reader.std(1));
        assertEquals(0, reader.ceilingIndex(0));
        assertEquals(2_001, reader.ceilingIndex(s[0][2_000] + 1));
        assertEquals(5_000, reader.ceilingIndex(1e300));
        assertThrows(IndexOutOfBoundsException.class, () -> reader.value(5_000));
    }

    @Test
    void aOnePercentRangeReadDecodesOnlyTheBlocksItOverlaps() throws CorruptDataException {
        int n = 10_000_000;
        double[][] s = sample(n, 2);
        BlockReader reader = BlockReader.of(EncodedSeries.encode(s[0], s[1]), 4);
        int from = 4_321_000;
        int length = n / 100;
        long before = reader.decodedBlocks();
        int lo = reader.ceilingIndex(s[0][from]);
        double[] v = new double[length];
        reader.read(lo, length, null, v);
        int last = reader.ceilingIndex(s[0][from + length - 1]);
        int overlapped = (from + length - 1) / 1024 - from / 1024 + 1;
        assertEquals(from, lo);
        assertEquals(from + length - 1, last);
        assertEquals(overlapped, reader.decodedBlocks() - before,
                "decoded " + (reader.decodedBlocks() - before) + " of " + overlapped + " overlapped");
        assertEquals(Sums.sum(s[1], from, length), Sums.sum(v, 0, v.length));
    }

    @Test
    void theCacheIsBoundedAndCountsDecodes() throws CorruptDataException {
        double[][] s = sample(4 * 1024, 3);
        BlockReader reader = BlockReader.of(EncodedSeries.encode(s[0], s[1]), 2);
        reader.value(0);
        reader.value(1);
        reader.value(1024);
        assertEquals(2, reader.decodedBlocks());
        reader.value(2048); // evicts block 0
        reader.value(0);
        assertEquals(4, reader.decodedBlocks());
    }

    @Test
    void damageIsReportedForTheBlockItIsIn() throws CorruptDataException {
        double[][] s = sample(3 * 1024, 4);
        List<byte[]> blocks = EncodedSeries.encode(s[0], s[1]).blocks();
        blocks.get(1)[40] ^= 1;
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> new BlockReader(blocks, 2));
        assertTrue(e.getMessage().startsWith("block 1: "), e.getMessage());
    }
}
