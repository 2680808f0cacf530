package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
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
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.PythonReader;
import org.tsstore.testkit.StoreDirectories;

/**
 * The pure-Python reader ({@code python/tsstore}, FORMAT.md's proof) against stores this backend wrote:
 * every value class (NaN, -0.0, subnormals, infinities, extremes), series of many appended extents,
 * batches, overwrites, deletes, empty series, after compaction, a torn tail a crash leaves, damaged
 * records, and a live writer that Python follows. What Python prints is compared bit for bit with the arrays
 * the test wrote (its model), never with what the Java store reads back; for damage, the ids Python refuses
 * are the ids the Java store refuses.
 */
class PythonReaderTest {

    private static final double[] SPECIAL = {Double.NaN, -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
        Double.MIN_NORMAL / 3, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE,
        -Double.MAX_VALUE, Double.longBitsToDouble(0x7ff8_dead_beef_0001L), 1.0 / 3};

    @BeforeAll
    static void python() {
        PythonReader.assumeAvailable();
    }

    /** The model: id to {times, values}, in the order the test wrote them. */
    private final Map<String, double[][]> model = new LinkedHashMap<>();

    private static double[][] series(SplittableRandom r, double firstTime, int n) {
        double[] t = new double[n];
        double[] v = new double[n];
        double time = firstTime;
        for (int i = 0; i < n; i++) {
            time += 0.25 + r.nextInt(8);
            t[i] = time;
            v[i] = r.nextInt(4) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextDouble() * 1e6 - 5e5;
        }
        return new double[][] {t, v};
    }

    private void store(MmapStorageManager s, String id, double[][] p) {
        s.store(id, ArrayTimeSeries.of(p[0].clone(), p[1].clone()));
        model.put(id, p);
    }

