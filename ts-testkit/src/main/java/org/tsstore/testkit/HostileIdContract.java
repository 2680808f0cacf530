package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tsstore.testkit.SeriesAssertions.q;
import static org.tsstore.testkit.StoreAssertions.assertStoreHolds;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Hostile but valid ids ({@code ..}, {@code a/b}, {@code CON}, case and Unicode-normalisation twins,
 * 255-byte ids) are each stored under a name of their own. Part of {@link StorageManagerContract}.
 */
public interface HostileIdContract extends StoreContract {

    /**
     * Every id of {@link SeriesArbitraries#hostileIdExamples()} is stored in one store, each under its own
     * name, and each reads back its own series; deleting one of two twins keeps the other; with
     * {@link Capability#PERSISTENT}, all of it survives {@link #reopen}.
     */
    @Example
    default void hostileIdsAreStoredDistinctly() {
        List<String> ids = SeriesArbitraries.hostileIdExamples();
        Map<String, SizedContainerTimeSeries> model = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            model.put(ids.get(i), markedSeries(i));
        }
        try (OpenStore open = new OpenStore(this)) {
            StorageManager store = open.get();
            model.forEach(store::store);
            assertStoreHolds("after storing every hostile id", store, model);
            for (int i = 0; i < ids.size(); i += 2) {
                assertTrue(store.delete(ids.get(i)), "delete(" + q(ids.get(i)) + ")");
                model.remove(ids.get(i));
            }
            assertStoreHolds("after deleting every other hostile id", store, model);
            if (capabilities().contains(Capability.PERSISTENT)) {
                assertStoreHolds("after reopen", open.reopen(), model);
            }
        }
    }

    /**
     * Generated hostile and ordinary ids are stored distinctly.
     *
     * @param ids the ids, distinct
     */
    @Property(tries = 30)
    default void generatedIdsAreStoredDistinctly(@ForAll("contractDistinctIds") List<String> ids) {
        Map<String, SizedContainerTimeSeries> model = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            model.put(ids.get(i), markedSeries(i));
        }
        try (StorageManager store = create()) {
            model.forEach(store::store);
            assertStoreHolds("after storing " + ids.size() + " ids", store, model);
        }
    }

    /**
     * Lists of distinct ids, mostly hostile.
     *
     * @return lists of 2 to 12 distinct ids
     */
    @Provide
    default Arbitrary<List<String>> contractDistinctIds() {
        return Arbitraries.oneOf(SeriesArbitraries.hostileIds(), SeriesArbitraries.ids())
                .list().ofMinSize(2).ofMaxSize(12).uniqueElements();
    }

    /** A small series that differs from {@code markedSeries(j)} for every other j. */
    private static SizedContainerTimeSeries markedSeries(int i) {
        int n = 1 + i % 3;
        double[] t = new double[n];
        double[] v = new double[n];
        for (int j = 0; j < n; j++) {
            t[j] = j;
            v[j] = i;
        }
        return ArrayTimeSeries.of(t, v);
    }
}
