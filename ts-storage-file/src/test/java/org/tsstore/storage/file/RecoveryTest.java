package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tsstore.storage.file.StoreFixtures.series;
import static org.tsstore.storage.file.StoreFixtures.writeFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Each state a crash (or worse) can leave a store in, built by hand, and what opening it must make of it:
 * the repair, the log line, and the series read back.
 */
class RecoveryTest {

    @TempDir
    Path dir;

    private static Set<Repair.Kind> kinds(FileStorageManager m) {
        return m.repairs().stream().map(Repair::kind).collect(Collectors.toSet());
    }

    private static List<Repair> of(FileStorageManager m, Repair.Kind kind) {
        return m.repairs().stream().filter(r -> r.kind() == kind).collect(Collectors.toList());
    }

    /** A store killed between its journal record and its rename: the new series is completed. */
    @Test
    void aStoreJournaledButNotRenamedIsCompleted() throws Exception {
        ArrayTimeSeries v1 = series(10, 1);
        ArrayTimeSeries v2 = series(2000, 2);
        Path file;
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", v1);
            file = m.fileOf("a");
        }
        Path tmp = SeriesPaths.temporary(file);
        IndexEntry entry = writeFile(tmp, v2);
        try (Journal j = StoreFixtures.appendTo(dir)) {
            j.appendPut("a", entry);
        }
        try (StoreFixtures.LogCapture log = new StoreFixtures.LogCapture();
                FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(Repair.Kind.STORE_COMPLETED), kinds(m));
            assertEquals(v2, m.get("a"));
            assertFalse(Files.exists(tmp));
            assertTrue(log.logged(Level.INFO, "STORE_COMPLETED", "\"a\"", file.toString()));
        }
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(List.of(), m.repairs(), "repaired once, folded into the snapshot");
            assertEquals(v2, m.get("a"));
        }
    }

    /** A store killed before its journal record (whole or half written): the old series stays. */
    @Test
    void aStoreNotJournaledIsDiscarded() throws Exception {
        ArrayTimeSeries v1 = series(10, 1);
        Path fileA;
        Path fileB;
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", v1);
            fileA = m.fileOf("a");
            fileB = m.fileOf("b");
        }
        writeFile(SeriesPaths.temporary(fileA), series(5000, 9));
        writeFile(SeriesPaths.temporary(fileB), series(5000, 9));
        try (var ch = java.nio.channels.FileChannel.open(SeriesPaths.temporary(fileB),
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(1000); // killed half way through writing
        }
        try (StoreFixtures.LogCapture log = new StoreFixtures.LogCapture();
                FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(Repair.Kind.STORE_DISCARDED), kinds(m));
            assertEquals(2, of(m, Repair.Kind.STORE_DISCARDED).size());
            assertEquals(v1, m.get("a"));
            assertEquals(Set.of("a"), m.ids());
            assertFalse(Files.exists(SeriesPaths.temporary(fileA)));
            assertFalse(Files.exists(SeriesPaths.temporary(fileB)));
            assertTrue(log.logged(Level.INFO, "STORE_DISCARDED", "\"b\""));
        }
    }

    /** A temporary file whose record names other contents (an older store's) is not mistaken for it. */
    @Test
    void aTemporaryFileIsCompletedOnlyIfItMatchesTheLastRecord() throws Exception {
        ArrayTimeSeries v1 = series(10, 1);
        ArrayTimeSeries v2 = series(10, 2); // same length, other values
        Path file;
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", v1);
            file = m.fileOf("a");
        }
        writeFile(SeriesPaths.temporary(file), v2);
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(Repair.Kind.STORE_DISCARDED), kinds(m));
            assertEquals(v1, m.get("a"));
        }
    }

    /** A delete killed between its journal record and removing the file: the delete is completed. */
    @Test
    void aDeleteJournaledButNotDoneIsCompleted() throws Exception {
        Path file;
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", series(3, 1));
            m.store("b", series(4, 1));
            file = m.fileOf("a");
        }
        try (Journal j = StoreFixtures.appendTo(dir)) {
            j.appendDelete("a");
        }
        try (StoreFixtures.LogCapture log = new StoreFixtures.LogCapture();
                FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(Repair.Kind.DELETE_COMPLETED), kinds(m));
            assertEquals(Set.of("b"), m.ids());
            assertFalse(Files.exists(file));
            assertTrue(log.logged(Level.INFO, "DELETE_COMPLETED", "\"a\""));
        }
    }

    /**
     * A journal record whose file is missing can only be damage (a store returns after both): it is
     * reported, never silently dropped, until the id is stored again or deleted.
     */
    @Test
    void aRecordWhoseFileIsMissingIsReportedAsDamage() throws Exception {
        Path file;
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", series(30, 1));
            m.store("b", series(4, 1));
            file = m.fileOf("a");
        }
        Files.delete(file);
        try (StoreFixtures.LogCapture log = new StoreFixtures.LogCapture();
                FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(Repair.Kind.FILE_MISSING), kinds(m));
            assertTrue(log.logged(Level.SEVERE, "FILE_MISSING", "\"a\"", file.toString()));
            assertTrue(m.contains("a"));
            assertEquals(30, m.size("a"), "size comes from the index");
            StorageException e = assertThrows(StorageException.class, () -> m.get("a"));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("missing")
                    && e.getMessage().contains("\"a\""), e.getMessage());
            IntegrityReport report = m.verify();
            assertEquals(1, report.damage().size());
            assertEquals("a", report.damage().get(0).id());
            assertEquals(file.toString(), report.damage().get(0).location());
            assertEquals(2, report.seriesChecked());
        }
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(Repair.Kind.FILE_MISSING), kinds(m), "reported on every open until resolved");
            m.store("a", series(2, 7));
            assertTrue(m.verify().isClean());
        }
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(List.of(), m.repairs());
            assertEquals(series(2, 7), m.get("a"));
        }
    }

    @Test
    void deletingADamagedSeriesResolvesIt() throws Exception {
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", series(30, 1));
            Files.delete(m.fileOf("a"));
            assertTrue(m.delete("a"));
            assertFalse(m.contains("a"));
            assertTrue(m.verify().isClean());
        }
    }

    /**
     * A torn last journal record, after the witnessed end (a store that never returned), is ignored; what
     * came before is kept.
     */
    @Test
    void aTornJournalTailIsIgnored() throws Exception {
        ArrayTimeSeries a = series(6, 1);
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("keep", series(2, 2));
        }
        Path file = SeriesPaths.file(dir, "a");
        IndexEntry entry = writeFile(file, a);
        long before;
        Path journal = dir.resolve(Journal.FILE_NAME);
        try (Journal j = StoreFixtures.appendTo(dir)) {
            j.appendPut("a", entry);
            before = j.size();
            j.appendPut("never", new IndexEntry(1, 144, 3));
        }
        StoreFixtures.unwitness(journal, before);
        try (var ch = java.nio.channels.FileChannel.open(journal, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(before + 9);
        }
        try (StoreFixtures.LogCapture log = new StoreFixtures.LogCapture();
                FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(Repair.Kind.JOURNAL_TORN), kinds(m));
            assertEquals(Set.of("keep", "a"), m.ids());
            assertEquals(a, m.get("a"));
            assertTrue(log.logged(Level.INFO, "JOURNAL_TORN", journal.toString()));
        }
    }

    /**
     * The same cut of a record the journal witnessed as written whole is a loss, not a torn tail: reported,
     * the journal kept aside; ids whose files agree with the surviving records are served.
     */
    @Test
    void aCutBeforeTheWitnessedEndIsALossNotATornTail() throws Exception {
        ArrayTimeSeries a = series(6, 1);
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("keep", series(2, 2));
        }
        IndexEntry entry = writeFile(SeriesPaths.file(dir, "a"), a);
        long before;
        Path journal = dir.resolve(Journal.FILE_NAME);
        try (Journal j = StoreFixtures.appendTo(dir)) {
            j.appendPut("a", entry);
            before = j.size();
            j.appendPut("never", new IndexEntry(1, 144, 3));
        }
        try (var ch = java.nio.channels.FileChannel.open(journal, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(before + 9);
        }
        try (StoreFixtures.LogCapture log = new StoreFixtures.LogCapture();
                FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(Repair.Kind.JOURNAL_DAMAGED), kinds(m));
            Repair r = of(m, Repair.Kind.JOURNAL_DAMAGED).get(0);
            assertTrue(r.detail().contains("at byte " + before), r.detail());
            assertEquals(Set.of("keep", "a"), m.ids());
            assertEquals(a, m.get("a"));
            assertTrue(Files.exists(dir.resolve(Journal.FILE_NAME + ".damaged")));
            assertTrue(log.logged(Level.SEVERE, "JOURNAL_DAMAGED", journal.toString()));
        }
    }

    /**
     * A bad record followed by good ones is not a crash's doing: the journal is kept aside, the good records
     * after the damage still count, and an id the damaged record may have changed is held, its file kept.
     */
    @Test
    void aDamagedJournalIsKeptAsideAndTheIdsItMayHaveChangedAreHeld() throws Exception {
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("keep", series(2, 2));
        }
        ArrayTimeSeries a1 = series(5, 1);
        ArrayTimeSeries a2 = series(8, 2);
        ArrayTimeSeries b = series(3, 3);
        Path fileA = SeriesPaths.file(dir, "a");
        Path fileB = SeriesPaths.file(dir, "b");
        IndexEntry a1Entry = writeFile(fileA, a1);
        long damagedAt;
        try (Journal j = StoreFixtures.appendTo(dir)) {
            j.appendPut("a", a1Entry);
            damagedAt = j.size();
            j.appendPut("b", writeFile(fileB, b));
            j.appendPut("a", writeFile(fileA, a2));
        }
        Path journal = dir.resolve(Journal.FILE_NAME);
        byte[] bytes = Files.readAllBytes(journal);
        bytes[(int) damagedAt + 8] ^= 0x10; // in the points of b's entry
        Files.write(journal, bytes);
        try (StoreFixtures.LogCapture log = new StoreFixtures.LogCapture();
                FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(Repair.Kind.JOURNAL_DAMAGED, Repair.Kind.HELD), kinds(m), m.repairs().toString());
            assertEquals(Set.of("keep", "a"), m.ids());
            assertEquals(a2, m.get("a"), "a good record after the damage proves a");
            StorageException e = assertThrows(StorageException.class, () -> m.get("b"));
            assertTrue(e.getMessage().contains(journal + " at byte " + damagedAt), e.getMessage());
            assertTrue(Files.exists(fileB));
            IntegrityReport report = m.verify();
            assertEquals(List.of("b"), report.damage().stream().map(IntegrityReport.Damage::id)
                    .collect(Collectors.toList()));
            assertTrue(Files.exists(dir.resolve(Journal.FILE_NAME + ".damaged")));
            assertTrue(log.logged(Level.SEVERE, "JOURNAL_DAMAGED"));
            assertTrue(log.logged(Level.SEVERE, "HELD", "\"b\""));
        }
    }

    /** A journal older than the snapshot (a crash inside a fold) is already folded: its records are ignored. */
    @Test
    void aStaleJournalIsIgnored() throws Exception {
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", series(3, 1));
            m.flush();
        }
        Path journal = dir.resolve(Journal.FILE_NAME);
        Journal.Contents c = Journal.read(journal);
        // The journal of the generation before, still holding a delete that the snapshot already includes.
        try (Journal j = Journal.open(journal, 0, 0, c.generation() - 1, false)) {
            j.appendDelete("a");
        }
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(Repair.Kind.JOURNAL_STALE), kinds(m));
            assertEquals(series(3, 1), m.get("a"));
        }
    }

    /**
     * A damaged snapshot is kept aside; every entry still readable in it is a candidate, and a file whose
     * checksum matches its candidate is served again (salvaged), the others held.
     */
    @Test
    void aDamagedSnapshotIsSalvagedWhereTheFilesProveIt() throws Exception {
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", series(3, 1));
            m.store("b", series(300, 2));
        }
        Path snapshot = dir.resolve(IndexSnapshot.FILE_NAME);
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length - 1] ^= 1; // its checksum only
        Files.write(snapshot, bytes);
        try (StoreFixtures.LogCapture log = new StoreFixtures.LogCapture();
                FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(Repair.Kind.SNAPSHOT_DAMAGED, Repair.Kind.SALVAGED), kinds(m));
            assertEquals(Set.of("a", "b"), m.ids());
            assertEquals(series(300, 2), m.get("b"));
            assertTrue(m.verify().isClean());
            assertTrue(Files.exists(dir.resolve(IndexSnapshot.FILE_NAME + ".damaged")));
            assertTrue(log.logged(Level.SEVERE, "SNAPSHOT_DAMAGED", snapshot.toString()));
        }
    }

    /** A snapshot cut short loses the entries after the cut: their ids are held, named by the snapshot. */
    @Test
    void aSnapshotCutShortHoldsTheIdsItLost() throws Exception {
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", series(3, 1));
            m.store("b", series(300, 2));
        }
        Path snapshot = dir.resolve(IndexSnapshot.FILE_NAME);
        byte[] bytes = Files.readAllBytes(snapshot);
        Files.write(snapshot, java.util.Arrays.copyOf(bytes, 20 + 19 + 10)); // inside the second entry
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(Repair.Kind.SNAPSHOT_DAMAGED, Repair.Kind.SALVAGED, Repair.Kind.HELD), kinds(m));
            assertEquals(1, m.ids().size());
            String lost = m.ids().contains("a") ? "b" : "a";
            StorageException e = assertThrows(StorageException.class, () -> m.get(lost));
            assertTrue(e.getMessage().contains(snapshot.toString()), e.getMessage());
            assertEquals(1, m.verify().damage().size());
        }
    }

    /**
     * Without a journal beside the snapshot, every file is checked against it: those that match are served,
     * one that differs (an overwrite whose record went with the journal, or damage) is held.
     */
    @Test
    void aMissingJournalMakesEveryFileBeChecked() throws Exception {
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", series(3, 1));
            m.store("b", series(4, 1));
        }
        Files.delete(dir.resolve(Journal.FILE_NAME));
        writeFile(SeriesPaths.file(dir, "a"), series(9, 4));
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(Repair.Kind.JOURNAL_MISSING, Repair.Kind.HELD), kinds(m));
            assertEquals(series(4, 1), m.get("b"));
            StorageException e = assertThrows(StorageException.class, () -> m.get("a"));
            assertTrue(e.getMessage().contains(dir.resolve(Journal.FILE_NAME).toString()), e.getMessage());
        }
    }

    /** A valid series file saved into the directory while the store is closed is adopted, long ids too. */
    @Test
    void filesWrittenOutsideTheStoreAreAdopted() throws Exception {
        String longId = "\u00e9".repeat(127);
        double[] t = {1, 2, 3};
        double[] v = {Double.NaN, -0.0, 7};
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("x", series(1, 1));
            Path f = m.fileOf(longId);
            Files.createDirectories(f.getParent());
            Files.write(f, NpyModel.file(t, v, true, true, 2));
        }
        try (StoreFixtures.LogCapture log = new StoreFixtures.LogCapture();
                FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(Repair.Kind.ADOPTED), kinds(m));
            assertEquals(ArrayTimeSeries.of(t, v), m.get(longId));
            assertEquals(3, m.size(longId));
            assertEquals(Set.of("x", longId), m.ids());
            assertTrue(log.logged(Level.WARNING, "ADOPTED", m.fileOf(longId).toString()));
            assertTrue(m.verify().isClean());
        }
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(List.of(), m.repairs());
            assertEquals(ArrayTimeSeries.of(t, v), m.get(longId));
        }
    }

    /** Files that are not valid series, or not named as any id's file, are left alone and reported. */
    @Test
    void otherFilesAreIgnoredAndLeftAlone() throws Exception {
        Path bad;
        Path decreasing;
        Path series = dir.resolve("series");
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            bad = m.fileOf("bad");
            decreasing = m.fileOf("decreasing");
        }
        Files.createDirectories(bad.getParent());
        Files.write(bad, "this is not a numpy file at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Files.createDirectories(decreasing.getParent());
        Files.write(decreasing, NpyModel.file(new double[] {2, 1}, new double[] {0, 0}, false, false, 1));
        Path upper = bad.resolveSibling(bad.getFileName().toString().toUpperCase(java.util.Locale.ROOT));
        Files.write(upper, NpyModel.file(new double[] {1}, new double[] {1}, false, false, 1));
        Path stray = series.resolve("README.txt");
        Files.writeString(stray, "hello");
        try (StoreFixtures.LogCapture log = new StoreFixtures.LogCapture();
                FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(Repair.Kind.FILE_IGNORED), kinds(m));
            assertEquals(4, m.repairs().size());
            assertEquals(Set.of(), m.ids());
            assertTrue(Files.exists(bad) && Files.exists(decreasing) && Files.exists(upper) && Files.exists(stray));
            assertTrue(log.logged(Level.WARNING, "FILE_IGNORED", decreasing.toString(), "strictly increasing"));
            assertTrue(log.logged(Level.WARNING, "FILE_IGNORED", bad.toString(), "magic"));
        }
    }
}
