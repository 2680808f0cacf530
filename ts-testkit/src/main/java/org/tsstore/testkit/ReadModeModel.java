package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * The model of a backend's {@code mode=read} tests: series as plain arrays whose values encode id and version (so
 * that a wrong or stale read shows), assertions of a read-only store against them, and a reader thread judged
 * beside a writer thread in one JVM. {@link ReadOnlyContract} and the backends' own read-mode tests use it.
 */
public final class ReadModeModel {

    private ReadModeModel() {}

    /**
     * The points of a version: times from {@code firstTime} on, values {@code id * 1e6 + version * 1e3 + i}.
     *
     * @param id the id's number
     * @param version the version
     * @param firstTime the first time
     * @param n how many points
     * @return {@code {times, values}}
     */
    public static double[][] points(int id, int version, double firstTime, int n) {
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = firstTime + i;
            v[i] = id * 1e6 + version * 1e3 + i;
        }
        return new double[][] {t, v};
    }

    /**
     * One series' points followed by another's.
     *
     * @param a the first
     * @param b the points after them
     * @return {@code {times, values}}
     */
    public static double[][] concat(double[][] a, double[][] b) {
        double[] t = Arrays.copyOf(a[0], a[0].length + b[0].length);
        double[] v = Arrays.copyOf(a[1], a[1].length + b[1].length);
        System.arraycopy(b[0], 0, t, a[0].length, b[0].length);
        System.arraycopy(b[1], 0, v, a[1].length, b[1].length);
        return new double[][] {t, v};
    }

    /**
     * The points as a series.
     *
     * @param p {@code {times, values}}
     * @return the series
     */
    public static ArrayTimeSeries series(double[][] p) {
        return ArrayTimeSeries.of(p[0], p[1]);
    }

    /**
     * Asserts that a series holds exactly these points.
     *
     * @param expected {@code {times, values}}
     * @param actual the series read
     * @param what for the message
     */
    public static void assertSeries(double[][] expected, SizedContainerTimeSeries actual, String what) {
        assertEquals(expected[0].length, actual.size(), what + ": size");
        double[] t = new double[actual.size()];
        double[] v = new double[actual.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = actual.time(i);
            v[i] = actual.value(i);
        }
        assertArrayEquals(expected[0], t, what + ": times");
        assertArrayEquals(expected[1], v, what + ": values");
    }

    /**
     * Asserts that a store holds exactly the model: its ids, and each series and size.
     *
     * @param model id to {@code {times, values}}
     * @param reader the store
     * @param when for the message
     */
    public static void assertMatches(Map<String, double[][]> model, StorageManager reader, String when) {
        assertEquals(model.keySet(), reader.ids(), when + ": ids");
        for (Map.Entry<String, double[][]> e : model.entrySet()) {
            assertSeries(e.getValue(), reader.get(e.getKey()), when + ": " + e.getKey());
            assertEquals(e.getValue()[0].length, reader.size(e.getKey()), when + ": size of " + e.getKey());
        }
    }

    /**
     * Makes one random write through a writer and the same change to the model: a store, an append, a delete, a
     * batch store or append, a {@code compact()} or a {@code flush()}, over the ids {@code s0..s11}.
     *
     * @param writer the writing store
     * @param model id to {@code {times, values}}, changed as the writer's store is
     * @param random picks the write
     * @param op the write's number, its version in the values
     * @return what was done, such as {@code "append(s3)"}, for messages; {@code "compact()"} for a compaction
     */
    public static String write(StorageManager writer, Map<String, double[][]> model, SplittableRandom random,
            int op) {
        int id = random.nextInt(12);
        String key = "s" + id;
        double[][] old = model.get(key);
        int kind = random.nextInt(10);
        if (old != null && (kind == 3 || kind == 4 || kind == 9)) {
            double[][] p = points(id, op, old[0][old[0].length - 1] + 1, 1 + random.nextInt(5));
            if (kind == 9) {
                writer.appendAll(Map.of(key, series(p)));
            } else {
                writer.append(key, series(p));
            }
            model.put(key, concat(old, p));
            return (kind == 9 ? "appendAll(" : "append(") + key + ")";
        } else if (kind == 5) {
            assertEquals(old != null, writer.delete(key), "delete(" + key + ") of the writer");
            model.remove(key);
            return "delete(" + key + ")";
        } else if (kind == 6) {
            String other = "s" + ((id + 1) % 12);
            double[][] p = points(id, op, 0, 3);
            double[][] q = points(id + 1, op, 0, 4);
            writer.storeAll(Map.of(key, series(p), other, series(q)));
            model.put(key, p);
            model.put(other, q);
            return "storeAll(" + key + ", " + other + ")";
        } else if (kind == 7) {
            writer.compact();
            return "compact()";
        } else if (kind == 8) {
            writer.flush();
            return "flush()";
        }
        double[][] p = points(id, op, 0, 1 + random.nextInt(20));
        writer.store(key, series(p));
        model.put(key, p);
        return "store(" + key + ")";
    }

    /**
     * Runs a writer thread storing versions of a few ids (compacting now and then) and reads them meanwhile through
     * a read-only store: each read must be a version whose store had started by the read's end, no older than one
     * acknowledged before the read began, never older than the last one read, with every point that version's.
     *
     * @param writer the writing store
     * @param reader a read-only store on the same directory
     * @param ids how many ids ({@code s0, s1, ...})
     * @param versions how many stores the writer makes
     * @return how many reads were judged
     * @throws InterruptedException if interrupted while waiting for the writer
     */
    public static long assertReaderThreadFollowsWriterThread(StorageManager writer, StorageManager reader, int ids,
            int versions) throws InterruptedException {
        AtomicIntegerArray acknowledged = new AtomicIntegerArray(ids);
        AtomicIntegerArray started = new AtomicIntegerArray(ids);
        for (int i = 0; i < ids; i++) {
            acknowledged.set(i, -1);
            started.set(i, -1);
        }
        List<String> failures = new CopyOnWriteArrayList<>();
        Thread w = new Thread(() -> {
            SplittableRandom random = new SplittableRandom(5);
            for (int version = 0; version < versions; version++) {
                int id = random.nextInt(ids);
                started.set(id, version);
                writer.store("s" + id, series(points(id, version, 0, 1 + random.nextInt(30))));
                acknowledged.set(id, version);
                if (version % 300 == 299) {
                    writer.compact();
                }
            }
        });
        w.start();
        int[] lastSeen = new int[ids];
        Arrays.fill(lastSeen, -1);
        long reads = 0;
        while (w.isAlive() || reads == 0) {
            for (int id = 0; id < ids; id++) {
                int floor = acknowledged.get(id);
                SizedContainerTimeSeries got;
                try {
                    got = reader.get("s" + id);
                } catch (NoSuchSeriesException absent) {
                    if (floor >= 0) {
                        failures.add("s" + id + " absent after version " + floor + " was acknowledged");
                    }
                    continue;
                }
                int ceiling = started.get(id);
                int version = (int) Math.round((got.value(0) - id * 1e6) / 1e3);
                double[][] expected = points(id, version, 0, got.size());
                for (int i = 0; i < got.size(); i++) {
                    if (got.value(i) != expected[1][i] || got.time(i) != expected[0][i]) {
                        failures.add("s" + id + " point " + i + " is not of version " + version);
                        break;
                    }
                }
                if (version < floor || version > ceiling || version < lastSeen[id]) {
                    failures.add("s" + id + ": read version " + version + ", acknowledged before the read " + floor
                            + ", started by its end " + ceiling + ", read before " + lastSeen[id]);
                }
                lastSeen[id] = version;
                reads++;
            }
        }
        w.join();
        assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())));
        assertTrue(reads > 0);
        return reads;
    }
}
