package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * Compaction beside writers: it does not stop them (stores complete while a long compaction runs, none waits
 * for the copying), writers storing, appending and deleting during compactions lose nothing and readers are
 * never served anything wrong (against a model per writer), and a crash at any step of a compaction, with
 * writes made between the steps, leaves a store that opens clean and holds every write made before it.
 */
class ConcurrentCompactionTest {

    /** The points of id {@code id} at times {@code from .. from + n - 1}: each value says its id and time. */
    private static ArrayTimeSeries points(int id, long from, int n) {
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = from + i;
            v[i] = id * 1e9 + t[i];
        }
        return ArrayTimeSeries.of(t, v);
    }

    /** Whether a series read for {@code id} is one the writers could have written: each value fits its time. */
    private static String wrong(int id, SizedContainerTimeSeries s) {
        double[] t = s.times();
        double[] v = s.values();
        for (int i = 0; i < t.length; i++) {
            if (v[i] != id * 1e9 + t[i] || i > 0 && !(t[i] > t[i - 1])) {
                return "point " + i + " of " + t.length + " is (" + t[i] + ", " + v[i] + ")";
            }
        }
        return null;
    }

    /**
     * A compaction of 200 MB of live records, with a writer storing small series all the while: stores
     * complete while it runs, and none waits for more than a fraction of it (with compaction under the write
     * lock, the first store waited for all of it and none completed during it).
     */
    @Test
    void aCompactionDoesNotStopTheWriters() throws Exception {
        Path dir = StoreDirectories.newDirectory("mmap-compaction-beside");
        try (MmapStorageManager store = MmapStorageManager.open(dir, Map.of("segmentBytes", "64m", "compactAt", "1"))) {
            for (int i = 0; i < 200; i++) {
                store.store("big-" + i, points(i, 0, 62_500)); // 1 MB each
            }
            for (int i = 0; i < 200; i += 2) {
                store.store("big-" + i, points(i, 1, 62_500)); // half of it overwritten: dead
            }
            AtomicLong compactionStart = new AtomicLong();
            AtomicLong compactionEnd = new AtomicLong();
            Thread compaction = new Thread(() -> {
                compactionStart.set(System.nanoTime());
                store.compact();
                compactionEnd.set(System.nanoTime());
            });
            List<long[]> stores = new ArrayList<>();
            compaction.start();
            int n = 0;
            while (compaction.isAlive()) {
                long began = System.nanoTime();
                store.store("small-" + (n % 100), points(1000 + n % 100, n, 100));
                stores.add(new long[] {began, System.nanoTime()});
                n++;
            }
            compaction.join();
            long start = compactionStart.get();
            long end = compactionEnd.get();
            long during = stores.stream().filter(s -> s[0] > start && s[1] < end).count();
            long longest = stores.stream().mapToLong(s -> s[1] - s[0]).max().orElse(0);
            long held = store.longestCompactionHold();
            String figures = during + " stores completed during a compaction of " + (end - start) / 1_000_000
                    + " ms; the longest took " + longest / 1_000_000.0 + " ms; the compaction held the write lock"
                    + " at most " + held / 1_000_000.0 + " ms at a stretch";
            System.out.println(figures);
            assertTrue(during >= 20, figures);
            assertTrue(longest < (end - start) / 4, figures);
            assertTrue(held < 50_000_000, figures); // a few hundred key-directory updates, not the copying
            assertEquals(1, store.compactions());
            for (int i = 0; i < 200; i++) {
                assertEquals(points(i, i % 2 == 0 ? 1 : 0, 62_500), store.get("big-" + i), "big-" + i);
            }
        }
    }

    /** One writer's ids and its model of them. */
    private static final class Writer {
        final int first;
        final int count;
        final Map<Integer, ArrayTimeSeries> model = new HashMap<>();
        final SplittableRandom random;
        long clock = 1;

        Writer(int first, int count, long seed) {
            this.first = first;
            this.count = count;
            this.random = new SplittableRandom(seed);
        }

        void step(MmapStorageManager store) {
            int id = first + random.nextInt(count);
            String key = "s" + id;
            int what = random.nextInt(10);
            ArrayTimeSeries had = model.get(id);
            if (what < 4) {
                ArrayTimeSeries s = points(id, clock, 20 + random.nextInt(400));
                clock += 1000;
                store.store(key, s);
                model.put(id, s);
            } else if (what < 7 && had != null) {
                long from = (long) had.time(had.size() - 1) + 1;
                ArrayTimeSeries more = points(id, from, 1 + random.nextInt(50));
                store.append(key, more);
                model.put(id, ArrayTimeSeries.copyOf(had.followedBy(more)));
            } else if (what < 9) {
                store.delete(key);
                model.remove(id);
            } else {
                int other = first + random.nextInt(count);
                Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
                ArrayTimeSeries a = points(id, clock, 30);
                ArrayTimeSeries b = points(other, clock, 40);
                clock += 1000;
                batch.put(key, a);
                batch.put("s" + other, b);
                store.storeAll(batch);
                model.put(id, a);
                model.put(other, b);
            }
        }
    }

    /**
     * Four writers (each with its own ids) store, append, delete and write batches while compactions run back to
     * back, explicit and automatic, and two readers check every series they read: nothing read is wrong, and at
     * the end, and after reopening, the store is exactly the writers' models.
     */
    @Test
    void writersDuringCompactionsLoseNothing() throws Exception {
        Path dir = StoreDirectories.newDirectory("mmap-compaction-writers");
        Map<String, String> options = Map.of("segmentBytes", "64k", "compactAt", "0.3");
        List<Writer> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            writers.add(new Writer(w * 25, 25, w));
        }
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        Map<String, Long> reads = new ConcurrentHashMap<>();
        long compactions;
        try (MmapStorageManager store = MmapStorageManager.open(dir, options)) {
            List<Thread> threads = new ArrayList<>();
            for (Writer w : writers) {
                threads.add(new Thread(() -> {
                    try {
                        // at least 3,000 writes each, and on until three compactions ran beside them
                        for (int i = 0; i < 30_000 && (i < 3_000 || store.compactions() < 3); i++) {
                            w.step(store);
                        }
                    } catch (RuntimeException e) {
                        failures.add("writer " + w.first + ": " + e);
                    }
                }));
            }
            List<Thread> others = new ArrayList<>();
            others.add(new Thread(() -> {
                while (!done.get()) {
                    try {
                        store.compact();
                    } catch (RuntimeException e) {
                        failures.add("compact(): " + e);
                    }
                }
            }));
            for (int r = 0; r < 2; r++) {
                SplittableRandom random = new SplittableRandom(100 + r);
                others.add(new Thread(() -> {
                    while (!done.get()) {
                        int id = random.nextInt(100);
                        try {
                            String bad = wrong(id, store.get("s" + id));
                            if (bad != null) {
                                failures.add("s" + id + " read back wrong: " + bad);
                            }
                            reads.merge("read", 1L, Long::sum);
                        } catch (NoSuchSeriesException absent) {
                            // deleted, or not stored yet
                        } catch (RuntimeException e) {
                            failures.add("get(s" + id + "): " + e);
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            others.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            done.set(true);
            for (Thread t : others) {
                t.join();
            }
            assertTrue(failures.isEmpty(), failures.size() + " failures, first: "
                    + failures.subList(0, Math.min(5, failures.size())));
            compactions = store.compactions();
            assertTrue(compactions >= 3, compactions + " compactions");
            assertTrue(reads.getOrDefault("read", 0L) > 1000, reads + " reads");
            System.out.println(compactions + " compactions, " + reads.get("read") + " checked reads beside 4 writers");
            assertHolds(store, writers);
        }
        try (MmapStorageManager store = MmapStorageManager.open(dir, options)) {
            assertHolds(store, writers);
            IntegrityReport report = store.verify();
            assertTrue(report.isClean(), report.damage().toString());
        }
    }

    private static void assertHolds(MmapStorageManager store, List<Writer> writers) {
        Map<String, ArrayTimeSeries> all = new HashMap<>();
        for (Writer w : writers) {
            w.model.forEach((id, s) -> all.put("s" + id, s));
        }
        assertEquals(all.keySet(), store.ids());
        all.forEach((id, s) -> assertEquals(s, store.get(id), id));
    }

    /** Copies the store's files, as a crash now would leave them (the lock file aside). */
    private static Path snapshot(Path dir) throws IOException {
        Path copy = StoreDirectories.newDirectory("mmap-compaction-crash-state");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!p.getFileName().toString().equals(MmapStorageManager.LOCK_FILE)) {
                    Files.copy(p, copy.resolve(p.getFileName()));
                }
            }
        }
        return copy;
    }

    /**
     * A crash at each step of a compaction (started, copied, published, swapped, each old segment deleted,
     * finished), with a write made between every two steps (a store, an append, a delete, a store of a new series): each state opens clean
     * and holds exactly the writes made before it, and so does the store after the compaction.
     */
    @Test
    void aCrashAtAnyStepOfACompactionLosesNoWrite() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-compaction-steps");
        Map<String, String> options = Map.of("segmentBytes", "4k", "compactAt", "1");
        Map<String, ArrayTimeSeries> model = new LinkedHashMap<>();
        List<Map<String, ArrayTimeSeries>> expected = new ArrayList<>();
        List<Path> states = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        try (MmapStorageManager store = MmapStorageManager.open(dir, options)) {
            for (int i = 0; i < 40; i++) {
                ArrayTimeSeries s = points(i % 12, i * 100, 10 + i);
                store.store("s" + (i % 12), s);
                model.put("s" + (i % 12), s);
            }
            store.append("s3", points(3, 100_000, 5));
            model.put("s3", ArrayTimeSeries.copyOf(model.get("s3").followedBy(points(3, 100_000, 5))));
            store.delete("s5");
            model.remove("s5");
            int[] step = {0};
            store.compactionCrashPoints(name -> {
                int k = step[0]++;
                switch (k % 4) {
                    case 0 -> {
                        ArrayTimeSeries s = points(1, 200_000 + k, 7);
                        store.store("s1", s);
                        model.put("s1", s);
                    }
                    case 1 -> {
                        ArrayTimeSeries more = points(3, 300_000 + k * 10, 3);
                        store.append("s3", more);
                        model.put("s3", ArrayTimeSeries.copyOf(model.get("s3").followedBy(more)));
                    }
                    case 2 -> {
                        store.delete("s" + (6 + k % 3));
                        model.remove("s" + (6 + k % 3));
                    }
                    default -> {
                        ArrayTimeSeries s = points(50 + k, 0, 4);
                        store.store("new-" + k, s);
                        model.put("new-" + k, s);
                    }
                }
                steps.add(name);
                expected.add(new LinkedHashMap<>(model));
                states.add(snapshot(dir));
            });
            store.compact();
            assertEquals(List.of("compaction started", "compaction copied", "compaction published",
                    "compaction swapped", "compaction finished"),
                    steps.stream().filter(n -> n.startsWith("compaction")).toList());
            assertTrue(steps.stream().filter(n -> n.startsWith("deleted")).count() >= 2, steps.toString());
            assertEquals(model.keySet(), store.ids());
            model.forEach((id, s) -> assertEquals(s, store.get(id), id));
        }
        for (int i = 0; i < states.size(); i++) {
            String when = "a crash after " + steps.get(i);
            try (MmapStorageManager store = MmapStorageManager.open(states.get(i), options)) {
                IntegrityReport report = store.verify();
                assertTrue(report.isClean(), when + ": " + report.damage());
                Map<String, ArrayTimeSeries> m = expected.get(i);
                assertEquals(m.keySet(), store.ids(), when);
                m.forEach((id, s) -> assertEquals(s, store.get(id), id + " after " + when));
            }
        }
        try (MmapStorageManager store = MmapStorageManager.open(dir, options)) {
            assertEquals(model.keySet(), store.ids());
            model.forEach((id, s) -> assertEquals(s, store.get(id), id));
            assertTrue(store.verify().isClean());
        }
    }
}
