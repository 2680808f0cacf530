package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * {@code codec=compressed} beside a model of plain arrays: what is stored, appended and compacted reads back bit
 * for bit; a range read decodes only the blocks it overlaps (a counter); the store is smaller on disk than a raw
 * one; each codec refuses the other's store naming the codec it holds; damage in an encoded block is reported.
 */
class CompressedStoreTest {

    private static final MmapStorageManagerProvider PROVIDER = new MmapStorageManagerProvider();
    private static final Map<String, String> COMPRESSED = Map.of("codec", "compressed");

    /** Whole-second times, two-decimal values: what the decimal scheme is for. */
    private static double[][] points(int from, int n) {
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int k = from + i;
            t[i] = 1_600_000_000 + 60.0 * k;
            v[i] = Math.round(2000 * Math.sin(k / 50.0) + (k % 7) * 3) / 100.0;
        }
        return new double[][] {t, v};
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    what + " at " + i);
        }
    }

    private static void assertSeries(double[][] model, SizedContainerTimeSeries s) {
        assertBits(model[0], s.times(), "times");
        assertBits(model[1], s.values(), "values");
    }

    private static long segmentBytes(Path dir) throws IOException {
        long total = 0;
        for (Path p : SegmentFiles.list(dir)) {
            total += SegmentFiles.records(p).stream().mapToLong(h -> h.length).sum();
        }
        return total;
    }

    @Test
    void storesReadBackBitForBitAndSmallerThanRaw(@TempDir Path tmp) throws IOException {
        double[][] p = points(0, 50_000);
        Path compressed = tmp.resolve("c");
        Path raw = tmp.resolve("r");
        try (StorageManager c = PROVIDER.open(compressed, COMPRESSED);
                StorageManager r = PROVIDER.open(raw, Map.of())) {
            assertSeries(p, c.store("s", ArrayTimeSeries.of(p[0], p[1])));
            r.store("s", ArrayTimeSeries.of(p[0], p[1]));
            assertSeries(p, c.get("s"));
            assertEquals(50_000, c.size("s"));
            assertEquals(ArrayTimeSeries.of(p[0], p[1]).mean(), c.get("s").mean());
            c.flush();
            r.flush();
        }
        long c = segmentBytes(compressed);
        long r = segmentBytes(raw);
        assertTrue(c * 4 < r, "compressed " + c + " bytes, raw " + r);
        try (StorageManager c2 = PROVIDER.open(compressed, COMPRESSED)) {
            assertSeries(p, c2.get("s"));
        }
    }

    @Test
    void rangeReadDecodesOnlyTheBlocksItOverlaps(@TempDir Path dir) {
        double[][] p = points(0, 100 * 1024);
        try (StorageManager c = PROVIDER.open(dir, COMPRESSED)) {
            c.store("s", ArrayTimeSeries.of(p[0], p[1]));
            CompressedSeries s = (CompressedSeries) c.get("s");
            assertEquals(0, s.decodedBlocks());
            // points 10,300 to 11,499: blocks 10 (from 10,240) and 11 (to 12,287)
            SizedContainerTimeSeries range = s.slice(p[0][10_300], p[0][11_500]);
            assertEquals(2, s.decodedBlocks());
            assertEquals(1_200, range.size());
            for (int i = 0; i < range.size(); i++) {
                assertEquals(p[0][10_300 + i], range.time(i));
                assertEquals(p[1][10_300 + i], range.value(i));
            }
            // a range that ends exactly where a block starts does not touch that block
            CompressedSeries again = (CompressedSeries) c.get("s");
            assertEquals(1024, again.slice(p[0][3 * 1024], p[0][4 * 1024]).size());
            assertEquals(1, again.decodedBlocks());
            // the store's range read opens only the blocks whose header times meet the range
            int[][] ranges = {{0, 1}, {10_300, 11_500}, {1023, 1025}, {5 * 1024, 6 * 1024}, {100 * 1024 - 3, 100 * 1024}};
            for (int[] r : ranges) {
                double to = r[1] == p[0].length ? Double.POSITIVE_INFINITY : p[0][r[1]];
                SizedContainerTimeSeries got = c.get("s", p[0][r[0]], to);
                assertEquals(r[1] - r[0], got.size(), "range " + r[0] + " to " + r[1]);
                for (int i = 0; i < got.size(); i++) {
                    assertEquals(p[0][r[0] + i], got.time(i));
                    assertEquals(p[1][r[0] + i], got.value(i));
                }
            }
            assertEquals(0, c.get("s", p[0][5], p[0][5]).size());
            assertEquals(0, c.get("s", p[0][p[0].length - 1] + 1, Double.POSITIVE_INFINITY).size());
        }
    }

    @Test
    void appendsBatchesAndCompactionKeepEveryPoint(@TempDir Path dir) {
        double[][] all = points(0, 3_000);
        try (StorageManager c = PROVIDER.open(dir, COMPRESSED)) {
            for (int from = 0; from < 3_000; from += 100) {
                double[][] q = points(from, 100);
                assertEquals(from + 100, c.append("s", ArrayTimeSeries.of(q[0], q[1])));
            }
            // appends fill the open block: two full blocks, then the run of appends since the second filled
            assertEquals(12, ((CompressedSeries) c.get("s")).blockCount());
            assertSeries(all, c.get("s"));
            IllegalArgumentException late = assertThrows(IllegalArgumentException.class,
                    () -> c.append("s", ArrayTimeSeries.of(new double[] {all[0][5]}, new double[] {1})));
            assertTrue(late.getMessage().contains("s"), late::getMessage);
            Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
            double[][] more = points(3_000, 10);
            batch.put("s", ArrayTimeSeries.of(more[0], more[1]));
            batch.put("t", ArrayTimeSeries.of(all[0], all[1]));
            c.appendAll(batch);
            assertEquals(3_010, c.size("s"));
            assertSeries(all, c.get("t"));
            c.compact();
            CompressedSeries s = (CompressedSeries) c.get("s");
            assertEquals(3, s.blockCount(), "re-encoded into full blocks");
            assertSeries(points(0, 3_010), s);
            assertTrue(c.verify().isClean());
        }
        try (StorageManager c = PROVIDER.open(dir, COMPRESSED)) {
            assertSeries(points(0, 3_010), c.get("s"));
            assertSeries(all, c.get("t"));
        }
    }

    @Test
    void eachCodecRefusesTheOthersStoreNamingIt(@TempDir Path tmp) {
        Path compressed = tmp.resolve("c");
        Path raw = tmp.resolve("r");
        double[][] p = points(0, 10);
        try (StorageManager c = PROVIDER.open(compressed, COMPRESSED);
                StorageManager r = PROVIDER.open(raw, Map.of())) {
            c.store("s", ArrayTimeSeries.of(p[0], p[1]));
            r.store("s", ArrayTimeSeries.of(p[0], p[1]));
        }
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> PROVIDER.open(compressed, Map.of()));
        assertTrue(a.getMessage().contains("holds compressed series"), a::getMessage);
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> PROVIDER.open(compressed, Map.of("mode", "read")));
        assertTrue(b.getMessage().contains("holds compressed series"), b::getMessage);
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class, () -> PROVIDER.open(raw, COMPRESSED));
        assertTrue(d.getMessage().contains("holds raw series"), d::getMessage);
        assertFalse(Files.exists(raw.resolve(StoreCodec.FILE)));
        assertThrows(IllegalArgumentException.class, () -> MmapStorageManager.open(compressed, COMPRESSED));
        // both still open with their own codec, and a read-only reader follows the compressed one
        try (StorageManager c = PROVIDER.open(compressed, COMPRESSED);
                StorageManager reader = PROVIDER.open(compressed, Map.of("codec", "compressed", "mode", "read"));
                StorageManager r = PROVIDER.open(raw, Map.of())) {
            assertSeries(p, c.get("s"));
            assertSeries(p, reader.get("s"));
            assertSeries(p, r.get("s"));
            assertThrows(UnsupportedOperationException.class, () -> reader.store("x", ArrayTimeSeries.of(p[0], p[1])));
        }
    }

    @Test
    void damageInAnEncodedBlockIsReportedNeverRead(@TempDir Path dir) throws IOException {
        double[][] p = points(0, 5_000);
        try (StorageManager c = PROVIDER.open(dir, COMPRESSED)) {
            c.store("s", ArrayTimeSeries.of(p[0], p[1]));
        }
        Path segment = SegmentFiles.list(dir).get(0);
        List<RecordHeader> records = SegmentFiles.records(segment);
        RecordHeader h = records.get(0);
        SegmentFiles.flip(segment, h.dataOffset() + 16 * 40 + 3, 0x10); // inside the first block's payload
        try (StorageManager c = PROVIDER.open(dir, COMPRESSED)) {
            IntegrityReport report = c.verify();
            assertFalse(report.isClean(), report::toString);
            assertEquals("s", report.damage().get(0).id());
            assertThrows(StorageException.class, () -> c.get("s"));
        }
    }
}
