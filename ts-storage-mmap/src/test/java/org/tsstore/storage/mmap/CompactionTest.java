package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * Overwrites and deletes until automatic compaction has run several times, while reader threads take
 * views and hold them: every view keeps exactly the points it had (checked against plain arrays, also
 * after its segment file was deleted), the store agrees with a map model, and compaction shrinks the
 * directory to the live data.
 */
class CompactionTest {

    private static final int IDS = 40;

    /** The points of one version of a series: values encode id and version, so a wrong read shows. */
    private static double[][] version(int id, int version, int points) {
        double[] t = new double[points];
        double[] v = new double[points];
        for (int i = 0; i < points; i++) {
            t[i] = i * 0.5 + version;
            v[i] = id * 1_000_000.0 + version * 1000.0 + i % 1000;
        }
        return new double[][] {t, v};
    }

    private record Held(SizedContainerTimeSeries view, double[][] expected) {}

    @Test
    void viewsSurviveCompactionAndTheDirectoryShrinks() throws Exception {
        Path dir = StoreDirectories.newDirectory("mmap-compaction");
        MmapConfig config = MmapConfig.parse(Map.of("segmentBytes", "64k", "compactAt", "0.5"));
        Map<String, double[][]> model = new ConcurrentHashMap<>();
        // every version ever stored, by id and version number, and the last version whose store returned
        Map<String, Map<Integer, double[][]>> history = new ConcurrentHashMap<>();
        Map<String, Integer> completed = new ConcurrentHashMap<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        try (MmapStorageManager store = MmapStorageManager.open(dir, config)) {
            List<Thread> readers = new ArrayList<>();
            List<List<Held>> heldByReader = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                List<Held> held = new ArrayList<>();
                heldByReader.add(held);
                SplittableRandom random = new SplittableRandom(r);
                Thread t = new Thread(() -> read(store, history, completed, held, random, done, failures), "reader-" + r);
                readers.add(t);
                t.start();
            }
            SplittableRandom random = new SplittableRandom(4);
            int[] versions = new int[IDS];
            Set<String> firstSegments = segmentNames(dir);
            for (int op = 0; op < 20_000 && store.compactions() < 4; op++) {
                int id = random.nextInt(IDS);
                String key = "series-" + id;
                if (random.nextInt(5) == 0) {
                    boolean existed = model.remove(key) != null;
                    assertEquals(existed, store.delete(key), "delete(" + key + ")");
                } else {
                    double[][] p = version(id, ++versions[id], 50 + random.nextInt(300));
                    history.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(versions[id], p);
                    store.store(key, ArrayTimeSeries.of(p[0], p[1]));
                    completed.put(key, versions[id]);
                    model.put(key, p);
                }
            }
            done.set(true);
            for (Thread t : readers) {
                t.join();
            }
            assertTrue(failures.isEmpty(), failures.size() + " wrong reads, first: "
                    + failures.subList(0, Math.min(3, failures.size())));
            assertTrue(store.compactions() >= 4, "compaction ran " + store.compactions() + " times");
            Set<String> now = segmentNames(dir);
            assertTrue(now.stream().noneMatch(firstSegments::contains),
                    "the first segments " + firstSegments + " were compacted away, but " + now + " remain");
            int views = 0;
            for (List<Held> held : heldByReader) {
                for (Held h : held) {
                    assertHolds(h.expected(), h.view(), "a view held across compactions");
                    views++;
                }
            }
            assertTrue(views > 100, "readers held " + views + " views");
            assertStoreHolds(store, model);

            // some garbage, then an explicit compaction: the directory shrinks to about the live data. The
            // deletes may start an automatic compaction, so the size before is taken before them.
            long before = segmentBytes(dir);
            for (int id = 0; id < IDS; id += 2) {
                store.delete("series-" + id);
                model.remove("series-" + id);
            }
            long live = model.entrySet().stream().mapToLong(e -> RecordFormat.recordLength(e.getKey().length(),
                    e.getValue()[0].length)).sum();
            store.compact();
            long after = segmentBytes(dir);
            assertTrue(after < before, "segments took " + before + " bytes before compact() and " + after + " after");
            assertTrue(after <= live + 64L * segmentNames(dir).size() + 16,
                    "after compact() segments take " + after + " bytes for " + live + " bytes of live records");
            assertStoreHolds(store, model);
        }
        try (MmapStorageManager store = MmapStorageManager.open(dir, config)) {
            assertStoreHolds(store, model);
            assertTrue(store.verify().isClean());
        }
    }

    private static void read(MmapStorageManager store, Map<String, Map<Integer, double[][]>> history,
            Map<String, Integer> completed, List<Held> held, SplittableRandom random, AtomicBoolean done,
            List<String> failures) {
        while (!done.get()) {
            int id = random.nextInt(IDS);
            String key = "series-" + id;
            try {
                Integer floor = completed.get(key);
                SizedContainerTimeSeries view = store.get(key);
                // values encode id and version: the view must be a version stored under the id, whole, and
                // no older than the last one whose store had returned before the get began
                int version = (int) Math.round((view.value(0) - id * 1_000_000.0) / 1000.0);
                double[][] expected = history.getOrDefault(key, Map.of()).get(version);
                if (expected == null || !matches(expected, view) || floor != null && version < floor) {
                    failures.add(key + " read back as " + view + ", not a whole version at least " + floor);
                    continue;
                }
                if (held.size() < 400 && random.nextInt(4) == 0) {
                    held.add(new Held(view, expected));
                }
                if (!held.isEmpty()) {
                    Held h = held.get(random.nextInt(held.size()));
                    if (!matches(h.expected(), h.view())) {
                        failures.add("a held view changed: " + h.view());
                    }
                }
            } catch (NoSuchSeriesException e) {
                // deleted meanwhile
            } catch (RuntimeException e) {
                failures.add(key + ": " + e);
            }
        }
    }

    private static boolean matches(double[][] expected, SizedContainerTimeSeries s) {
        if (expected == null || s.size() != expected[0].length) {
            return false;
        }
        int last = s.size() - 1;
        return java.util.Arrays.equals(expected[0], s.times()) && java.util.Arrays.equals(expected[1], s.values())
                && s.time(last) == expected[0][last] && s.value(0) == expected[1][0];
    }

    private static void assertHolds(double[][] expected, SizedContainerTimeSeries s, String what) {
        assertArrayEquals(expected[0], s.times(), what + ": times");
        assertArrayEquals(expected[1], s.values(), what + ": values");
        double sum = 0;
        for (double v : expected[1]) {
            sum += v;
        }
        assertEquals(sum / expected[1].length, s.mean(), Math.abs(sum) * 1e-12, what + ": mean");
    }

    private static void assertStoreHolds(MmapStorageManager store, Map<String, double[][]> model) {
        assertEquals(model.keySet(), store.ids());
        Map<String, double[][]> copy = new HashMap<>(model);
        copy.forEach((id, p) -> assertHolds(p, store.get(id), id));
        for (int id = 0; id < IDS; id++) {
            assertEquals(model.containsKey("series-" + id), store.contains("series-" + id));
        }
        assertFalse(store.ids().isEmpty());
    }

    private static Set<String> segmentNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".seg")).collect(Collectors.toSet());
        }
    }

    private static long segmentBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path p : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".seg"))::iterator) {
                try {
                    total += Files.size(p);
                } catch (NoSuchFileException e) {
                    // retired by a compaction while the directory was listed: its bytes are gone
                }
            }
            return total;
        }
    }
}
