package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;

/**
 * storeAll and appendAll: one journal record a batch (its length computed here), the files against
 * {@link NpyModel}'s bytes, a refused batch changing no byte, and batches cut by a crash before and
 * after their record, built by hand.
 */
class BatchTest {

    @TempDir
    Path dir;

    private static double[][] points(int from, int to) {
        double[][] p = new double[2][to - from];
        for (int i = from; i < to; i++) {
            p[0][i - from] = i;
            p[1][i - from] = i * 0.75 - 3;
        }
        return p;
    }

    private static ArrayTimeSeries series(int from, int to) {
        double[][] p = points(from, to);
        return ArrayTimeSeries.of(p[0], p[1]);
    }

    private static byte[] stored(int n) {
        double[][] p = points(0, n);
        return NpyModel.stored(p[0], p[1]);
    }

    private static int crc(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b);
        return (int) c.getValue();
    }

    /** A batch record's length: length, kind, count, per put kind, id length, id and 16 bytes, CRC. */
    private static long batchRecordBytes(String... ids) {
        long n = 4 + 1 + 4 + 4;
        for (String id : ids) {
            n += 1 + 2 + id.getBytes(StandardCharsets.UTF_8).length + 16;
        }
        return n;
    }

    private Map<String, byte[]> snapshot() throws IOException {
        Map<String, byte[]> all = new LinkedHashMap<>();
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                all.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return all;
    }

    @Test
    void eachBatchIsOneJournalRecordAndTheFilesAreTheModels() throws IOException {
        Path journal = dir.resolve(Journal.FILE_NAME);
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            long before = Files.size(journal);
            Map<String, ArrayTimeSeries> stores = new LinkedHashMap<>();
            stores.put("a", series(0, 10));
            stores.put("b", series(0, 3));
            stores.put("\u00e9t\u00e9", series(0, 0));
            m.storeAll(stores);
            assertEquals(before + batchRecordBytes("a", "b", "\u00e9t\u00e9"), Files.size(journal));
            Map<String, ArrayTimeSeries> appends = new LinkedHashMap<>();
            appends.put("a", series(10, 5000));
            appends.put("b", series(3, 4));
            appends.put("\u00e9t\u00e9", series(0, 2));
            appends.put("new", series(0, 7));
            appends.put("nothing", ArrayTimeSeries.empty());
            long mid = Files.size(journal);
            m.appendAll(appends);
            assertEquals(mid + batchRecordBytes("a", "b", "\u00e9t\u00e9", "new"), Files.size(journal));
            assertFalse(m.contains("nothing"));
            int[] sizes = {5000, 4, 2, 7};
            String[] ids = {"a", "b", "\u00e9t\u00e9", "new"};
            for (int i = 0; i < ids.length; i++) {
                assertArrayEquals(stored(sizes[i]), Files.readAllBytes(m.fileOf(ids[i])), ids[i]);
                assertEquals(new IndexEntry(sizes[i], stored(sizes[i]).length, crc(stored(sizes[i]))),
                        m.entry(ids[i]));
                assertEquals(series(0, sizes[i]), m.get(ids[i]));
            }
        }
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(), m.repairs().stream().map(Repair::kind).collect(Collectors.toSet()));
            assertEquals(series(0, 5000), m.get("a"));
            assertTrue(m.verify().isClean());
        }
    }

    @Test
    void oneEntryOutOfOrderRefusesTheWholeBatchAndChangesNoByte() throws IOException {
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.storeAll(Map.of("a", series(0, 10), "b", series(0, 10)));
            Map<String, byte[]> before = snapshot();
            Map<String, ArrayTimeSeries> appends = new LinkedHashMap<>();
            appends.put("a", series(10, 20));
            appends.put("new", series(0, 5));
            appends.put("b", series(9, 20));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.appendAll(appends));
            assertTrue(e.getMessage().contains("\"b\""), e.getMessage());
            Map<String, byte[]> after = snapshot();
            assertEquals(before.keySet(), after.keySet());
            before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
            assertEquals(10, m.size("a"));
            assertFalse(m.contains("new"));
        }
    }

    /** The files a batch of a store of "a" and an append to "b" writes before its record, built by hand. */
    private Path[] writeBatchFiles() throws IOException {
        Path a;
        Path b;
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.storeAll(Map.of("a", series(0, 5), "b", series(0, 100)));
            a = m.fileOf("a");
            b = m.fileOf("b");
        }
        StoreFixtures.writeFile(SeriesPaths.temporary(a), series(0, 50));
        byte[] grown = stored(150);
        try (FileChannel ch = FileChannel.open(b, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(Arrays.copyOfRange(grown, 128 + 1600, grown.length)), 128 + 1600);
            ch.write(ByteBuffer.wrap(Arrays.copyOfRange(grown, 0, 128)), 0);
        }
        return new Path[] {a, b};
    }

    private List<Journal.Record> batchRecord() {
        return List.of(new Journal.Record("a", new IndexEntry(50, stored(50).length, crc(stored(50)))),
                new Journal.Record("b", new IndexEntry(150, stored(150).length, crc(stored(150)))));
    }

    @Test
    void aBatchCutBeforeItsRecordIsAbsentAfterReopen() throws IOException {
        Path[] files = writeBatchFiles();
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(Repair.Kind.STORE_DISCARDED, Repair.Kind.APPEND_DISCARDED),
                    m.repairs().stream().map(Repair::kind).collect(Collectors.toSet()));
            assertEquals(series(0, 5), m.get("a"));
            assertEquals(series(0, 100), m.get("b"));
            assertArrayEquals(stored(100), Files.readAllBytes(files[1]));
            assertFalse(Files.exists(SeriesPaths.temporary(files[0])));
        }
    }

    @Test
    void aBatchWhoseRecordIsTornIsAbsentAfterReopen() throws IOException {
        writeBatchFiles();
        Path journal = dir.resolve(Journal.FILE_NAME);
        long before = Files.size(journal);
        try (Journal j = StoreFixtures.appendTo(dir)) {
            j.appendBatch(batchRecord());
        }
        // Killed while writing the record: it was never witnessed.
        StoreFixtures.unwitness(journal, before);
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(journal) - 3);
        }
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertTrue(m.repairs().stream().anyMatch(r -> r.kind() == Repair.Kind.JOURNAL_TORN));
            assertEquals(series(0, 5), m.get("a"));
            assertEquals(series(0, 100), m.get("b"));
        }
        assertTrue(Files.size(journal) >= before);
    }

    /**
     * The same cut of a record that was witnessed (written whole) is a loss: both ids are held, their files
     * kept, the temporary file that the salvaged record proves completed; nothing is cut back or removed.
     */
    @Test
    void aWitnessedBatchRecordCutLaterHoldsItsIdsAndKeepsTheirFiles() throws IOException {
        Path[] files = writeBatchFiles();
        Path journal = dir.resolve(Journal.FILE_NAME);
        long before = Files.size(journal);
        try (Journal j = StoreFixtures.appendTo(dir)) {
            j.appendBatch(batchRecord());
        }
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(journal) - 3);
        }
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            Set<Repair.Kind> kinds = m.repairs().stream().map(Repair::kind).collect(Collectors.toSet());
            assertTrue(kinds.containsAll(Set.of(Repair.Kind.JOURNAL_DAMAGED, Repair.Kind.HELD,
                    Repair.Kind.STORE_COMPLETED)), kinds.toString());
            assertFalse(kinds.contains(Repair.Kind.APPEND_DISCARDED), kinds.toString());
            for (String id : List.of("a", "b")) {
                StorageException e = assertThrows(StorageException.class, () -> m.get(id));
                assertTrue(e.getMessage().contains(journal + " at byte " + before), e.getMessage());
            }
            assertArrayEquals(stored(50), Files.readAllBytes(files[0]));
            assertArrayEquals(stored(150), Files.readAllBytes(files[1]));
            assertEquals(2, m.verify().damage().size());
        }
    }

    @Test
    void aBatchJournaledButNotRenamedIsCompletedAfterReopen() throws IOException {
        writeBatchFiles();
        try (Journal j = StoreFixtures.appendTo(dir)) {
            j.appendBatch(batchRecord());
        }
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(Repair.Kind.STORE_COMPLETED),
                    m.repairs().stream().map(Repair::kind).collect(Collectors.toSet()));
            assertEquals(series(0, 50), m.get("a"));
            assertEquals(series(0, 150), m.get("b"));
            assertTrue(m.verify().isClean());
        }
    }
}
