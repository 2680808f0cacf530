package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.PythonReader;
import org.tsstore.testkit.StoreDirectories;

/**
 * The pure-Python reader ({@code python/tsstore}) against file stores this backend wrote: it reads the index
 * snapshot and journal to find each id's {@code .npy} file, checks it against the entry's CRC-32C and serves
 * it as views of the mapping. Every value class, appends, batches, overwrites, deletes, after a fold (the
 * snapshot), a torn journal tail a crash leaves, a damaged series file (refused, naming it), and a live
 * writer that Python follows. Compared bit for bit with the arrays the test wrote.
 */
class PythonReaderTest {

    private static final double[] SPECIAL = {Double.NaN, -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
        Double.MIN_NORMAL / 3, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE,
        -Double.MAX_VALUE, 1.0 / 3};

    @BeforeAll
    static void python() {
        PythonReader.assumeAvailable();
    }

    private final Map<String, double[][]> model = new LinkedHashMap<>();

    private static double[][] series(SplittableRandom r, double after, int n) {
        double[] t = new double[n];
        double[] v = new double[n];
        double time = after;
        for (int i = 0; i < n; i++) {
            time += 0.5 + r.nextInt(4);
            t[i] = time;
            v[i] = r.nextInt(4) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextGaussian() * 1e3;
        }
        return new double[][] {t, v};
    }

    private static double last(double[][] p) {
        return p[0].length == 0 ? 0 : p[0][p[0].length - 1];
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private void store(FileStorageManager s, String id, double[][] p) {
        s.store(id, ArrayTimeSeries.of(p[0].clone(), p[1].clone()));
        model.put(id, p);
    }

    private void append(FileStorageManager s, String id, double[][] p) {
        s.append(id, ArrayTimeSeries.of(p[0].clone(), p[1].clone()));
        double[][] old = model.get(id);
        model.put(id, old == null ? p : new double[][] {concat(old[0], p[0]), concat(old[1], p[1])});
    }

    private Set<String> writeEverything(FileStorageManager s) {
        SplittableRandom r = new SplittableRandom(11);
        double[][] special = {new double[SPECIAL.length], SPECIAL.clone()};
        for (int i = 0; i < SPECIAL.length; i++) {
            special[0][i] = i * 2.0 - 7;
        }
        store(s, "special", special);
        store(s, "empty", new double[][] {{}, {}});
        store(s, "one", new double[][] {{1.5}, {-0.0}});
        store(s, "ümlaut/ключ/\uD83D\uDE00", series(r, -1e9, 300));
        store(s, "long-" + "y".repeat(240), series(r, 0, 9));
        for (int i = 0; i < 10; i++) {
            store(s, "series-" + i, series(r, i, 20 + r.nextInt(300)));
        }
        store(s, "big", series(r, 0, 9000)); // more than two 4,096-point blocks
        for (int k = 0; k < 60; k++) {
            append(s, "big", series(r, last(model.get("big")), 1 + r.nextInt(40)));
            append(s, "series-" + (k % 10), series(r, last(model.get("series-" + (k % 10))), 2));
        }
        Map<String, ArrayTimeSeries> batch = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            double[][] p = series(r, 0, 10 + i);
            batch.put("batch-" + i, ArrayTimeSeries.of(p[0].clone(), p[1].clone()));
            model.put("batch-" + i, p);
        }
        s.storeAll(batch);
        store(s, "series-3", series(r, -9, 5)); // an overwrite
        Set<String> deleted = new TreeSet<>(List.of("never-stored"));
        for (String id : List.of("series-1", "series-6")) {
            assertTrue(s.delete(id));
            model.remove(id);
            deleted.add(id);
        }
        return deleted;
    }

    private String[] commands(Set<String> alsoAsk) {
        List<String> c = new ArrayList<>(List.of("all"));
        alsoAsk.forEach(id -> c.add(PythonReader.get(id)));
        return c.toArray(String[]::new);
    }

