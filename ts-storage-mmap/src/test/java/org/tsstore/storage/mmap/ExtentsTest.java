package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Extents} and the key directory's chained entries alone, against plain lists of record sizes:
 * where each point lies, what an older chain keeps after a newer one grew (or after two chains grew from
 * the same one), the bytes of the records, and the heap a chain takes per record.
 */
class ExtentsTest {

    private static final Segment SEGMENT = new Segment(1, Path.of("0000000001.seg"), 29, 0, 16);
    private static final Segment OTHER = new Segment(2, Path.of("0000000002.seg"), 29, 0, 16);

    @Test
    void pointsAreFoundInTheRecordsThatHoldThem() {
        Random random = new Random(1);
        List<Integer> sizes = new ArrayList<>();
        sizes.add(5);
        Extents chain = Extents.of(3, SEGMENT, 16, 5);
        for (int k = 1; k < 200; k++) {
            int n = 1 + random.nextInt(7);
            sizes.add(n);
            chain = chain.appended(k % 2 == 0 ? SEGMENT : OTHER, 16 + 64L * k, n, Double.NaN);
        }
        assertEquals(200, chain.count);
        int index = 0;
        for (int k = 0; k < sizes.size(); k++) {
            assertEquals(index, chain.start(k), "start of record " + k);
            assertEquals(sizes.get(k), chain.points(k), "points of record " + k);
            assertEquals(k == 0 ? 16 : 16 + 64L * k, chain.offset(k));
            assertSame(k == 0 || k % 2 == 0 ? SEGMENT : OTHER, chain.segment(k));
            for (int i = 0; i < sizes.get(k); i++) {
                assertEquals(k, chain.recordOf(index + i), "record of point " + (index + i));
            }
            index += sizes.get(k);
        }
        assertEquals(index, chain.size);
        // id of 3 bytes: header 24 + 8, trailer 8, per point 16
        assertEquals(200L * (32 + 8) + 16L * index, chain.bytes());
    }

    @Test
    void anOlderChainKeepsItsRecordsWhenANewerOneGrows() {
        Extents one = Extents.of(1, SEGMENT, 16, 2);
        Extents two = one.appended(SEGMENT, 100, 3, Double.NaN);
        Extents three = two.appended(SEGMENT, 200, 4, 9.0);
        Extents branch = two.appended(OTHER, 300, 1, Double.NaN); // two grew already: the branch copies
        assertEquals(2, two.count);
        assertEquals(5, two.size);
        assertEquals(3, three.count);
        assertEquals(200, three.offset(2));
        assertEquals(4, three.points(2));
        assertEquals(300, branch.offset(2));
        assertSame(OTHER, branch.segment(2));
        assertEquals(1, branch.points(2));
        assertEquals(1, one.count);
        assertEquals(2, one.size);
        assertEquals(9.0, three.lastTime);
        assertTrue(Double.isNaN(two.lastTime)); // unknown: an append reads it from the record
        assertTrue(Double.isNaN(branch.lastTime));
    }

    @Test
    void aChainNeverPassesTheLargestSeries() {
        Extents big = Extents.of(1, SEGMENT, 16, Integer.MAX_VALUE - 1);
        assertEquals(Integer.MAX_VALUE, big.appended(SEGMENT, 100, 1, Double.NaN).size);
        assertThrows(IllegalArgumentException.class, () -> big.appended(SEGMENT, 100, 2, Double.NaN));
    }

    @Test
    void anAppendedEntryKeepsItsStoreRecordAndFlag() {
        KeyDirectory.Entry e = new KeyDirectory.Entry("abc", SEGMENT, 16, 4, true);
        KeyDirectory.Entry longer = e.appended(OTHER, 48, 2).appended(OTHER, 128, 3);
        assertEquals(9, longer.size);
        assertEquals(16, longer.offset());
        assertSame(SEGMENT, longer.segment);
        assertTrue(longer.verified());
        assertEquals(3, longer.records());
        assertEquals(3 * (32 + 8) + 16 * 9, longer.recordLength());
        assertEquals(1, e.records());
        assertEquals(null, e.chain());
        assertEquals(3, longer.asVerified().records());
        KeyDirectory.Entry known = e.appended(OTHER, 48, 2, 7.5);
        assertEquals(7.5, known.chain().lastTime);
        assertEquals(7.5, known.asVerified().chain().lastTime);
        assertTrue(Double.isNaN(known.appended(OTHER, 128, 3).chain().lastTime));
    }

    /**
     * Heap per record of a chain, measured: 1000 series of 200 records each, under 48 bytes per record
     * (20 is the design, and the arrays double). The views of the records are made on first read only.
     */
    @Test
    void aRecordOfAChainTakesFewBytes() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        int series = 1000;
        int records = 200;
        long before = used(memory);
        KeyDirectory dir = new KeyDirectory();
        for (int s = 0; s < series; s++) {
            KeyDirectory.Entry e = new KeyDirectory.Entry("series-" + s, SEGMENT, 16, 1, false);
            for (int k = 1; k < records; k++) {
                e = e.appended(SEGMENT, 16 + 64L * k, 1);
            }
            dir.put(e);
        }
        long after = used(memory);
        double perRecord = (after - before) / (double) (series * records);
        System.out.printf("key directory: %.1f bytes per record of a chain%n", perRecord);
        assertTrue(perRecord < 48, perRecord + " bytes per record");
        assertEquals(records, dir.get("series-7").records());
    }

    private static long used(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            memory.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
