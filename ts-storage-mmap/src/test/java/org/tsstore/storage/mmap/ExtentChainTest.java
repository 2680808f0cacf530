package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * Series appended to, end to end: their views over several records read as plain arrays say (points,
 * bulk copies, reductions, range reads, sub-views), a view obtained before an append keeps its length,
 * the chain is recovered from the segments (with and without the hint file) across segment rolls, and
 * compaction folds it into one store record.
 */
class ExtentChainTest {

    /** The expected series: plain arrays grown by each append. */
    private static final class Model {
        double[] times = new double[0];
        double[] values = new double[0];

        ArrayTimeSeries add(Random random, int n) {
            double[] t = new double[n];
            double[] v = new double[n];
            double last = times.length == 0 ? 0 : times[times.length - 1];
            for (int i = 0; i < n; i++) {
                last += 0.25 + random.nextInt(4);
                t[i] = last;
                v[i] = random.nextInt(10) == 0 ? Double.NaN : random.nextGaussian() * 100;
            }
            int old = times.length;
            times = Arrays.copyOf(times, old + n);
            values = Arrays.copyOf(values, old + n);
            System.arraycopy(t, 0, times, old, n);
            System.arraycopy(v, 0, values, old, n);
            return ArrayTimeSeries.of(t, v);
        }
    }

    private static MmapStorageManager open(Path dir, String segmentBytes) {
        MmapConfig config = MmapConfig.parse(Map.of("segmentBytes", segmentBytes, "compactAt", "1"))
                .withWindowShift(9); // 512-byte windows: records span several
        return MmapStorageManager.open(dir, config);
    }

    /** Builds a series from a store and {@code appends} appends of random sizes; returns the model. */
    private static Model grow(MmapStorageManager store, String id, Random random, int appends) {
        Model m = new Model();
        store.store(id, m.add(random, 1 + random.nextInt(20)));
        for (int i = 0; i < appends; i++) {
            int size = store.append(id, m.add(random, 1 + random.nextInt(i % 5 == 0 ? 200 : 10)));
            assertEquals(m.times.length, size);
        }
        return m;
    }

    private static void assertMatches(Model m, SizedContainerTimeSeries s) {
        int n = m.times.length;
        assertEquals(n, s.size());
        for (int i = 0; i < n; i++) {
            assertEquals(m.times[i], s.time(i), "time " + i);
            assertEquals(Double.doubleToRawLongBits(m.values[i]), Double.doubleToRawLongBits(s.value(i)), "value " + i);
        }
        assertArrayEquals(m.times, s.times());
        double[] part = new double[n / 2];
        s.copyValues(n / 3, part, 0, part.length);
        assertArrayEquals(Arrays.copyOfRange(m.values, n / 3, n / 3 + part.length), part);
        assertEquals(ArrayTimeSeries.of(m.times, m.values), s);
        ArrayTimeSeries plain = ArrayTimeSeries.of(m.times, m.values);
        assertEquals(plain.mean(), s.mean(), 0.0);
        assertEquals(plain.std(), s.std(), 0.0);
        assertEquals(plain.min(), s.min(), 0.0);
        assertEquals(plain.max(), s.max(), 0.0);
    }

    /** The points of the model in {@code [from, to)}, by a linear filter. */
    private static ArrayTimeSeries range(Model m, double from, double to) {
        List<Integer> in = new ArrayList<>();
        for (int i = 0; i < m.times.length; i++) {
            if (m.times[i] >= from && m.times[i] < to) {
                in.add(i);
            }
        }
        double[] t = new double[in.size()];
        double[] v = new double[in.size()];
        for (int k = 0; k < t.length; k++) {
            t[k] = m.times[in.get(k)];
            v[k] = m.values[in.get(k)];
        }
        return ArrayTimeSeries.of(t, v);
    }

