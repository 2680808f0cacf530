package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tsstore.testkit.SeriesAssertions.q;

import java.util.ArrayList;
import java.util.Map;
import java.util.SplittableRandom;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;

/** Random overwrites and deletes applied to a store and its model alike. */
final class Churn {

    private Churn() {}

    /**
     * Overwrites about a quarter of the model's series and deletes another quarter, in store and model.
     */
    static void apply(StorageManager store, Map<String, SizedContainerTimeSeries> model, SplittableRandom random) {
        for (String id : new ArrayList<>(model.keySet())) {
            int choice = random.nextInt(4);
            if (choice == 0) {
                assertTrue(store.delete(id), "delete(" + q(id) + ")");
                model.remove(id);
            } else if (choice == 1) {
                SizedContainerTimeSeries replacement = new SeriesRecipe(random.nextInt(200),
                        SeriesRecipe.TimeShape.RANDOM_GAPS, SeriesRecipe.ValueShape.SPECIAL, random.nextLong()).series();
                store.store(id, replacement);
                model.put(id, replacement);
            }
        }
    }
}
