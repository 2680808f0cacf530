package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.tsstore.testkit.SeriesAssertions.q;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/** Compares a whole store with a {@link Map} model, for the contracts and the reliability harnesses. */
public final class StoreAssertions {

    private StoreAssertions() {}

    /** Every series of a store, read through {@code ids()} and {@code get}, copied to the heap. */
    static Map<String, ArrayTimeSeries> snapshot(StorageManager store) {
        Map<String, ArrayTimeSeries> contents = new LinkedHashMap<>();
        for (String id : new TreeSet<>(store.ids())) {
            contents.put(id, ArrayTimeSeries.copyOf(store.get(id)));
        }
        return contents;
    }

    /**
     * Checks that a store holds exactly a model: its {@code ids()}, and {@code contains}, {@code size} and
     * {@code get} of every id of the model.
     *
     * @param when what happened before, for the message
     * @param store the store
     * @param model the series it must hold, by id
     * @throws AssertionError naming the first id that differs
     */
    public static void assertStoreHolds(String when, StorageManager store, Map<String, ? extends SizedContainerTimeSeries> model) {
        assertIds(when, store.ids(), model.keySet());
        for (Map.Entry<String, ? extends SizedContainerTimeSeries> e : model.entrySet()) {
            String id = e.getKey();
            SizedContainerTimeSeries expected = e.getValue();
            if (!store.contains(id)) {
                fail(when + ": contains(" + q(id) + ") is false");
            }
            int size = store.size(id);
            if (size != expected.size()) {
                fail(when + ": size(" + q(id) + ") is " + size + ", expected " + expected.size());
            }
            SeriesAssertions.assertHolds(when + ": get(" + q(id) + ")", expected, store.get(id));
        }
    }

    static void assertIds(String when, Set<String> actual, Set<String> expected) {
        if (!actual.equals(expected) || !expected.equals(actual)) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(actual);
            Set<String> extra = new TreeSet<>(actual);
            extra.removeAll(expected);
            fail(when + ": ids() is wrong: missing " + quoted(missing) + ", unexpected " + quoted(extra)
                    + " (" + actual.size() + " ids, expected " + expected.size() + ")");
        }
    }

    /** Checks that a failed call left the store as the snapshot taken before it. */
    static void assertUnchanged(String call, Map<String, ArrayTimeSeries> before, StorageManager store) {
        Map<String, ArrayTimeSeries> after = snapshot(store);
        if (!after.keySet().equals(before.keySet())) {
            assertIds("after the rejected " + call, after.keySet(), before.keySet());
        }
        for (Map.Entry<String, ArrayTimeSeries> e : before.entrySet()) {
            if (!e.getValue().equals(after.get(e.getKey()))) {
                fail("the rejected " + call + " changed the series under " + q(e.getKey()) + ": it was "
                        + e.getValue() + ", now " + after.get(e.getKey()));
            }
        }
    }

    static String quoted(Set<String> ids) {
        return ids.stream().map(SeriesAssertions::q).collect(Collectors.joining(", ", "[", "]"));
    }
}
