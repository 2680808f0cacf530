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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * A damaged store never answers "absent" for an id whose records may have been among those lost: an id with no
 * record after the damage (never stored as far as the surviving records tell, or deleted before the damage) is
 * refused by {@code get}, {@code size}, {@code contains} and {@code append} with a {@link StorageException}
 * naming the segment file and the offset, until it is stored or deleted again (both write a record after the
 * damage) or the store is repaired. A tombstone after the damage still answers "absent".
 */
class MaybeLostIdsTest {

    private static final Map<String, String> SYNC = Map.of("durability", "sync");

    private static ArrayTimeSeries points(int n) {
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i;
            v[i] = n * 10 + i;
        }
        return ArrayTimeSeries.of(t, v);
    }

    private static StorageException refused(Executable call, String segment, String offset) {
        StorageException e = assertThrows(StorageException.class, call);
        assertTrue(e.getMessage().contains(segment), e.getMessage());
        assertTrue(e.getMessage().contains(offset), e.getMessage());
        return e;
    }

    /**
     * The reproduction: "old" (3 points) and "A" (4 points) stored with {@code durability=sync}, the
     * segment cut 13 bytes short of its witnessed end. "A"'s record is the one cut, so the store knows only that
     * records after offset 104 were lost; "A" is refused like "old", never answered "absent".
     */
    @Test
    void anIdWhoseRecordWasCutIsRefusedNotAbsent() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-maybe-lost");
        try (MmapStorageManager store = MmapStorageManager.open(dir, SYNC)) {
            store.store("old", points(3));
            store.store("A", points(4));
        }
        Path segment = dir.resolve(Segment.fileName(1));
        long witnessed = SegmentFiles.witness(segment);
        SegmentFiles.truncate(segment, witnessed - 13);
        String file = segment.toString();
        try (MmapStorageManager store = MmapStorageManager.open(dir, SYNC)) {
            refused(() -> store.get("old"), file, "offset 104");
            for (String id : List.of("A", "never-stored")) {
                StorageException e = refused(() -> store.get(id), file, "offset 104");
                assertTrue(e.getMessage().contains("\"" + id + "\""), e.getMessage());
                refused(() -> store.contains(id), file, "offset 104");
                refused(() -> store.size(id), file, "offset 104");
                refused(() -> store.get(id, 0, 10), file, "offset 104");
                refused(() -> store.append(id, points(1)), file, "offset 104");
                refused(() -> store.appendAll(Map.of(id, points(1), "other", points(2))), file, "offset 104");
            }
            assertEquals(Set.of(), store.ids());
            assertFalse(store.verify().isClean());

            // a store writes a record after the damage: the id is known again
            store.store("A", points(5));
            assertEquals(points(5), store.get("A"));
            // so does a delete: the refused id is then certainly absent
            assertTrue(store.delete("never-stored"), "a delete of a refused id removes what the damage may have lost");
            assertThrows(NoSuchSeriesException.class, () -> store.get("never-stored"));
            assertFalse(store.contains("never-stored"));
            refused(() -> store.get("another"), file, "offset 104");
        }
        try (MmapStorageManager store = MmapStorageManager.open(dir, SYNC)) {
            assertEquals(points(5), store.get("A"));
            assertThrows(NoSuchSeriesException.class, () -> store.get("never-stored"), "its tombstone follows the loss");
            refused(() -> store.get("old"), file, "offset 104");
            refused(() -> store.get("another"), file, "offset 104");
            assertEquals(Set.of("A"), store.ids());
        }
    }

    /**
     * A damaged stretch in the middle of the log (a zeroed record header, no hint): an id deleted before it may
     * have been stored again in the lost record and is refused; one deleted after it is absent for certain.
     */
    @Test
    void aTombstoneAfterTheDamageAnswersAbsentOneBeforeItDoesNot() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-maybe-lost-tombstones");
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            store.store("deleted-before", points(2));
            store.delete("deleted-before");
            store.store("hit", points(3));
            store.store("deleted-after", points(2));
            store.delete("deleted-after");
            store.store("later", points(4));
        }
        Files.delete(dir.resolve(HintFile.NAME));
        Path segment = dir.resolve(Segment.fileName(1));
        RecordHeader hit = SegmentFiles.records(segment).stream().filter(h -> "hit".equals(h.id)).findFirst()
                .orElseThrow();
        SegmentFiles.zero(segment, hit.offset, hit.offset + 8);
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            String at = "offset " + hit.offset + " to";
            refused(() -> store.get("deleted-before"), segment.toString(), at);
            refused(() -> store.get("hit"), segment.toString(), at);
            refused(() -> store.contains("never-stored"), segment.toString(), at);
            assertThrows(NoSuchSeriesException.class, () -> store.get("deleted-after"));
            assertFalse(store.contains("deleted-after"));
            assertEquals(points(4), store.get("later"));
            assertEquals(Set.of("later"), store.ids());
        }
    }

    /**
     * A record whose header is intact but whose end mark is damaged names its id: that id is refused even when
     * it has no other record (it is not absent: its only record is damaged); other ids are unaffected, and an id
     * never stored is answered "absent" (the damage hid no record of any other id).
     */
    @Test
    void theIdOfADamagedRecordIsRefusedEvenWithoutAnOlderRecord() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-maybe-lost-one");
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            store.store("a", points(2));
            store.store("only", points(3));
            store.store("b", points(4));
        }
        Files.delete(dir.resolve(HintFile.NAME));
        Path segment = dir.resolve(Segment.fileName(1));
        RecordHeader only = SegmentFiles.records(segment).get(1);
        assertEquals("only", only.id);
        SegmentFiles.flip(segment, only.end() - 2, 0x40);
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            refused(() -> store.get("only"), segment.toString(), "offset " + only.offset);
            refused(() -> store.size("only"), segment.toString(), "offset " + only.offset);
            assertEquals(points(2), store.get("a"));
            assertEquals(points(4), store.get("b"));
            assertThrows(NoSuchSeriesException.class, () -> store.get("never-stored"));
            assertEquals(Set.of("a", "b"), store.ids());
        }
    }
}
