package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;
import static org.tsstore.testkit.ReadModeModel.assertMatches;
import static org.tsstore.testkit.ReadModeModel.concat;
import static org.tsstore.testkit.ReadModeModel.points;
import static org.tsstore.testkit.ReadModeModel.series;
import org.tsstore.testkit.ReadModeModel;

/**
 * {@code mode=read} on the file backend: a reader on the directory of a live writer in this JVM follows it (new
 * series, appends, overwrites, deletes, batches, folds of the journal) against a model of plain arrays, serves no
 * journal record past the witness and ignores a torn tail, serves the entry's version while the writer is between
 * its record and its rename or mid-append, reports a file that never matches, leaves the directory byte for byte
 * as it found it, and refuses every write.
 */
class ReadModeTest {

    private static final FileStorageManagerProvider PROVIDER = new FileStorageManagerProvider();

    private static StorageManager reader(Path dir) {
        return PROVIDER.open(dir, Map.of("mode", "read"));
    }


    @Test
    void followsEveryKindOfWriteAndFold() throws Exception {
        Path dir = StoreDirectories.newDirectory("file-readmode");
        Map<String, double[][]> model = new TreeMap<>();
        SplittableRandom random = new SplittableRandom(17);
        try (FileStorageManager writer = FileStorageManager.open(dir); StorageManager reader = reader(dir)) {
            assertEquals(Map.of().keySet(), reader.ids());
            int folds = 0;
            for (int op = 0; op < 400; op++) {
                int id = random.nextInt(12);
                String key = "s" + id;
                int kind = random.nextInt(10);
                double[][] old = model.get(key);
                if (kind < 3) {
                    double[][] p = points(id, op, 0, 1 + random.nextInt(20));
                    writer.store(key, series(p));
                    model.put(key, p);
                } else if (kind < 6 && old != null && old[0].length > 0) {
                    double[][] p = points(id, op, old[0][old[0].length - 1] + 1, 1 + random.nextInt(5));
                    writer.append(key, series(p));
                    model.put(key, concat(old, p));
                } else if (kind == 6) {
                    assertEquals(old != null, writer.delete(key));
                    model.remove(key);
                } else if (kind == 7) {
                    String other = "s" + ((id + 1) % 12);
                    double[][] p = points(id, op, 0, 3);
                    double[][] q = points(id + 1, op, 0, 4);
                    writer.storeAll(Map.of(key, series(p), other, series(q)));
                    model.put(key, p);
                    model.put(other, q);
                } else if (kind == 8) {
                    if (random.nextBoolean()) {
                        writer.compact();
                    } else {
                        writer.flush();
                    }
                    folds++;
                } else if (old != null) {
                    double[][] p = points(id, op, old[0][old[0].length - 1] + 1, 2);
                    writer.appendAll(Map.of(key, series(p)));
                    model.put(key, concat(old, p));
                } else {
                    continue;
                }
                assertMatches(model, reader, "after operation " + op);
            }
            assertTrue(folds >= 20, "folds: " + folds);
            assertThrows(NoSuchSeriesException.class, () -> reader.get("never"));
        }
    }

    private static Path journal(Path dir) {
        return dir.resolve(Journal.FILE_NAME);
    }

