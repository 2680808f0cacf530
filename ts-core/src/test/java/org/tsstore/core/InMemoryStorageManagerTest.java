package org.tsstore.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * The reference store's native append, range reads and batches against a model of plain arrays: every
 * snapshot handed out keeps its points, refusals change nothing, and a liar cannot make it allocate its claim.
 */
class InMemoryStorageManagerTest {

    /** The model: times and values of each id, as plain lists. */
    private static final class Model {
        final Map<String, double[][]> series = new HashMap<>();

        void append(String id, double[] t, double[] v) {
            double[][] old = series.getOrDefault(id, new double[][] {new double[0], new double[0]});
            if (t.length == 0) {
                return;
            }
            double[] nt = Arrays.copyOf(old[0], old[0].length + t.length);
            double[] nv = Arrays.copyOf(old[1], old[1].length + v.length);
            System.arraycopy(t, 0, nt, old[0].length, t.length);
            System.arraycopy(v, 0, nv, old[1].length, v.length);
            series.put(id, new double[][] {nt, nv});
        }

        double last(String id) {
            double[][] s = series.get(id);
            return s == null || s[0].length == 0 ? Double.NEGATIVE_INFINITY : s[0][s[0].length - 1];
        }
    }

    private static void assertPoints(double[] t, double[] v, SizedContainerTimeSeries s, String what) {
        assertEquals(t.length, s.size(), what + ": size");
        for (int i = 0; i < t.length; i++) {
            assertEquals(Double.doubleToRawLongBits(t[i]), Double.doubleToRawLongBits(s.time(i)), what + ": time " + i);
            assertEquals(Double.doubleToRawLongBits(v[i]), Double.doubleToRawLongBits(s.value(i)), what + ": value " + i);
        }
    }

    @Property(tries = 60)
    void appendsStoresDeletesAndRangeReadsAgreeWithTheModel(@ForAll long seed) {
        Random r = new Random(seed);
        Model model = new Model();
        List<Object[]> handedOut = new ArrayList<>();
        try (InMemoryStorageManager store = new InMemoryStorageManager()) {
            for (int step = 0; step < 120; step++) {
                String id = "s" + r.nextInt(4);
                int op = r.nextInt(10);
                if (op < 6) {
                    int k = r.nextInt(r.nextInt(10) == 0 ? 300 : 5);
                    double[] t = new double[k];
                    double[] v = new double[k];
                    double at = model.last(id) == Double.NEGATIVE_INFINITY ? r.nextInt(100) : model.last(id);
                    for (int i = 0; i < k; i++) {
                        at += 1 + r.nextInt(3);
                        t[i] = at;
                        v[i] = r.nextInt(20) == 0 ? Double.NaN : r.nextGaussian();
                    }
                    int size = store.append(id, ArrayTimeSeries.of(t, v));
                    model.append(id, t, v);
                    double[][] m = model.series.get(id);
                    assertEquals(m == null ? 0 : m[0].length, size, "append's size");
                } else if (op == 6) {
                    double[] t = {r.nextInt(5), 10 + r.nextInt(5)};
                    double[] v = {r.nextDouble(), -0.0};
                    store.store(id, ArrayTimeSeries.of(t, v));
                    model.series.put(id, new double[][] {t, v});
                } else if (op == 7) {
                    assertEquals(model.series.remove(id) != null, store.delete(id));
                } else {
                    double[][] m = model.series.get(id);
                    if (m == null) {
                        assertThrows(NoSuchSeriesException.class, () -> store.get(id, 0, 1));
                        continue;
                    }
                    double from = r.nextBoolean() ? Double.NEGATIVE_INFINITY : r.nextInt(200) + r.nextDouble();
                    double to = r.nextInt(5) == 0 ? Double.POSITIVE_INFINITY : r.nextInt(300);
                    int lo = 0;
                    while (lo < m[0].length && m[0][lo] < from) {
                        lo++;
                    }
                    int hi = lo;
                    while (hi < m[0].length && m[0][hi] < to) {
                        hi++;
                    }
                    assertPoints(Arrays.copyOfRange(m[0], lo, hi), Arrays.copyOfRange(m[1], lo, hi),
                            store.get(id, from, to), "get(" + id + ", " + from + ", " + to + ")");
                }
                double[][] now = model.series.get(id);
                if (now != null) {
                    handedOut.add(new Object[] {now[0].clone(), now[1].clone(), store.get(id)});
                }
            }
            for (Object[] h : handedOut) {
                assertPoints((double[]) h[0], (double[]) h[1], (SizedContainerTimeSeries) h[2], "a series handed out earlier");
            }
        }
    }

