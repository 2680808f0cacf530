package org.tsstore.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tsstore.core.SkeletonTest.assertSeries;

import com.google.common.testing.EqualsTester;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;

class SMTimeSeriesTest {

    private static final double[] T = {1, 2, 4};
    private static final double[] V = {10, Double.NaN, -3};

    @Provide
    Arbitrary<SeriesModel> series() {
        return SeriesModel.any();
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(30)
                .withChars("abc/.\\ é€").withCharRange('0', '9').withChars("\uD83D\uDE00")
                .filter(SeriesIds::isValid);
    }

    @Property(tries = 300)
    void constructionStoresOneCopyUnderTheIdAndDelegatesToTheManagersForm(@ForAll("series") SeriesModel m,
            @ForAll("ids") String id) {
        MapStorageManager manager = new MapStorageManager();
        double[] t = m.t().clone();
        double[] v = m.v().clone();
        SMTimeSeries s = new SMTimeSeries(manager, t, v, id);
        assertEquals(List.of("store " + id), manager.calls());
        assertEquals(id, s.id());
        assertSame(manager, s.manager());
        assertSame(manager.inner().get(id), s.delegate(), "delegates to the series the manager returned");
        Arrays.fill(t, 1);
        Arrays.fill(v, 1);
        assertSeries(m.t(), m.v(), manager.inner().get(id), "stored, after the caller changed its arrays");
        assertSeries(m.t(), m.v(), s, "the SMTimeSeries");
        assertEquals(ArrayTimeSeries.of(m.t(), m.v()), s);
        assertEquals(List.of("store " + id), manager.calls(), "reading needs no further call");
    }

    @Example
    void withoutAnIdTheManagerMakesOneUp() {
        MapStorageManager manager = new MapStorageManager();
        SMTimeSeries s = new SMTimeSeries(manager, T, V);
        assertEquals("generated-1", s.id());
        assertEquals(List.of("newId", "store generated-1"), manager.calls());
        assertEquals(ArrayTimeSeries.of(T, V), manager.inner().get("generated-1"));
        SMTimeSeries numbered = new SMTimeSeries(manager, T, V, "7");
        assertEquals(numbered, SMTimeSeries.fromDb(manager, 7L));
        assertEquals("7", SMTimeSeries.fromDb(manager, 7L).id());
    }