    private void append(MmapStorageManager s, String id, double[][] p) {
        s.append(id, ArrayTimeSeries.of(p[0].clone(), p[1].clone()));
        double[][] old = model.get(id);
        model.put(id, old == null ? p : new double[][] {concat(old[0], p[0]), concat(old[1], p[1])});
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double lastTime(double[][] p) {
        return p[0].length == 0 ? 0 : p[0][p[0].length - 1];
    }

    /** Writes every kind of record: stores, extents, batches, overwrites, deletes, empty series, odd ids. */
    private Set<String> writeEverything(MmapStorageManager s) {
        SplittableRandom r = new SplittableRandom(17);
        Set<String> deleted = new TreeSet<>();
        double[][] special = {new double[SPECIAL.length], SPECIAL.clone()};
        for (int i = 0; i < SPECIAL.length; i++) {
            special[0][i] = i - 5.5;
        }
        store(s, "special", special);
        store(s, "empty", new double[][] {{}, {}});
        store(s, "ümlaut/ключ/\uD83D\uDE00", series(r, -1e9, 300));
        store(s, "x".repeat(255), series(r, 0, 7));
        for (int i = 0; i < 12; i++) {
            store(s, "series-" + i, series(r, i, 50 + r.nextInt(400)));
        }
        store(s, "extents", series(r, 0, 5));
        for (int k = 0; k < 200; k++) {
            append(s, "extents", series(r, lastTime(model.get("extents")), 1 + r.nextInt(30)));
            if (k % 20 == 0) {
                append(s, "series-" + (k / 20), series(r, lastTime(model.get("series-" + (k / 20))), 3));
            }
        }
        append(s, "new-by-append", series(r, 10, 40));
        Map<String, ArrayTimeSeries> batch = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            double[][] p = series(r, 100, 20 + i);
            batch.put("batch-" + i, ArrayTimeSeries.of(p[0].clone(), p[1].clone()));
            model.put("batch-" + i, p);
        }
        s.storeAll(batch);
        Map<String, ArrayTimeSeries> appends = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            double[][] p = series(r, lastTime(model.get("batch-" + i)), 4);
            appends.put("batch-" + i, ArrayTimeSeries.of(p[0].clone(), p[1].clone()));
            double[][] old = model.get("batch-" + i);
            model.put("batch-" + i, new double[][] {concat(old[0], p[0]), concat(old[1], p[1])});
        }
        s.appendAll(appends);
        for (int i = 0; i < 12; i += 3) {
            store(s, "series-" + i, series(r, -50, 10 + i)); // overwrites
        }
        for (int i = 1; i < 12; i += 4) {
            assertTrue(s.delete("series-" + i));
            model.remove("series-" + i);
            deleted.add("series-" + i);
        }
        store(s, "series-5", series(r, 3, 33)); // deleted, then stored again
        deleted.remove("series-5");
        deleted.add("never-stored");
        return deleted;
    }

    private static String[] commands(Set<String> alsoAsk, String... extra) {
        List<String> c = new ArrayList<>(List.of("all"));
        alsoAsk.forEach(id -> c.add(PythonReader.get(id)));
        c.addAll(List.of(extra));
        return c.toArray(String[]::new);
    }

    /** Python's reads equal the model bit for bit, list exactly its ids, and miss the deleted ones. */
    private void assertReadsModel(PythonReader.Output out, Set<String> deleted, boolean allViews) {
        assertEquals(Map.of(), out.damaged(), "nothing refused");
        assertEquals(new TreeSet<>(model.keySet()), new TreeSet<>(out.series().keySet()), "ids read by Python");
        assertEquals(model.size(), out.listed(), "ids() listed by Python");
        for (Map.Entry<String, double[][]> e : model.entrySet()) {
            PythonReader.Series got = out.series().get(e.getKey());
            assertBits(e.getValue()[0], got.times(), e.getKey() + " times");
            assertBits(e.getValue()[1], got.values(), e.getKey() + " values");
            assertTrue(got.readOnly(), e.getKey() + " is read-only in Python");
            if (allViews && got.times().length > 0) {
                assertTrue(got.mapped(), e.getKey() + " is a view of the mapping in Python");
            }
        }
        assertEquals(new TreeSet<>(deleted), new TreeSet<>(out.missing()), "ids Python answers KeyError for");
    }

    static void assertBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                fail(what + ": point " + i + " is " + actual[i] + " (bits " + Long.toHexString(Double
                        .doubleToRawLongBits(actual[i])) + "), expected " + expected[i] + " (bits "
                        + Long.toHexString(Double.doubleToRawLongBits(expected[i])) + ")");
            }
        }
    }

    @Test
    void everyRecordKindReadsBackBitForBitWhileOpenAndAfterClose() throws Exception {
        Path dir = StoreDirectories.newDirectory("py-mmap-all");
        Set<String> deleted;
        try (MmapStorageManager s = MmapStorageManager.open(dir, Map.of("segmentBytes", "16k", "compactAt", "1"))) {
            deleted = writeEverything(s);
            assertTrue(SegmentFiles.list(dir).size() > 5, "many segments");
            // the writer is open: Python takes no lock and reads what it acknowledged
            assertReadsModel(PythonReader.read(dir, commands(deleted)), deleted, false);
        }
        assertReadsModel(PythonReader.read(dir, commands(deleted)), deleted, false);
    }

    @Test
    void rangesAreHalfOpenAcrossExtents() throws Exception {
        Path dir = StoreDirectories.newDirectory("py-mmap-range");
        try (MmapStorageManager s = MmapStorageManager.open(dir, Map.of("segmentBytes", "16k", "compactAt", "1"))) {
            writeEverything(s);
        }
        double[][] ext = model.get("extents");
        double start = ext[0][17];
        double stop = ext[0][ext[0].length - 40];
        PythonReader.Output out = PythonReader.read(dir, PythonReader.range("extents", start, stop),
                PythonReader.range("special", -100, -5.5), PythonReader.range("series-0", 1e300, 1e301));
        PythonReader.Series got = out.series().get("extents");
        assertBits(Arrays.copyOfRange(ext[0], 17, ext[0].length - 40), got.times(), "range times");
        assertBits(Arrays.copyOfRange(ext[1], 17, ext[1].length - 40), got.values(), "range values");
        assertEquals(0, out.series().get("special").times().length, "stop is exclusive");
        assertEquals(0, out.series().get("series-0").times().length, "a range after the series");
    }

    @Test
    void afterCompactionEverySeriesIsOneMappedView() throws Exception {
        Path dir = StoreDirectories.newDirectory("py-mmap-compacted");
        Set<String> deleted;
        try (MmapStorageManager s = MmapStorageManager.open(dir, Map.of("segmentBytes", "16k", "compactAt", "1"))) {
            deleted = writeEverything(s);
            s.compact();
            assertReadsModel(PythonReader.read(dir, commands(deleted)), deleted, true);
            SplittableRandom r = new SplittableRandom(3);
            append(s, "extents", series(r, lastTime(model.get("extents")), 9)); // after the compaction
            assertReadsModel(PythonReader.read(dir, commands(deleted)), deleted, false);
        }
    }

    @Test
    void aTornTailIsIgnored() throws Exception {
        Path dir = StoreDirectories.newDirectory("py-mmap-torn");
        Set<String> deleted;
        try (MmapStorageManager s = MmapStorageManager.open(dir, Map.of("segmentBytes", "16k", "compactAt", "1"))) {
            deleted = writeEverything(s);
        }
        // a crash cut a store of a new version of "special" short: its first 100 bytes are on disk, unwitnessed
        Path newest = SegmentFiles.list(dir).get(SegmentFiles.list(dir).size() - 1);
        byte[] partial = recordPrefix(dir, "special", 100);
        List<RecordHeader> records = SegmentFiles.records(newest);
        try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(partial), records.get(records.size() - 1).end());
        }
        assertReadsModel(PythonReader.read(dir, commands(deleted)), deleted, false);
        // and the Java store, reopened, agrees (it cuts the tail off)
        try (MmapStorageManager s = MmapStorageManager.open(dir)) {
            assertEquals(model.size(), s.ids().size());
        }
    }

    @Test
    void aCompleteRecordPastTheWitnessIsNotAcknowledgedSoNotRead() throws Exception {
        Path dir = StoreDirectories.newDirectory("py-mmap-unwitnessed");
        Set<String> deleted;
        try (MmapStorageManager s = MmapStorageManager.open(dir, Map.of("segmentBytes", "16k", "compactAt", "1"))) {
            deleted = writeEverything(s);
        }
        // a writer that wrote a whole record and has not yet witnessed it: the record is not acknowledged
        Path newest = SegmentFiles.list(dir).get(SegmentFiles.list(dir).size() - 1);
        List<RecordHeader> records = SegmentFiles.records(newest);
        RecordHeader last = records.get(records.size() - 1);
        byte[] whole = new byte[(int) last.length];
        try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.read(ByteBuffer.wrap(whole), last.offset);
            ch.write(ByteBuffer.wrap(whole), last.end()); // at the logical end, where the next record goes
        }
        assertReadsModel(PythonReader.read(dir, commands(deleted)), deleted, false);
    }

    /** The first bytes of the first complete record of {@code id}, from any segment. */
    private static byte[] recordPrefix(Path dir, String id, int length) throws IOException {
        for (Path seg : SegmentFiles.list(dir)) {
            for (RecordHeader h : SegmentFiles.records(seg)) {
                if (id.equals(h.id)) {
                    byte[] out = new byte[length];
                    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ)) {
                        ch.read(ByteBuffer.wrap(out), h.offset);
                    }
                    return out;
                }
            }
        }
        throw new AssertionError("no record of " + id);
    }

    /** The segment and header of the live store record of {@code id}: its last store record. */
    private static Map.Entry<Path, RecordHeader> lastStore(Path dir, String id) throws IOException {
        Map.Entry<Path, RecordHeader> found = null;
        for (Path seg : SegmentFiles.list(dir)) {
            for (RecordHeader h : SegmentFiles.records(seg)) {
                if (id.equals(h.id) && h.kind == RecordFormat.STORE) {
                    found = Map.entry(seg, h);
                }
            }
        }
        assertNotNull(found, "a store record of " + id);
        return found;
    }

    @Test
    void damagedRecordsAreRefusedAsJavaRefusesThemWithoutTheHint() throws Exception {
        damagedRecordsAreRefusedAsJavaRefusesThem(false);
    }

    @Test
    void damagedRecordsAreRefusedAsJavaRefusesThemFromTheHint() throws Exception {
        damagedRecordsAreRefusedAsJavaRefusesThem(true);
    }

    private void damagedRecordsAreRefusedAsJavaRefusesThem(boolean hint) throws Exception {
        Path dir = StoreDirectories.newDirectory("py-mmap-damaged");
        Set<String> deleted;
        try (MmapStorageManager s = MmapStorageManager.open(dir, Map.of("segmentBytes", "16k", "compactAt", "1"))) {
            deleted = writeEverything(s);
        }
        // a flipped bit in the values of one series: its data CRC fails
        Map.Entry<Path, RecordHeader> hit = lastStore(dir, "series-2");
        SegmentFiles.flip(hit.getKey(), hit.getValue().dataOffset() + 8L * hit.getValue().points + 3, 0x10);
        // a flipped bit in the header of the extents' store record: the scan finds a damaged stretch
        Map.Entry<Path, RecordHeader> head = lastStore(dir, "series-10");
        SegmentFiles.flip(head.getKey(), head.getValue().offset + 9, 0x01);
        // from the hint, both trust it for what it covers; without it, both scan and find the damaged stretch
        if (!hint) {
            Files.delete(dir.resolve(HintFile.NAME));
        }
        PythonReader.Output out = PythonReader.read(dir, commands(new TreeSet<>(model.keySet())));
        String segment = hit.getKey().getFileName().toString();
        String message = out.damaged().get("series-2");
        assertNotNull(message, "series-2 refused: " + out.damaged().keySet());
        assertTrue(message.contains(segment) && message.contains("offset " + hit.getValue().offset),
                "the refusal names the segment and offset: " + message);
        // the Java store refuses the same ids, and serves the others with the same points
        Set<String> javaRefused = new TreeSet<>();
        Set<String> javaListed;
        try (MmapStorageManager s = MmapStorageManager.open(dir)) {
            javaListed = new TreeSet<>(s.ids());
            for (String id : model.keySet()) {
                try {
                    s.get(id).times();
                } catch (StorageException e) {
                    javaRefused.add(id);
                }
            }
        }
        assertTrue(javaRefused.contains("series-2") && javaRefused.contains("series-10"), "Java refuses " + javaRefused);
        assertEquals(!hint, javaRefused.size() > 2, "a scan refuses the series before the stretch: " + javaRefused);
        assertEquals(javaRefused, new TreeSet<>(out.damaged().keySet()), "Python refuses what Java refuses");
        assertEquals(javaListed.size(), out.listed(), "Python lists what Java lists");
        for (String id : model.keySet()) {
            if (!javaRefused.contains(id)) {
                assertBits(model.get(id)[1], out.series().get(id).values(), id + " values");
            }
        }
    }

    @Test
    void aFollowingReaderSeesOnlyAcknowledgedVersionsInOrder() throws Exception {
        Path dir = StoreDirectories.newDirectory("py-mmap-follow");
        int ids = 6;
        // per id, the digest of every version the writer wrote, in order (index = version number), each noted
        // just before its write: a reader may see it from its witness on, a moment before the call returns
        Map<String, List<String>> acked = new ConcurrentHashMap<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (MmapStorageManager s = MmapStorageManager.open(dir, Map.of("segmentBytes", "16k", "compactAt", "0.5"))) {
            Thread writer = new Thread(() -> {
                SplittableRandom r = new SplittableRandom(5);
                Map<String, double[][]> current = new HashMap<>();
                for (int op = 0; !stop.get() && op < 200_000; op++) {
                    String id = "live-" + r.nextInt(ids);
                    double[][] cur = current.get(id);
                    int choice = r.nextInt(10);
                    if (op % 300 == 299) {
                        s.compact(); // segments deleted under the reader's mappings
                    }
                    double[][] next;
                    if (cur == null || choice < 3) {
                        next = series(r, 0, 1 + r.nextInt(200));
                        history(acked, id).add(PythonReader.digest(next[0], next[1])); // before the write: its witness precedes the return
                        s.store(id, ArrayTimeSeries.of(next[0].clone(), next[1].clone()));
                    } else if (choice == 3) {
                        history(acked, id).add("deleted");
                        s.delete(id);
                        current.remove(id);
                        continue;
                    } else {
                        double[][] more = series(r, lastTime(cur), 1 + r.nextInt(20));
                        next = new double[][] {concat(cur[0], more[0]), concat(cur[1], more[1])};
                        history(acked, id).add(PythonReader.digest(next[0], next[1]));
                        s.append(id, ArrayTimeSeries.of(more[0].clone(), more[1].clone()));
                    }
                    current.put(id, next);
                }
            }, "writer");
            writer.start();
            Map<String, Integer> lastSeen = new HashMap<>();
            int[] reads = {0};
            try {
                PythonReader.run(dir, List.of("follow:6"), line -> {
                    String[] f = line.split(" ");
                    if (f[0].equals("ROUNDS")) {
                        return;
                    }
                    String id = new String(HexFormat.of().parseHex(f[2]), StandardCharsets.UTF_8);
                    List<String> history = acked.getOrDefault(id, List.of());
                    int version = history.lastIndexOf(f[4]); // acknowledged before this line was read
                    if (version < 0) {
                        problems.add("round " + f[1] + ": " + id + " read as " + f[3]
                                + " points, a version the writer never acknowledged");
                        return;
                    }
                    int before = lastSeen.getOrDefault(id, -1);
                    if (version < before) {
                        problems.add("round " + f[1] + ": " + id + " went back from version " + before + " to " + version);
                    }
                    lastSeen.put(id, Math.max(before, version));
                    reads[0]++;
                });
            } finally {
                stop.set(true);
                writer.join();
            }
            assertEquals(List.of(), problems);
            assertTrue(reads[0] > 10, "Python read " + reads[0] + " versions while the writer wrote");
            assertTrue(s.compactions() > 0, "the writer compacted beside the reader");
        }
    }

    private static List<String> history(Map<String, List<String>> acked, String id) {
        return acked.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
    }

    @Test
    void pythonUnitTestsPass() throws Exception {
        String out = PythonReader.unitTests();
        assertTrue(out.contains("OK"), out);
        assertFalse(out.contains("FAILED"), out);
    }

    @Test
    void pythonRefusesAForeignSegment() throws Exception {
        Path dir = StoreDirectories.newDirectory("py-mmap-foreign");
        Files.write(dir.resolve("0000000001.seg"), "not a segment at all".getBytes(StandardCharsets.US_ASCII));
        AssertionError e = assertThrows(AssertionError.class, () -> PythonReader.read(dir, "all"));
        assertTrue(e.getMessage().contains("0000000001.seg") && e.getMessage().contains("no segment header"),
                e.getMessage());
    }
}
