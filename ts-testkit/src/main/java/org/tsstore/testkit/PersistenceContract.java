package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tsstore.testkit.SeriesAssertions.q;
import static org.tsstore.testkit.StoreAssertions.assertStoreHolds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Persistence: with {@link Capability#PERSISTENT} everything survives {@link #reopen}; without it,
 * {@code reopen} is unsupported; either way two stores from {@link #create()} are independent. Part of {@link StorageManagerContract}.
 */
public interface PersistenceContract extends StoreContract {

    /**
     * With {@link Capability#PERSISTENT}: stores, overwrites and deletes survive {@link #reopen} (with or
     * without {@code flush()} first), twice, and the reopened store takes new writes. Without it:
     * {@code reopen} throws {@link UnsupportedOperationException} and the store stays usable.
     *
     * @param contents the series stored first
     * @param seed picks overwrites and deletes
     * @param flush whether to flush before reopening
     */
    @Property(tries = 20)
    default void seriesSurviveReopenWhenPersistent(@ForAll("contractContents") Map<String, SizedContainerTimeSeries> contents,
            @ForAll long seed, @ForAll boolean flush) {
        boolean persistent = capabilities().contains(Capability.PERSISTENT);
        try (OpenStore open = new OpenStore(this)) {
            Map<String, SizedContainerTimeSeries> model = new LinkedHashMap<>(contents);
            model.forEach(open.get()::store);
            Churn.apply(open.get(), model, new SplittableRandom(seed));
            if (flush) {
                open.get().flush();
            }
            if (!persistent) {
                Rejections.expect("reopen() of a backend without Capability.PERSISTENT",
                        () -> reopen(open.get()), UnsupportedOperationException.class);
                assertStoreHolds("after the unsupported reopen", open.get(), model);
                return;
            }
            assertStoreHolds("after reopen", open.reopen(), model);
            SizedContainerTimeSeries extra = ArrayTimeSeries.of(new double[] {-1, 1}, new double[] {Double.NaN, -0.0});
            open.get().store("after-reopen", extra);
            model.put("after-reopen", extra);
            Churn.apply(open.get(), model, new SplittableRandom(seed + 1));
            assertStoreHolds("after writes to the reopened store", open.get(), model);
            assertStoreHolds("after a second reopen", open.reopen(), model);
        }
    }

    /** Two stores from {@link #create()} are independent: neither sees the other's series. */
    @Example
    default void storesFromCreateAreIndependent() {
        try (StorageManager a = create(); StorageManager b = create()) {
            SizedContainerTimeSeries one = ArrayTimeSeries.of(new double[] {1}, new double[] {1});
            SizedContainerTimeSeries two = ArrayTimeSeries.of(new double[] {2, 3}, new double[] {2, 3});
            a.store("x", one);
            a.store("only-a", one);
            assertStoreHolds("a second store from create(), after writes to the first", b, Map.of());
            b.store("x", two);
            assertStoreHolds("the first store, after writes to the second", a, Map.of("x", one, "only-a", one));
            assertStoreHolds("the second store", b, Map.of("x", two));
        }
    }
}