    /** The journal's witnessed end. */
    private static long witness(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(journal(dir), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8);
            ch.read(b, Journal.WITNESS_AT);
            return b.getLong(0);
        }
    }

    /** Rewrites the witness, with its checksum, as the writer does. */
    private static void setWitness(Path dir, long end) throws IOException {
        try (FileChannel ch = FileChannel.open(journal(dir), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer g = ByteBuffer.allocate(8);
            ch.read(g, 8);
            long generation = g.getLong(0);
            ch.write(ByteBuffer.allocate(12).putLong(end).putInt(Journal.witnessCrc(generation, end)).flip(),
                    Journal.WITNESS_AT);
        }
    }

    @Test
    void aRecordPastTheWitnessIsNotServedUntilWitnessed() throws Exception {
        Path dir = StoreDirectories.newDirectory("file-readmode-witness");
        double[][] a = points(1, 1, 0, 5);
        double[][] b1 = points(2, 1, 0, 3);
        double[][] b2 = points(2, 2, 0, 7);
        try (FileStorageManager writer = FileStorageManager.open(dir)) {
            writer.store("a", series(a));
            writer.store("b", series(b1));
            long acknowledged = witness(dir);
            writer.store("b", series(b2));
            writer.store("c", series(a));
            long later = witness(dir);
            try (StorageManager reader = reader(dir)) {
                assertMatches(Map.of("a", a, "b", b2, "c", a), reader, "every record witnessed");
                setWitness(dir, acknowledged); // as if the last two were not acknowledged: a new reader
                try (StorageManager early = reader(dir)) {
                    assertEquals(Map.of("a", a, "b", b1).keySet(), early.ids());
                    assertEquals(3, early.size("b"));
                    setWitness(dir, later); // the writer acknowledges them; read on incrementally
                    assertMatches(Map.of("a", a, "b", b2, "c", a), early, "witness after them");
                }
            }
        }
    }

    @Test
    void aTornJournalTailIsIgnored() throws Exception {
        Path dir = StoreDirectories.newDirectory("file-readmode-torn");
        double[][] a = points(1, 1, 0, 5);
        try (FileStorageManager writer = FileStorageManager.open(dir)) {
            writer.store("a", series(a));
            try (StorageManager reader = reader(dir)) {
                assertMatches(Map.of("a", a), reader, "before the tail");
                // the first bytes of a record, as a write cut short leaves them
                Files.write(journal(dir), new byte[] {0, 0, 0, 40, 1, 0, 1}, StandardOpenOption.APPEND);
                assertMatches(Map.of("a", a), reader, "beside a torn tail");
                try (StorageManager late = reader(dir)) {
                    assertMatches(Map.of("a", a), late, "opened beside a torn tail");
                }
            }
        }
    }

    @Test
    void aStoreBetweenItsRecordAndItsRenameServesTheTemporaryFile() throws Exception {
        Path dir = StoreDirectories.newDirectory("file-readmode-rename");
        double[][] v1 = points(1, 1, 0, 5);
        double[][] v2 = points(1, 2, 0, 9);
        try (FileStorageManager writer = FileStorageManager.open(dir); StorageManager reader = reader(dir)) {
            writer.store("a", series(v1));
            Path file = writer.fileOf("a");
            byte[] old = Files.readAllBytes(file);
            writer.store("a", series(v2));
            byte[] fresh = Files.readAllBytes(file);
            // the index says v2; the file is v1 and v2 waits in the temporary file: a rename not yet done
            Files.write(SeriesPaths.temporary(file), fresh);
            Files.write(file, old);
            assertMatches(Map.of("a", v2), reader, "between record and rename");
            Files.delete(SeriesPaths.temporary(file));
            Files.write(file, fresh);
        }
    }

    @Test
    void anAppendBeforeItsRecordServesTheOldPoints() throws Exception {
        Path dir = StoreDirectories.newDirectory("file-readmode-append");
        double[][] a = points(1, 1, 0, 5);
        double[][] more = points(1, 2, 5, 3);
        try (FileStorageManager writer = FileStorageManager.open(dir)) {
            writer.store("a", series(a));
            long before = witness(dir);
            writer.append("a", series(more));
            long after = witness(dir);
            setWitness(dir, before); // the points and header are written, the record not acknowledged
            try (StorageManager reader = reader(dir)) {
                assertMatches(Map.of("a", a), reader, "an append before its record");
                setWitness(dir, after);
                assertMatches(Map.of("a", concat(a, more)), reader, "once its record is witnessed");
            }
        }
    }

    @Test
    void aFileThatNeverMatchesItsEntryIsReportedNotServed() throws Exception {
        Path dir = StoreDirectories.newDirectory("file-readmode-damaged");
        try (FileStorageManager writer = FileStorageManager.open(dir)) {
            writer.store("a", series(points(1, 1, 0, 50)));
            Path file = writer.fileOf("a");
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length - 3] ^= 0x10;
            Files.write(file, bytes);
            try (StorageManager reader = reader(dir)) {
                StorageException e = assertThrows(StorageException.class, () -> reader.get("a"));
                assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("CRC"), e.getMessage());
                assertEquals(50, reader.size("a"));
            }
        }
    }

    /** Every file under a directory, by relative name, with its bytes. */
    private static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> all = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                all.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return all;
    }

    private static void assertSameFiles(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet(), "file names");
        for (String name : before.keySet()) {
            assertArrayEquals(before.get(name), after.get(name), "bytes of " + name);
        }
    }

    @Test
    void theReaderChangesNoByteOfTheDirectory() throws Exception {
        Path dir = StoreDirectories.newDirectory("file-readmode-untouched");
        try (FileStorageManager writer = FileStorageManager.open(dir)) {
            for (int i = 0; i < 60; i++) {
                writer.store("s" + (i % 7), series(points(i % 7, i, 0, 10)));
            }
            writer.delete("s3");
            // what a writer's open would clean up: a torn journal tail, a temporary file
            Files.write(journal(dir), new byte[] {0, 0, 0, 40, 1}, StandardOpenOption.APPEND);
            Files.write(SeriesPaths.temporary(writer.fileOf("s1")), new byte[] {9});
            Map<String, byte[]> before = contents(dir);
            try (StorageManager reader = reader(dir)) {
                for (String id : reader.ids()) {
                    reader.get(id);
                    reader.get(id, 2, 5);
                    reader.size(id);
                }
                assertFalse(reader.contains("s3"));
                reader.verify();
                reader.flush();
            }
            assertSameFiles(before, contents(dir));
        }
    }

    @Test
    void everyWriteIsRefusedSayingReadOnly() throws Exception {
        Path dir = StoreDirectories.newDirectory("file-readmode-refused");
        double[][] a = points(1, 1, 0, 5);
        try (FileStorageManager writer = FileStorageManager.open(dir)) {
            writer.store("a", series(a));
        }
        Map<String, byte[]> before = contents(dir);
        try (StorageManager reader = reader(dir)) {
            ArrayTimeSeries more = series(points(1, 2, 10, 2));
            List<Executable> writes = List.of(
                    () -> reader.store("a", more),
                    () -> reader.store("new", more),
                    () -> reader.append("a", more),
                    () -> reader.storeAll(Map.of("a", more, "b", more)),
                    () -> reader.appendAll(Map.of("a", more)),
                    () -> reader.delete("a"),
                    reader::compact,
                    reader::repair);
            for (Executable w : writes) {
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, w);
                assertTrue(e.getMessage().contains("opened read-only"), e.getMessage());
                assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            }
            reader.flush();
            assertMatches(Map.of("a", a), reader, "after the refused writes");
        }
        assertSameFiles(before, contents(dir));
    }

    @Test
    void aMissingDirectoryIsRefusedAndNotCreated() {
        Path dir = StoreDirectories.newDirectory("file-readmode-missing").resolve("absent");
        StorageException e = assertThrows(StorageException.class, () -> reader(dir));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertFalse(Files.exists(dir));
    }

    @Test
    void anUnknownModeIsRefusedNamingTheOption() {
        Path dir = StoreDirectories.newDirectory("file-readmode-badmode");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PROVIDER.open(dir, Map.of("mode", "readonly")));
        assertTrue(e.getMessage().contains("mode"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FileStorageManager.open(dir, Map.of("mode", "read")));
        try (StorageManager writer = PROVIDER.open(dir, Map.of("mode", "write"))) {
            assertTrue(writer instanceof FileStorageManager);
        }
    }

    @Test
    void aReaderRunsBesideTheWriterWhileTheWriterHoldsTheLock() throws Exception {
        Path dir = StoreDirectories.newDirectory("file-readmode-lock");
        try (FileStorageManager writer = FileStorageManager.open(dir);
                StorageManager r1 = reader(dir);
                StorageManager r2 = reader(dir)) {
            writer.store("x", series(points(1, 1, 0, 2)));
            assertEquals(2, r1.size("x"));
            assertEquals(2, r2.size("x"));
            assertThrows(StorageException.class, () -> FileStorageManager.open(dir)); // the one writer
        }
    }

    @Test
    void aReaderOutlivesItsWriterAndFollowsTheNextOne() throws Exception {
        Path dir = StoreDirectories.newDirectory("file-readmode-next-writer");
        double[][] a = points(1, 1, 0, 5);
        double[][] b = points(2, 1, 0, 9);
        double[][] more = points(1, 2, 5, 3);
        FileStorageManager first = FileStorageManager.open(dir);
        first.store("a", series(a));
        try (StorageManager reader = reader(dir)) {
            assertMatches(Map.of("a", a), reader, "beside the first writer");
            first.close(); // folds the journal
            assertMatches(Map.of("a", a), reader, "after the first writer closed");
            try (FileStorageManager second = FileStorageManager.open(dir)) {
                second.store("b", series(b));
                assertMatches(Map.of("a", a, "b", b), reader, "beside the second writer");
                second.append("a", series(more));
                second.delete("b");
                assertMatches(Map.of("a", concat(a, more)), reader, "after its append and delete");
            }
        }
    }

    @Test
    void aReaderThreadBesideAWriterThreadSeesOnlyAcknowledgedVersionsInOrder() throws Exception {
        Path dir = StoreDirectories.newDirectory("file-readmode-live");
        try (FileStorageManager writer = FileStorageManager.open(dir); StorageManager reader = reader(dir)) {
            ReadModeModel.assertReaderThreadFollowsWriterThread(writer, reader, 6, 2000);
        }
    }
}
