package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tsstore.testkit.SeriesAssertions.assertHolds;
import static org.tsstore.testkit.StoreAssertions.assertStoreHolds;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.function.Executable;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Lifecycle and maintenance: a closed store refuses every method; {@code flush()}, {@code verify()}
 * and {@code compact()} keep every series readable, and {@code verify()} finds a healthy store clean. Part of {@link StorageManagerContract}.
 */
public interface LifecycleContract extends StoreContract {

    /** After {@code close()}, every method throws {@link IllegalStateException}; {@code close()} is idempotent. */
    @Example
    default void closedStoreRefusesEveryMethod() {
        StorageManager store = create();
        SizedContainerTimeSeries series = ArrayTimeSeries.of(new double[] {1}, new double[] {2});
        store.store("a", series);
        store.store("7", series);
        store.close();
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("store(String, ...)", () -> store.store("b", series));
        calls.put("store(long, ...)", () -> store.store(8L, series));
        calls.put("size(String)", () -> store.size("a"));
        calls.put("size(long)", () -> store.size(7L));
        calls.put("get(String)", () -> store.get("a"));
        calls.put("get(long)", () -> store.get(7L));
        calls.put("contains(String)", () -> store.contains("a"));
        calls.put("contains(long)", () -> store.contains(7L));
        calls.put("delete(String)", () -> store.delete("a"));
        calls.put("delete(long)", () -> store.delete(7L));
        calls.put("ids()", store::ids);
        calls.put("newId()", store::newId);
        calls.put("flush()", store::flush);
        calls.put("verify()", store::verify);
        calls.put("compact()", store::compact);
        calls.forEach((call, executable) -> Rejections.expect(call + " after close()", executable, IllegalStateException.class));
        store.close();
        store.close();
    }

    /**
     * {@code flush()} keeps every series readable, on an empty store too.
     *
     * @param contents the series stored
     */
    @Property(tries = 20)
    default void flushKeepsEverything(@ForAll("contractContents") Map<String, SizedContainerTimeSeries> contents) {
        try (StorageManager store = create()) {
            store.flush();
            contents.forEach(store::store);
            store.flush();
            assertStoreHolds("after flush()", store, contents);
        }
    }

    /**
     * {@code verify()} finds a healthy store clean and counts its series: exactly, when each was stored
     * once; at least as many as there are, after overwrites and deletes.
     *
     * @param contents the series stored
     * @param seed picks overwrites and deletes
     */
    @Property(tries = 20)
    default void verifyFindsAHealthyStoreClean(@ForAll("contractContents") Map<String, SizedContainerTimeSeries> contents,
            @ForAll long seed) {
        try (StorageManager store = create()) {
            IntegrityReport empty = store.verify();
            assertTrue(empty.isClean(), "verify() of an empty store found damage: " + empty.damage());
            assertEquals(0, empty.seriesChecked(), "verify() of an empty store: series checked");
            Map<String, SizedContainerTimeSeries> model = new LinkedHashMap<>(contents);
            model.forEach(store::store);
            IntegrityReport report = store.verify();
            assertTrue(report.isClean(), "verify() of a healthy store found damage: " + report.damage());
            assertEquals(model.size(), report.seriesChecked(), "verify(): series checked, each stored once");
            Churn.apply(store, model, new SplittableRandom(seed));
            IntegrityReport after = store.verify();
            assertTrue(after.isClean(), "verify() after overwrites and deletes found damage: " + after.damage());
            assertTrue(after.seriesChecked() >= model.size(), "verify() after overwrites and deletes checked "
                    + after.seriesChecked() + " series, but " + model.size() + " are stored");
            assertStoreHolds("after verify()", store, model);
        }
    }

    /**
     * {@code compact()} keeps every series readable, and series obtained before it stay valid.
     *
     * @param contents the series stored
     * @param seed picks overwrites and deletes
     */
    @Property(tries = 20)
    default void compactKeepsEverythingReadable(@ForAll("contractContents") Map<String, SizedContainerTimeSeries> contents,
            @ForAll long seed) {
        try (StorageManager store = create()) {
            Map<String, SizedContainerTimeSeries> model = new LinkedHashMap<>(contents);
            model.forEach(store::store);
            Churn.apply(store, model, new SplittableRandom(seed));
            Map<String, SizedContainerTimeSeries> obtained = new LinkedHashMap<>();
            for (String id : model.keySet()) {
                obtained.put(id, store.get(id));
            }
            store.compact();
            assertStoreHolds("after compact()", store, model);
            obtained.forEach((id, series) -> assertHolds("a series obtained before compact()", model.get(id), series));
            SizedContainerTimeSeries extra = ArrayTimeSeries.of(new double[] {1}, new double[] {1});
            store.store("after-compact", extra);
            model.put("after-compact", extra);
            store.compact();
            assertStoreHolds("after a second compact()", store, model);
        }
    }
}