    private void assertReadsModel(PythonReader.Output out, Set<String> deleted) {
        assertEquals(Map.of(), out.damaged(), "nothing refused");
        assertEquals(new TreeSet<>(model.keySet()), new TreeSet<>(out.series().keySet()), "ids read by Python");
        assertEquals(model.size(), out.listed(), "ids() listed by Python");
        for (Map.Entry<String, double[][]> e : model.entrySet()) {
            PythonReader.Series got = out.series().get(e.getKey());
            assertBits(e.getValue()[0], got.times(), e.getKey() + " times");
            assertBits(e.getValue()[1], got.values(), e.getKey() + " values");
            assertTrue(got.readOnly(), e.getKey() + " is read-only");
            assertTrue(got.mapped() || got.times().length == 0, e.getKey() + " is a view of the mapped file");
        }
        assertEquals(new TreeSet<>(deleted), new TreeSet<>(out.missing()), "ids Python answers KeyError for");
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                fail(what + ": point " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    @Test
    void everySeriesReadsBackBitForBitFromTheJournalAndAfterAFold() throws Exception {
        Path dir = StoreDirectories.newDirectory("py-file-all");
        Set<String> deleted;
        try (FileStorageManager s = FileStorageManager.open(dir)) {
            deleted = writeEverything(s);
            // the writer is open, the changes are in the journal: Python takes no lock
            assertReadsModel(PythonReader.read(dir, commands(deleted)), deleted);
            s.flush(); // folds the journal into the snapshot
            assertReadsModel(PythonReader.read(dir, commands(deleted)), deleted);
            SplittableRandom r = new SplittableRandom(2);
            append(s, "big", series(r, last(model.get("big")), 7));
            assertTrue(s.delete("series-0"));
            model.remove("series-0");
            deleted.add("series-0");
            assertReadsModel(PythonReader.read(dir, commands(deleted)), deleted);
        }
        assertReadsModel(PythonReader.read(dir, commands(deleted)), deleted);
        double[][] big = model.get("big");
        PythonReader.Output out = PythonReader.read(dir, PythonReader.range("big", big[0][100], big[0][5000]));
        assertBits(Arrays.copyOfRange(big[0], 100, 5000), out.series().get("big").times(), "range times");
        assertBits(Arrays.copyOfRange(big[1], 100, 5000), out.series().get("big").values(), "range values");
    }

    @Test
    void aTornJournalTailIsIgnoredAndADamagedFileRefused() throws Exception {
        Path dir = StoreDirectories.newDirectory("py-file-torn");
        Set<String> deleted;
        Path damagedFile;
        try (FileStorageManager s = FileStorageManager.open(dir)) {
            deleted = writeEverything(s);
            damagedFile = s.fileOf("series-4");
        }
        // a store a crash cut short: the first bytes of a journal record after the witnessed end
        Path journal = dir.resolve("index.journal");
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 0, 8, 's', 'e', 'r'}));
        }
        assertReadsModel(PythonReader.read(dir, commands(deleted)), deleted);
        // one flipped bit in a value of series-4's file: its CRC-32C no longer matches the index
        try (FileChannel ch = FileChannel.open(damagedFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, 128 + 16 * 3 + 8 + 2);
            b.put(0, (byte) (b.get(0) ^ 0x04)).rewind();
            ch.write(b, 128 + 16 * 3 + 8 + 2);
        }
        PythonReader.Output out = PythonReader.read(dir, PythonReader.get("series-4"), PythonReader.get("series-2"));
        String message = out.damaged().get("series-4");
        assertNotNull(message, "series-4 refused");
        assertTrue(message.contains(damagedFile.getFileName().toString()), "names the file: " + message);
        assertBits(model.get("series-2")[1], out.series().get("series-2").values(), "another series is served");
    }

    @Test
    void aLostJournalRecordRefusesTheSeriesRatherThanServeAnOlderVersion() throws Exception {
        Path dir = StoreDirectories.newDirectory("py-file-lost");
        SplittableRandom r = new SplittableRandom(4);
        try (FileStorageManager s = FileStorageManager.open(dir)) {
            store(s, "before", series(r, 0, 10));
            store(s, "victim", series(r, 0, 20));
            store(s, "victim", series(r, 0, 30)); // the version the damaged record acknowledged
            store(s, "after", series(r, 0, 40));
            // issue 14's case: one bit of victim's last journal record flipped, well before the witnessed end
            // (while the store is open, so that the journal still holds the records: close folds it)
            Path journal = dir.resolve("index.journal");
            byte[] bytes = Files.readAllBytes(journal);
            byte[] id = "victim".getBytes(StandardCharsets.UTF_8);
            int at = -1;
            for (int i = 0; i + id.length <= bytes.length; i++) {
                if (Arrays.equals(bytes, i, i + id.length, id, 0, id.length)) {
                    at = i;
                }
            }
            assertTrue(at > 0, "victim's record in the journal");
            bytes[at + id.length + 2] ^= 0x01; // in its entry: the record fails its CRC-32C
            Files.write(journal, bytes);
            PythonReader.Output out = PythonReader.read(dir, PythonReader.get("victim"), PythonReader.get("before"),
                    PythonReader.get("after"), PythonReader.get("never-stored"));
            assertTrue(out.damaged().containsKey("victim"), "victim refused, never served older: " + out);
            assertTrue(out.damaged().get("victim").contains("index.journal"), out.damaged().get("victim"));
            assertTrue(out.damaged().containsKey("before"), "a series whose record precedes the loss is refused");
            assertTrue(out.damaged().containsKey("never-stored"), "an absent id is not answered absent after a loss");
            assertBits(model.get("after")[1], out.series().get("after").values(), "a record after the loss is served");
        }
    }

    @Test
    void aFollowingReaderSeesOnlyWrittenVersionsInOrder() throws Exception {
        Path dir = StoreDirectories.newDirectory("py-file-follow");
        Map<String, List<String>> written = new ConcurrentHashMap<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (FileStorageManager s = FileStorageManager.open(dir)) {
            Thread writer = new Thread(() -> {
                SplittableRandom r = new SplittableRandom(9);
                Map<String, double[][]> current = new HashMap<>();
                for (int op = 0; !stop.get() && op < 100_000; op++) {
                    String id = "live-" + r.nextInt(5);
                    double[][] cur = current.get(id);
                    int choice = r.nextInt(10);
                    double[][] next;
                    List<String> history = written.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
                    if (choice == 0 && cur != null) {
                        history.add("deleted");
                        s.delete(id);
                        current.remove(id);
                        continue;
                    } else if (cur == null || choice < 4) {
                        next = series(r, 0, 1 + r.nextInt(300));
                        history.add(PythonReader.digest(next[0], next[1])); // before the write: a reader may see it a moment before it returns
                        s.store(id, ArrayTimeSeries.of(next[0].clone(), next[1].clone()));
                    } else {
                        double[][] more = series(r, last(cur), 1 + r.nextInt(20));
                        next = new double[][] {concat(cur[0], more[0]), concat(cur[1], more[1])};
                        history.add(PythonReader.digest(next[0], next[1]));
                        s.append(id, ArrayTimeSeries.of(more[0].clone(), more[1].clone()));
                    }
                    if (op % 400 == 399) {
                        s.flush();
                    }
                    current.put(id, next);
                }
            }, "writer");
            writer.start();
            Map<String, Integer> lastSeen = new HashMap<>();
            int[] reads = {0};
            try {
                PythonReader.run(dir, List.of("follow:5"), line -> {
                    String[] f = line.split(" ");
                    if (f[0].equals("ROUNDS")) {
                        return;
                    }
                    String id = new String(HexFormat.of().parseHex(f[2]), StandardCharsets.UTF_8);
                    int version = written.getOrDefault(id, List.of()).lastIndexOf(f[4]);
                    if (version < 0) {
                        problems.add(id + " read as " + f[3] + " points, a version the writer never wrote");
                    } else if (version < lastSeen.getOrDefault(id, -1)) {
                        problems.add(id + " went back to version " + version);
                    } else {
                        lastSeen.put(id, version);
                        reads[0]++;
                    }
                });
            } finally {
                stop.set(true);
                writer.join();
            }
            assertEquals(List.of(), problems);
            assertTrue(reads[0] > 10, "Python read " + reads[0] + " versions while the writer wrote");
        }
    }

    @Test
    void theDirectoryIsLeftAsItWas() throws Exception {
        Path dir = StoreDirectories.newDirectory("py-file-untouched");
        try (FileStorageManager s = FileStorageManager.open(dir)) {
            writeEverything(s);
        }
        Map<String, String> before = listing(dir);
        PythonReader.read(dir, "all");
        assertEquals(before, listing(dir), "names, sizes and modification times after Python read");
    }

    private static Map<String, String> listing(Path dir) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted().toList()) {
                out.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                        : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return out;
    }
}
