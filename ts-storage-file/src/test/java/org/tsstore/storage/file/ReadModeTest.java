package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.ReadOnlyContract;
import org.tsstore.testkit.StoreDirectories;
import static org.tsstore.testkit.ReadModeModel.assertMatches;
import static org.tsstore.testkit.ReadModeModel.concat;
import static org.tsstore.testkit.ReadModeModel.points;
import static org.tsstore.testkit.ReadModeModel.series;

/**
 * {@code mode=read} on the file backend: the {@link ReadOnlyContract} (a reader follows every kind of write and
 * fold of a live writer, refuses writes, changes no byte, outlives its writer), and what is the file backend's own:
 * no journal record past the witness is served and a torn tail is ignored, the entry's version is served while the
 * writer is between its record and its rename or mid-append, and a file that never matches is reported.
 */
class ReadModeTest implements ReadOnlyContract {

    private static final FileStorageManagerProvider PROVIDER = new FileStorageManagerProvider();

    @Override
    public BackendFixture fixture() {
        return FileBackendTest.FILE;
    }

    /** A torn journal tail and a temporary series file, as a cut write leaves them. */
    @Override
    public void leaveWhatAWriterCleansUp(StorageManager writer, Path dir) throws IOException {
        Files.write(journal(dir), new byte[] {0, 0, 0, 40, 1}, StandardOpenOption.APPEND);
        Files.write(SeriesPaths.temporary(((FileStorageManager) writer).fileOf("s1")), new byte[] {9});
    }

    private static StorageManager reader(Path dir) {
        return PROVIDER.open(dir, Map.of("mode", "read"));
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

    @Test
    void theWritersOwnOpenRefusesModeRead() {
        Path dir = StoreDirectories.newDirectory("file-readmode-writer-open");
        assertThrows(IllegalArgumentException.class, () -> FileStorageManager.open(dir, Map.of("mode", "read")));
        try (StorageManager writer = PROVIDER.open(dir, Map.of("mode", "write"))) {
            assertTrue(writer instanceof FileStorageManager);
        }
    }
}