    @Example
    void badInputIsRejectedBeforeTheManagerIsTouched() {
        MapStorageManager manager = new MapStorageManager();
        assertThrows(IllegalArgumentException.class,
                () -> new SMTimeSeries(manager, new double[] {2, 1}, new double[2], "x"));
        assertThrows(IllegalArgumentException.class, () -> new SMTimeSeries(manager, new double[] {1}, new double[0]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SMTimeSeries(manager, T, V, "bad\nid"));
        assertTrue(e.getMessage().contains(SeriesIds.quote("bad\nid")), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SMTimeSeries(manager, T, V, ""));
        assertThrows(NullPointerException.class, () -> new SMTimeSeries(manager, T, V, null));
        assertThrows(NullPointerException.class, () -> new SMTimeSeries(manager, null, V));
        assertThrows(IllegalArgumentException.class, () -> SMTimeSeries.fromDb(manager, "x".repeat(256)));
        assertEquals(List.of(), manager.calls());
        assertTrue(manager.inner().ids().isEmpty());
    }

    @Example
    void fromDbFetchesOnFirstUseAndOnlyOnce() {
        MapStorageManager manager = new MapStorageManager();
        manager.inner().store("x", ArrayTimeSeries.of(T, V));
        SMTimeSeries s = SMTimeSeries.fromDb(manager, "x");
        assertEquals("x", s.id());
        assertSame(manager, s.manager());
        assertTrue(s.toString().contains("not loaded"), s.toString());
        assertEquals(List.of(), manager.calls(), "fromDb alone reads nothing");
        assertEquals(3, s.size());
        assertEquals(List.of("get x"), manager.calls());
        assertEquals(ArrayTimeSeries.of(T, V), s);
        s.mean();
        s.values();
        assertEquals(List.of("get x"), manager.calls(), "fetched once");
        assertTrue(s.toString().startsWith("SMTimeSeries[id=\"x\", "), s.toString());
        assertTrue(s.toString().contains(ArrayTimeSeries.of(T, V).toString()), s.toString());
        manager.inner().store("x", ArrayTimeSeries.empty());
        assertEquals(3, s.size(), "a fetched series is a snapshot");
    }

    @Example
    void aMissingIdSurfacesAtFirstUseAndIsRetried() {
        MapStorageManager manager = new MapStorageManager();
        SMTimeSeries s = SMTimeSeries.fromDb(manager, "later");
        NoSuchSeriesException e = assertThrows(NoSuchSeriesException.class, s::mean);
        assertEquals("later", e.id());
        assertThrows(NoSuchSeriesException.class, s::size);
        assertEquals(List.of("get later", "get later"), manager.calls());
        manager.inner().store("later", ArrayTimeSeries.of(T, V));
        assertEquals(ArrayTimeSeries.of(T, V), s);
    }

    @Example
    void concurrentFirstUsesFetchOnce() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        MapStorageManager manager = new MapStorageManager() {
            @Override
            public SizedContainerTimeSeries get(String id) {
                gets.incrementAndGet();
                try {
                    // Hold the first fetch until every thread has been started, so that they race for it.
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.get(id);
            }
        };
        manager.inner().store("x", ArrayTimeSeries.of(T, V));
        SMTimeSeries s = SMTimeSeries.fromDb(manager, "x");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch started = new CountDownLatch(threads);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    started.countDown();
                    return s.size();
                }));
            }
            started.await();
            release.countDown();
            for (Future<Integer> f : results) {
                assertEquals(3, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, gets.get());
    }

    @Example
    void operationsReturnInMemoryResultsAndStoreNothing() {
        MapStorageManager manager = new MapStorageManager();
        SMTimeSeries s = new SMTimeSeries(manager, T, V, "a");
        List<SizedContainerTimeSeries> results = List.of(s.plus(1), s.minus(s), s.multipliedBy(2), s.negated(), s.abs(),
                s.slice(1, 3), s.interpolate(1.5), s.plus(ArrayTimeSeries.of(T, new double[] {1, 1, 1})));
        for (SizedContainerTimeSeries r : results) {
            assertFalse(r instanceof SMTimeSeries, "an operation returned a stored series: " + r);
        }
        assertSeries(T, new double[] {11, Double.NaN, -2}, results.get(0), "plus 1");
        assertSeries(new double[] {1, 2}, new double[] {10, Double.NaN}, results.get(5), "slice");
        assertSeries(new double[] {1.5}, new double[] {Double.NaN}, results.get(6), "interpolate");
        assertEquals(List.of("store a"), manager.calls(), "no operation wrote to the manager");
        assertEquals(Map.of("a", ArrayTimeSeries.of(T, V)), manager.inner().ids().stream().collect(java.util.stream.Collectors.toMap(i -> i, manager.inner()::get)));
    }

    @Example
    void equalityIsByContentNotById() {
        MapStorageManager one = new MapStorageManager();
        MapStorageManager two = new MapStorageManager();
        SMTimeSeries a = new SMTimeSeries(one, T, V, "a");
        new EqualsTester()
                .addEqualityGroup(a, SMTimeSeries.fromDb(one, "a"), new SMTimeSeries(two, T, V, "b"),
                        ArrayTimeSeries.of(T, V))
                .addEqualityGroup(new SMTimeSeries(one, T, new double[] {10, 0, -3}, "c"))
                .testEquals();
    }

    @Example
    void theDefaultManagerIsTheSharedOne() {
        StorageManagersTest.assumeNoDefaultIsConfigured();
        SMTimeSeries s = new SMTimeSeries(T, V, "default-x");
        assertSame(StorageManagers.defaultManager(), s.manager());
        assertInstanceOf(MapStorageManager.class, s.manager(), "the test provider's manager");
        SMTimeSeries again = SMTimeSeries.fromDb("default-x");
        assertSame(s.manager(), again.manager());
        assertEquals(ArrayTimeSeries.of(T, V), again);
        SMTimeSeries generated = new SMTimeSeries(T, V);
        assertTrue(s.manager().contains(generated.id()));
        assertEquals(new SMTimeSeries(T, V, 99L), SMTimeSeries.fromDb(99L));
    }
}
