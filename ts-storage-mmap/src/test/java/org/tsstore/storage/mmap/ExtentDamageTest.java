package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * Damage to the extent records of a series: a flipped bit in an extent's points makes the whole series
 * unreadable (never the points without the extent), a damaged extent header makes it suspect (an extent
 * may be missing), and {@code verify()} reports both; other series read on.
 */
class ExtentDamageTest {

    private static ArrayTimeSeries points(double... times) {
        return ArrayTimeSeries.of(times, times.clone());
    }

    /** A store with series "a" (a store record and two extents) and "b" after it; returns the segment. */
    private static Path build(Path dir) {
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            store.store("a", points(1, 2));
            store.append("a", points(3));
            store.append("a", points(4, 5));
            store.store("b", points(9));
        }
        return dir.resolve(Segment.fileName(1));
    }

    private static RecordHeader firstExtent(Path segment) throws IOException {
        List<RecordHeader> records = SegmentFiles.records(segment);
        assertEquals(RecordFormat.EXTENT, records.get(1).kind);
        return records.get(1);
    }

    @Test
    void aFlippedBitInAnExtentsPointsMakesTheSeriesUnreadable() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-extent-data");
        Path segment = build(dir);
        RecordHeader extent = firstExtent(segment);
        SegmentFiles.flip(segment, extent.dataOffset() + 8, 0x10); // its value
        Files.delete(dir.resolve(HintFile.NAME));
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            StorageException e = assertThrows(StorageException.class, () -> store.get("a"));
            assertTrue(e.getMessage().contains("offset " + extent.offset), e.getMessage());
            assertEquals(points(9), store.get("b"));
            IntegrityReport report = store.verify();
            assertFalse(report.isClean());
            assertEquals("a", report.damage().get(0).id());
        }
    }

    @Test
    void aDamagedExtentHeaderMakesTheSeriesSuspect() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-extent-header");
        Path segment = build(dir);
        RecordHeader extent = firstExtent(segment);
        SegmentFiles.flip(segment, extent.offset + 9, 0x01); // its point count: the header CRC fails
        Files.delete(dir.resolve(HintFile.NAME));
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            assertThrows(StorageException.class, () -> store.get("a"), "an extent of 'a' may be lost");
            assertFalse(store.ids().contains("a"));
            assertEquals(points(9), store.get("b"));
            assertFalse(store.verify().isClean());
        }
    }
}
