package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * Damage done from outside while the store is open: another process cuts a segment short or zeroes bytes in it,
 * after every series was read (so their records count as checked). {@code verify()} reports the damage, naming
 * the file and offset, and never throws for it; from then on the series in the damaged bytes are refused.
 * {@code compact()} checks every record it copies: it leaves the damaged ones where they are (refused, reported,
 * their segment kept) and copies the others. Reopened, the store still reports the damage and refuses them.
 * (A view obtained before the damage, or a record read before it and read again without a {@code verify()} or
 * compaction in between, reads what the mapping shows: RELIABILITY.md, "Limits, stated".)
 */
class ExternalDamageTest {

    private static ArrayTimeSeries points(int n, double start) {
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = start + i;
            v[i] = start * 2 + i;
        }
        return ArrayTimeSeries.of(t, v);
    }

    /** A store of "a", "b" (whose record the damage hits) and "c" after it, each read once. */
    private static Map<String, ArrayTimeSeries> fill(MmapStorageManager store) {
        Map<String, ArrayTimeSeries> model = Map.of("a", points(20_000, 1), "b", points(20_000, 2), "c",
                points(20_000, 3));
        for (String id : List.of("a", "b", "c")) {
            store.store(id, model.get(id));
        }
        store.flush();
        model.forEach((id, s) -> assertEquals(s, store.get(id)));
        return model;
    }

    private static RecordHeader record(Path segment, String id) throws IOException {
        return SegmentFiles.records(segment).stream().filter(h -> id.equals(h.id)).findFirst().orElseThrow();
    }

    private static void assertRefused(MmapStorageManager store, String id, Path segment) {
        StorageException e = assertThrows(StorageException.class, () -> store.get(id), id);
        assertTrue(e.getMessage().contains(segment.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
    }

    @Test
    void aSegmentCutShortWhileOpenIsReportedNotThrown() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-external-cut");
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            fill(store);
            Path segment = dir.resolve(Segment.fileName(1));
            RecordHeader b = record(segment, "b");
            long cut = b.offset + 4096 + 40; // inside b's times, and not on a page boundary
            SegmentFiles.truncate(segment, cut);

            IntegrityReport report = store.verify();
            assertFalse(report.isClean());
            assertTrue(report.damage().stream().anyMatch(d -> d.location().equals(segment + " at offset " + cut)),
                    report.damage().toString());
            assertRefused(store, "b", segment);
            assertRefused(store, "c", segment);
            assertEquals(points(20_000, 1), store.get("a"));
            assertFalse(store.ids().contains("b"));
            assertThrows(StorageException.class, store::compact, "a damaged store is not compacted");
            store.store("d", points(10, 4));
            assertEquals(points(10, 4), store.get("d"));
        }
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            assertFalse(store.verify().isClean());
            Path segment = dir.resolve(Segment.fileName(1));
            assertRefused(store, "b", segment);
            assertRefused(store, "c", segment);
            assertEquals(points(10, 4), store.get("d"));
        }
    }

    @Test
    void compactionLeavesRecordsCutShortWhereTheyAre() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-external-cut-compact");
        Path segment = dir.resolve(Segment.fileName(1));
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            fill(store);
            RecordHeader b = record(segment, "b");
            long cut = b.offset + 4096 + 40;
            SegmentFiles.truncate(segment, cut);

            store.compact(); // no verify() first: compaction finds the damage itself
            assertEquals(points(20_000, 1), store.get("a"), "copied");
            assertRefused(store, "b", segment);
            assertRefused(store, "c", segment);
            assertTrue(Files.exists(segment), "the segment holding the damaged records stays");
            IntegrityReport report = store.verify();
            assertTrue(report.damage().stream().anyMatch(d -> d.id().equals("b")), report.damage().toString());
            assertTrue(report.damage().stream().anyMatch(d -> d.id().equals("c")), report.damage().toString());
        }
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            assertFalse(store.verify().isClean());
            assertEquals(points(20_000, 1), store.get("a"));
            assertRefused(store, "b", segment);
            assertRefused(store, "c", segment);
        }
    }

    @Test
    void compactionLeavesZeroedRecordsWhereTheyAre() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-external-zero");
        Path segment = dir.resolve(Segment.fileName(1));
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            fill(store);
            RecordHeader b = record(segment, "b");
            SegmentFiles.zero(segment, b.dataOffset() + 8 * 5000, b.dataOffset() + 8 * 6000); // 1,000 of its times

            store.compact();
            assertEquals(points(20_000, 1), store.get("a"));
            assertEquals(points(20_000, 3), store.get("c"), "copied: its record is intact");
            assertRefused(store, "b", segment);
            assertTrue(Files.exists(segment), "the segment holding the damaged record stays");
            IntegrityReport report = store.verify();
            assertTrue(report.damage().stream().anyMatch(d -> d.id().equals("b")), report.damage().toString());
            assertThrows(StorageException.class, store::compact, "a store known damaged is not compacted again");
        }
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            assertFalse(store.verify().isClean());
            assertEquals(points(20_000, 1), store.get("a"));
            assertEquals(points(20_000, 3), store.get("c"));
            assertRefused(store, "b", segment);
        }
    }

    /**
     * A segment file deleted while the store is open is still read through the open file, but would be lost with
     * it: {@code verify()} reports it, and its series are refused.
     */
    @Test
    void aSegmentFileDeletedWhileOpenIsReported() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-external-gone");
        try (MmapStorageManager store = MmapStorageManager.open(dir, Map.of("segmentBytes", "64k"))) {
            for (int i = 0; i < 20; i++) {
                store.store("s" + i, points(500, i));
            }
            Path first = dir.resolve(Segment.fileName(1));
            String inFirst = SegmentFiles.records(first).get(0).id;
            Files.delete(first);
            IntegrityReport report = store.verify();
            assertTrue(report.damage().stream().anyMatch(d -> d.location().equals(first.toString())
                    && d.problem().contains("gone")), report.damage().toString());
            assertRefused(store, inFirst, first);
            assertEquals(points(500, 19), store.get("s19"));
        }
    }
}
