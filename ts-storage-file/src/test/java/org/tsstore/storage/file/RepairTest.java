package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tsstore.storage.file.StoreFixtures.series;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.RepairReport;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StressProfile;

/**
 * {@code repair()} against a model, a plain map of what was stored: what the checksums prove is kept, every
 * other id is reported, the store afterwards opens clean, and a kill at any point of a repair leaves a store
 * that opens and that a second repair finishes.
 */
class RepairTest {

    @TempDir
    Path dir;

    private final Map<String, ArrayTimeSeries> model = new TreeMap<>();

    private void store(FileStorageManager m, String id, ArrayTimeSeries s) {
        m.store(id, s);
        model.put(id, s);
    }

    private static void truncate(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
        }
    }

    private static void flip(Path file, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x20));
            ch.write(b.rewind(), at);
        }
    }

    private static Map<String, RepairReport.Outcome> outcomes(RepairReport r) {
        return r.lost().stream().collect(Collectors.toMap(RepairReport.Loss::id, RepairReport.Loss::outcome));
    }

    /** The model's series are all there, but for the ids reported (dropped ones are absent). */
    private void assertModel(FileStorageManager m, RepairReport report) {
        Map<String, RepairReport.Outcome> lost = outcomes(report);
        for (Map.Entry<String, ArrayTimeSeries> e : model.entrySet()) {
            RepairReport.Outcome o = lost.get(e.getKey());
            if (o == RepairReport.Outcome.DROPPED) {
                assertFalse(m.contains(e.getKey()), e.getKey());
                assertThrows(NoSuchSeriesException.class, () -> m.get(e.getKey()));
            } else if (o == null) {
                assertEquals(e.getValue(), m.get(e.getKey()), e.getKey());
            } else {
                m.get(e.getKey());
            }
        }
        assertEquals(new TreeSet<>(m.ids()), model.keySet().stream().filter(id -> lost.get(id)
                != RepairReport.Outcome.DROPPED).collect(Collectors.toCollection(TreeSet::new)));
    }

    /**
     * A store with every kind of damage: a journal record garbled in the middle (its id held, its file proven
     * by the checksum still readable in it), a flipped bit in a file and a file gone (dropped), bytes after a
     * file's end (cut back on open), and ids the damage cannot have touched (kept).
     */
    @Test
    void repairKeepsWhatTheChecksumsProveAndReportsEveryOther() throws IOException {
        FileStorageManager m = FileStorageManager.open(dir);
        for (int i = 0; i < 20; i++) {
            store(m, "keep-" + i, series(50 + i, i));
        }
        m.flush();
        Path journal = dir.resolve(Journal.FILE_NAME);
        long garbled = Files.size(journal);
        store(m, "proven", series(300, 4));
        long afterIt = Files.size(journal);
        store(m, "flipped", series(5000, 1));
        store(m, "extended", series(100, 2));
        store(m, "gone", series(10, 3));
        Path flipped = m.fileOf("flipped");
        Path extended = m.fileOf("extended");
        Path gone = m.fileOf("gone");
        m.crash();
        flip(journal, afterIt - 1); // the checksum of "proven"'s record: its change is still readable
        flip(flipped, 128 + 16 * 2000 + 3);
        Files.write(extended, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        Files.delete(gone);
        RepairReport report;
        try (FileStorageManager again = FileStorageManager.open(dir)) {
            StorageException e = assertThrows(StorageException.class, () -> again.get("proven"));
            assertTrue(e.getMessage().contains(journal + " at byte " + garbled), e.getMessage());
            assertThrows(StorageException.class, () -> again.get("flipped"));
            // "extended" was cut back on open: its entry's bytes are whole and it is proven by its record.
            assertEquals(128 + 16 * 100, Files.size(extended));
            assertEquals(Set4.of("proven", "flipped", "gone"), again.verify().damage().stream()
                    .map(d -> d.id()).collect(Collectors.toCollection(TreeSet::new)));
            report = again.repair();
            assertEquals(Map.of("flipped", RepairReport.Outcome.DROPPED, "gone", RepairReport.Outcome.DROPPED),
                    outcomes(report), report.toString());
            assertEquals(22, report.seriesKept(), report.toString());
            assertTrue(again.verify().isClean(), again.verify().toString());
            assertModel(again, report);
            for (RepairReport.Loss l : report.lost()) {
                assertTrue(l.location().contains(again.fileOf(l.id()).toString()), l.toString());
            }
            assertTrue(report.lost().get(0).problem().contains("moved to " + dir.resolve("damaged")),
                    report.lost().toString());
        }
        Path aside = dir.resolve("damaged").resolve(dir.resolve("series").relativize(flipped));
        assertTrue(Files.exists(aside), "the dropped file is kept aside, never deleted");
        try (FileStorageManager again = FileStorageManager.open(dir)) {
            assertEquals(List.of(), again.repairs(), "opens clean");
            assertTrue(again.verify().isClean());
            assertModel(again, report);
        }
    }

    /** A bit flipped in a file that lost records may have replaced cannot be told from a new version: kept, reported. */
    @Test
    void aChangedFileThatLostRecordsMayExplainIsKeptAndReported() throws IOException {
        FileStorageManager m = FileStorageManager.open(dir);
        m.store("a", series(5000, 1));
        m.flush();
        m.store("b", series(3, 1));
        Path a = m.fileOf("a");
        m.crash();
        truncate(dir.resolve(Journal.FILE_NAME), Files.size(dir.resolve(Journal.FILE_NAME)) - 1);
        flip(a, 128 + 16 * 2000 + 3);
        try (FileStorageManager again = FileStorageManager.open(dir)) {
            assertThrows(StorageException.class, () -> again.get("a"));
            RepairReport report = again.repair();
            assertEquals(RepairReport.Outcome.REVERTED, outcomes(report).get("a"), report.toString());
            assertEquals(5000, again.size("a"));
        }
    }

    /** The set of some strings, sorted. */
    private static final class Set4 {
        static TreeSet<String> of(String... s) {
            return new TreeSet<>(List.of(s));
        }
    }

    /** A record cut so far that nothing of its change survives: the file is kept, and reported. */
    @Test
    void aHeldFileThatNoChecksumProvesIsKeptAndReported() throws IOException {
        FileStorageManager m = FileStorageManager.open(dir);
        m.store("a", series(10, 1));
        m.flush();
        Path journal = dir.resolve(Journal.FILE_NAME);
        long at = Files.size(journal);
        m.store("a", series(20, 2));
        m.crash();
        truncate(journal, at + 5);
        try (FileStorageManager again = FileStorageManager.open(dir)) {
            StorageException e = assertThrows(StorageException.class, () -> again.get("a"));
            assertTrue(e.getMessage().contains(journal + " at byte " + at), e.getMessage());
            RepairReport report = again.repair();
            assertEquals(Map.of("a", RepairReport.Outcome.REVERTED), outcomes(report));
            RepairReport.Loss loss = report.lost().get(0);
            assertTrue(loss.location().equals(journal + " at byte " + at), loss.toString());
            assertTrue(loss.problem().contains("kept the 20 points"), loss.problem());
            assertEquals(series(20, 2), again.get("a"));
            assertTrue(again.verify().isClean());
        }
    }

    /** An id whose delete may be among the lost records and that has no file is dropped, and reported. */
    @Test
    void aHeldIdWithoutAFileIsDroppedAndReported() throws IOException {
        FileStorageManager m = FileStorageManager.open(dir);
        m.store("a", series(10, 1));
        m.store("b", series(10, 1));
        m.flush();
        m.delete("a");
        m.crash();
        truncate(dir.resolve(Journal.FILE_NAME), Files.size(dir.resolve(Journal.FILE_NAME)) - 2);
        try (FileStorageManager again = FileStorageManager.open(dir)) {
            assertThrows(StorageException.class, () -> again.contains("a"));
            RepairReport report = again.repair();
            assertEquals(Map.of("a", RepairReport.Outcome.DROPPED), outcomes(report));
            assertEquals(1, report.seriesKept());
            assertFalse(again.contains("a"));
            assertEquals(series(10, 1), again.get("b"));
        }
    }

    @Test
    void repairingAnIntactStoreChangesNothing() throws IOException {
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            store(m, "a", series(10, 1));
            store(m, "b", series(5000, 2));
            RepairReport report = m.repair();
            assertTrue(report.isLossless());
            assertEquals(2, report.seriesKept());
            assertEquals(16L * 5010, report.bytesKept());
            assertModel(m, report);
        }
    }

    /**
     * A child JVM repairs a damaged store and is SIGKILLed at a random moment, from the same damaged store
     * each time: the store must open, every id must read as its model or be refused (or, for an id whose file
     * was damaged, be absent), and a second repair must leave it clean with every undamaged id as stored.
     */
    @Test
    void aKillAtAnyPointOfARepairLeavesAStoreThatOpensAndASecondRepairFinishes() throws Exception {
        Path damaged = TestStores.newDirectory("repair-source");
        FileStorageManager m = FileStorageManager.open(damaged);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = "s" + i;
            ids.add(id);
            store(m, id, KillChild.series(i, 20_000));
        }
        m.flush();
        Path journal = damaged.resolve(Journal.FILE_NAME);
        long cutAt = 0;
        for (int i = 0; i < 20; i++) {
            if (i == 4) {
                cutAt = Files.size(journal) + 7;
            }
            store(m, "s" + i, KillChild.series(100 + i, 10_000 + i));
        }
        List<Path> flipped = new ArrayList<>();
        for (int i = 30; i < 35; i++) {
            flipped.add(m.fileOf("s" + i));
        }
        m.crash();
        truncate(journal, cutAt);
        for (Path f : flipped) {
            flip(f, 1); // the npy magic: not a series any more, so no repair can keep it
        }
        TreeSet<String> damagedIds = new TreeSet<>();
        for (int i = 30; i < 35; i++) {
            damagedIds.add("s" + i);
        }
        SplittableRandom random = new SplittableRandom(16);
        int cycles = StressProfile.count(10, 100);
        int killedBeforeDone = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            Path store = TestStores.newDirectory("repair-kill");
            copy(damaged, store);
            boolean done = runRepairChild(store, random.nextInt(200));
            if (!done) {
                killedBeforeDone++;
            }
            try (FileStorageManager again = FileStorageManager.open(store)) {
                for (String id : ids) {
                    try {
                        assertEquals(model.get(id), again.get(id), "cycle " + cycle + ": " + id);
                    } catch (StorageException e) {
                        // refused: the repair had not reached it
                    } catch (NoSuchSeriesException e) {
                        assertTrue(damagedIds.contains(id), "cycle " + cycle + ": " + id + " lost");
                    }
                }
                again.repair();
                assertTrue(again.verify().isClean(), "cycle " + cycle);
                for (String id : ids) {
                    if (damagedIds.contains(id)) {
                        assertFalse(again.contains(id), "cycle " + cycle + ": " + id);
                    } else {
                        assertEquals(model.get(id), again.get(id), "cycle " + cycle + ": " + id);
                    }
                }
            }
            TestFiles.deleteRecursively(store);
        }
        System.out.println("repair kill cycles: " + cycles + ", killed before the repair returned: "
                + killedBeforeDone);
        TestFiles.deleteRecursively(damaged);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals(FileStorageManager.LOCK_FILE)) {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** Runs a repairing child, kills it a while after it is ready; whether it had finished. */
    private static boolean runRepairChild(Path store, int millis) throws Exception {
        Path out = Files.createTempFile("repair-child", ".out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                KillChild.class.getName(), "repair", store.toString()).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && System.nanoTime() < deadline
                    && !Files.readString(out, StandardCharsets.UTF_8).contains("READY")) {
                Thread.sleep(1);
            }
            Thread.sleep(millis);
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
        boolean done = Files.readString(out, StandardCharsets.UTF_8).contains("DONE");
        Files.delete(out);
        return done;
    }
}