    @Test
    void aViewOverManyExtentsReadsAsThePlainArrays() {
        Random random = new Random(15);
        try (MmapStorageManager store = open(StoreDirectories.newDirectory("mmap-chain-view"), "64k")) {
            Model m = grow(store, "s", random, 60);
            SizedContainerTimeSeries s = store.get("s");
            assertInstanceOf(ChainedSeries.class, s, "a view, not a copy");
            assertMatches(m, s);
            double last = m.times[m.times.length - 1];
            for (int k = 0; k < 300; k++) {
                double from = random.nextInt(4) == 0 ? m.times[random.nextInt(m.times.length)]
                        : random.nextDouble() * (last + 10) - 5;
                double to = from + random.nextDouble() * last / 3;
                assertEquals(range(m, from, to), store.get("s", from, to), "[" + from + ", " + to + ")");
                assertEquals(range(m, from, to), s.slice(from, to));
                SizedContainerTimeSeries sub = store.get("s", from, to);
                if (sub.size() > 2) { // a range of a range
                    double a = sub.time(1);
                    assertEquals(range(m, a, to), sub.slice(a, Double.POSITIVE_INFINITY));
                }
            }
            assertEquals(ArrayTimeSeries.of(m.times, m.values),
                    store.get("s", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
            assertEquals(0, store.get("s", last + 1, last + 5).size());
            assertThrows(IllegalArgumentException.class, () -> store.get("s", Double.NaN, 1));
            assertThrows(IllegalArgumentException.class, () -> store.get("never", 0, Double.NaN),
                    "NaN bounds are refused before the id is looked up");
        }
    }

    @Test
    void aViewObtainedBeforeAnAppendKeepsItsLength() {
        Random random = new Random(16);
        try (MmapStorageManager store = open(StoreDirectories.newDirectory("mmap-chain-old-view"), "64k")) {
            Model m = grow(store, "s", random, 3);
            double[] times = m.times.clone();
            double[] values = m.values.clone();
            SizedContainerTimeSeries before = store.get("s");
            for (int i = 0; i < 10; i++) {
                store.append("s", m.add(random, 5));
            }
            assertEquals(ArrayTimeSeries.of(times, values), before);
            assertMatches(m, store.get("s"));
        }
    }

    @Test
    void anAppendThatDoesNotComeAfterTheSeriesChangesNothing() {
        try (MmapStorageManager store = open(StoreDirectories.newDirectory("mmap-chain-order"), "64k")) {
            store.store("s", ArrayTimeSeries.of(new double[] {1, 2}, new double[] {1, 2}));
            store.append("s", ArrayTimeSeries.of(new double[] {3}, new double[] {3}));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.append("s", ArrayTimeSeries.of(new double[] {3, 4}, new double[] {0, 0})));
            assertTrue(e.getMessage().contains("\"s\"") && e.getMessage().contains("3.0"), e.getMessage());
            assertEquals(ArrayTimeSeries.of(new double[] {1, 2, 3}, new double[] {1, 2, 3}), store.get("s"));
            assertEquals(0, store.append("new", ArrayTimeSeries.of(new double[0], new double[0])));
            assertTrue(!store.contains("new"), "an empty append creates nothing");
        }
    }

    @Test
    void chainsAcrossSegmentsAreRecoveredWithAndWithoutTheHint() throws IOException {
        Random random = new Random(17);
        Path dir = StoreDirectories.newDirectory("mmap-chain-recovery");
        Model a;
        Model b;
        try (MmapStorageManager store = open(dir, "4k")) {
            a = grow(store, "a", random, 40);
            b = grow(store, "b", random, 40);
            store.store("c", ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
            store.append("c", ArrayTimeSeries.of(new double[] {2}, new double[] {2}));
            store.delete("c");
            assertTrue(SegmentFiles.list(dir).size() > 3, "the chains span several segments");
        }
        try (MmapStorageManager store = open(dir, "4k")) { // from the hint
            assertMatches(a, store.get("a"));
            assertMatches(b, store.get("b"));
            assertTrue(!store.contains("c"));
            assertTrue(store.verify().isClean(), () -> store.verify().toString());
            store.append("a", a.add(random, 3)); // appends go on after a reopen
        }
        Files.delete(dir.resolve(HintFile.NAME));
        try (MmapStorageManager store = open(dir, "4k")) { // by a scan
            assertMatches(a, store.get("a"));
            assertMatches(b, store.get("b"));
            assertTrue(!store.contains("c"));
        }
    }

    @Test
    void compactionFoldsAChainIntoOneStoreRecord() throws IOException {
        Random random = new Random(18);
        Path dir = StoreDirectories.newDirectory("mmap-chain-fold");
        Model a;
        try (MmapStorageManager store = open(dir, "4k")) {
            a = grow(store, "a", random, 30);
            store.store("plain", ArrayTimeSeries.of(new double[] {1}, new double[] {2}));
            SizedContainerTimeSeries before = store.get("a");
            store.compact();
            assertMatches(a, before); // obtained before the compaction: still readable
            assertMatches(a, store.get("a"));
            assertInstanceOf(MappedSeries.class, store.get("a"), "one record after the fold");
        }
        List<RecordHeader> ofA = new ArrayList<>();
        for (Path segment : SegmentFiles.list(dir)) {
            for (RecordHeader h : SegmentFiles.records(segment)) {
                if ("a".equals(h.id)) {
                    ofA.add(h);
                }
            }
        }
        assertEquals(1, ofA.size(), ofA::toString);
        assertEquals(RecordFormat.STORE, ofA.get(0).kind);
        assertEquals(a.times.length, ofA.get(0).points);
        Files.delete(dir.resolve(HintFile.NAME));
        try (MmapStorageManager store = open(dir, "4k")) {
            assertMatches(a, store.get("a"));
        }
    }
}
