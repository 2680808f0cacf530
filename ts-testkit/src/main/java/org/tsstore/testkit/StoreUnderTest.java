package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tsstore.testkit.SeriesAssertions.assertHolds;
import static org.tsstore.testkit.SeriesAssertions.q;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;

/**
 * The state of one run of {@link StatefulStorageContract}: a store and the {@link Map} that models it.
 * Each operation acts on both and compares their answers.
 */
final class StoreUnderTest {

    /** Stores opened by runs not yet closed; one run at a time, so a list suffices. */
    private static final List<StoreUnderTest> OPEN = new ArrayList<>();

    private final StoreContract contract;
    private final Map<String, SizedContainerTimeSeries> model = new LinkedHashMap<>();
    private StorageManager store;

    StoreUnderTest(StoreContract contract) {
        this.contract = contract;
        this.store = Objects.requireNonNull(contract.create(), "create() returned null");
        synchronized (OPEN) {
            OPEN.add(this);
        }
    }

    /** Closes every store opened since the last call. */
    static void closeAll() {
        List<StoreUnderTest> open;
        synchronized (OPEN) {
            open = new ArrayList<>(OPEN);
            OPEN.clear();
        }
        for (StoreUnderTest s : open) {
            s.store.close();
        }
    }

    void store(String id, SizedContainerTimeSeries series) {
        SizedContainerTimeSeries returned = store.store(id, series);
        model.put(id, series);
        assertHolds("store(" + q(id) + ", ...) returned", series, returned);
    }

    void get(String id) {
        SizedContainerTimeSeries expected = model.get(id);
        if (expected == null) {
            try {
                SizedContainerTimeSeries got = store.get(id);
                throw new AssertionError("get(" + q(id) + ") returned " + got + ", but nothing is stored there");
            } catch (NoSuchSeriesException e) {
                assertEquals(id, e.id(), "NoSuchSeriesException.id()");
            }
        } else {
            assertHolds("get(" + q(id) + ")", expected, store.get(id));
        }
    }

    void append(String id, int points, long seed) {
        SizedContainerTimeSeries was = model.get(id);
        SizedContainerTimeSeries more = GrowthModel.after(was == null ? Double.NaN : GrowthModel.lastTime(was), points,
                new SplittableRandom(seed));
        int size = store.append(id, more);
        SizedContainerTimeSeries now = was == null ? more : GrowthModel.concat(was, more);
        if (was != null || !more.isEmpty()) {
            model.put(id, now);
        }
        assertEquals(now.size(), size, "append(" + q(id) + ", " + more.size() + " points) returned");
    }

    void getRange(String id, long seed) {
        SizedContainerTimeSeries expected = model.get(id);
        SplittableRandom random = new SplittableRandom(seed);
        if (expected == null) {
            try {
                SizedContainerTimeSeries got = store.get(id, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
                throw new AssertionError("get(" + q(id) + ", -inf, +inf) returned " + got + ", but nothing is stored there");
            } catch (NoSuchSeriesException e) {
                assertEquals(id, e.id(), "NoSuchSeriesException.id()");
            }
            return;
        }
        double from = GrowthModel.bound(expected, random);
        double to = GrowthModel.bound(expected, random);
        assertHolds("get(" + q(id) + ", " + from + ", " + to + ")", GrowthModel.range(expected, from, to),
                store.get(id, from, to));
    }

    void storeAll(Map<String, SizedContainerTimeSeries> batch) {
        store.storeAll(batch);
        model.putAll(batch);
    }

    void appendAll(List<String> ids, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
        for (String id : ids) {
            SizedContainerTimeSeries was = model.get(id);
            batch.put(id, GrowthModel.after(was == null ? Double.NaN : GrowthModel.lastTime(was), random.nextInt(5), random));
        }
        store.appendAll(batch);
        for (Map.Entry<String, SizedContainerTimeSeries> e : batch.entrySet()) {
            SizedContainerTimeSeries was = model.get(e.getKey());
            if (was != null) {
                model.put(e.getKey(), GrowthModel.concat(was, e.getValue()));
            } else if (!e.getValue().isEmpty()) {
                model.put(e.getKey(), e.getValue());
            }
        }
    }

    void containsAndSize(String id) {
        SizedContainerTimeSeries expected = model.get(id);
        assertEquals(expected != null, store.contains(id), "contains(" + q(id) + ")");
        if (expected != null) {
            assertEquals(expected.size(), store.size(id), "size(" + q(id) + ")");
        } else {
            try {
                int size = store.size(id);
                throw new AssertionError("size(" + q(id) + ") is " + size + ", but nothing is stored there");
            } catch (NoSuchSeriesException e) {
                assertEquals(id, e.id(), "NoSuchSeriesException.id()");
            }
        }
    }

    void delete(String id) {
        boolean expected = model.remove(id) != null;
        assertEquals(expected, store.delete(id), "delete(" + q(id) + ")");
    }

    void newId() {
        String id = store.newId();
        assertTrue(SeriesIds.isValid(id), "newId() gave an invalid id " + q(id));
        assertFalse(model.containsKey(id), "newId() gave " + q(id) + ", which is in use");
    }

    void flush() {
        store.flush();
    }

    void verify() {
        IntegrityReport report = store.verify();
        assertTrue(report.isClean(), "verify() found damage in a healthy store: " + report.damage());
        assertTrue(report.seriesChecked() >= model.size(),
                "verify() checked " + report.seriesChecked() + " series, but " + model.size() + " are stored");
    }

    void compact() {
        store.compact();
    }

    void reopen() {
        StorageManager previous = store;
        store = Objects.requireNonNull(contract.reopen(previous), "reopen() returned null");
        previous.close();
        checkAll();
    }

    /** The invariant after every step: the ids are the model's. */
    void checkIds() {
        StoreAssertions.assertIds("the store", store.ids(), model.keySet());
    }

    /** Every series of the model reads back. */
    void checkAll() {
        StoreAssertions.assertStoreHolds("the store", store, model);
    }

    @Override
    public String toString() {
        return "store with " + model.size() + " series";
    }
}