    @Test
    void aStoredSeriesSharedByTwoStoresIsNeverWrittenThroughByAnAppend() {
        ArrayTimeSeries whole = ArrayTimeSeries.of(new double[] {1, 2, 3, 4}, new double[] {1, 2, 3, 4});
        SizedContainerTimeSeries prefix = whole.slice(1, 3);
        try (InMemoryStorageManager a = new InMemoryStorageManager(); InMemoryStorageManager b = new InMemoryStorageManager()) {
            a.store("x", prefix);
            b.store("x", prefix);
            a.append("x", ArrayTimeSeries.of(new double[] {10}, new double[] {-1}));
            b.append("x", ArrayTimeSeries.of(new double[] {20}, new double[] {-2}));
            assertPoints(new double[] {1, 2, 3, 4}, new double[] {1, 2, 3, 4}, whole, "the caller's series");
            assertPoints(new double[] {1, 2, 10}, new double[] {1, 2, -1}, a.get("x"), "store a");
            assertPoints(new double[] {1, 2, 20}, new double[] {1, 2, -2}, b.get("x"), "store b");
        }
    }

    @Test
    void refusedAppendsAndBatchesChangeNothingAndSayWhy() {
        try (InMemoryStorageManager store = new InMemoryStorageManager()) {
            store.store("a", ArrayTimeSeries.of(new double[] {1, 5}, new double[] {1, 1}));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.append("a", ArrayTimeSeries.of(new double[] {5, 6}, new double[] {0, 0})));
            assertEquals("cannot append to \"a\": its last stored time is 5.0, and the first time to append, 5.0, "
                    + "is not greater", e.getMessage());
            Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
            batch.put("b", ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
            batch.put("a", ArrayTimeSeries.of(new double[] {4}, new double[] {1}));
            assertThrows(IllegalArgumentException.class, () -> store.appendAll(batch));
            assertEquals(java.util.Set.of("a"), store.ids());
            assertEquals(0, store.append("empty", ArrayTimeSeries.empty()));
            assertEquals(java.util.Set.of("a"), store.ids(), "an empty append creates nothing");
            batch.put("a", ArrayTimeSeries.of(new double[] {6}, new double[] {2}));
            store.appendAll(batch);
            assertPoints(new double[] {1, 5, 6}, new double[] {1, 1, 2}, store.get("a"), "after the batch");
            assertPoints(new double[] {1}, new double[] {1}, store.get("b"), "after the batch");
        }
    }

    @Test
    void aSeriesThatClaimsMoreThanItGivesIsRefusedWithoutAllocatingItsClaim() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (InMemoryStorageManager store = new InMemoryStorageManager()) {
            for (int claim : new int[] {1 << 28, Integer.MAX_VALUE}) {
                ThreeMethodSeries liar = new ThreeMethodSeries(new double[] {1, 2, 3}, new double[] {1, 2, 3}) {
                    @Override
                    public int size() {
                        return claim;
                    }
                };
                long before = mx.getCurrentThreadAllocatedBytes();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.store("x", liar));
                long allocated = mx.getCurrentThreadAllocatedBytes() - before;
                assertTrue(e.getMessage().contains("reports " + claim + " points"), e.getMessage());
                assertTrue(allocated < 16 << 20, "allocated " + allocated + " bytes for a claim of " + claim);
                assertThrows(IllegalArgumentException.class, () -> store.append("x", liar));
                assertEquals(java.util.Set.of(), store.ids());
            }
        }
    }
}
