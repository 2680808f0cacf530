package org.tsstore.testkit.reliability;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.ProviderLookup;
import org.tsstore.testkit.SeriesArbitraries;

/**
 * The history a {@link CorruptionCampaign} case writes before it damages the store: random stores,
 * overwrites, appends (alone and in {@code appendAll} batches, so that series are built of several writes)
 * and deletes of ids from a small pool (hostile ids among them), mostly below 300 points and now and then up
 * to a campaign's largest size, and the model of what the closed store must then hold.
 * Everything is drawn from the case's random source, so the same seed writes the same history.
 */
final class CampaignHistory {

    /** Every id a history may store; any other id read back from a damaged store was never stored. */
    static final List<String> ID_POOL = List.of(
            "s-0", "s-1", "s-2", "s-3", "s-4", "s-5", "s-6", "s-7", "..", "a/b", "Zürich", "x".repeat(200));

    private final Map<String, String> options;
    private final int maxPoints;
    private final int operations;

    /**
     * Histories of a campaign.
     *
     * @param options passed to the provider with the open
     * @param maxPoints the largest series stored now and then
     * @param operations the most stores and deletes in one history
     */
    CampaignHistory(Map<String, String> options, int maxPoints, int operations) {
        this.options = Map.copyOf(options);
        this.maxPoints = maxPoints;
        this.operations = operations;
    }

    /** The options every open of a case's store passes to the provider. */
    Map<String, String> options() {
        return options;
    }

    /**
     * Opens the new store at {@code uri}, writes a random history into it and closes it.
     *
     * @return what the store holds now, by id, in the order the ids were first stored; never empty
     */
    Map<String, ArrayTimeSeries> write(URI uri, SplittableRandom random) {
        Map<String, ArrayTimeSeries> model = new LinkedHashMap<>();
        try (StorageManager store = ProviderLookup.open(uri, options)) {
            int ops = 1 + random.nextInt(operations);
            for (int op = 0; op < ops; op++) {
                if (!model.isEmpty() && random.nextInt(6) == 0) {
                    List<String> ids = new ArrayList<>(model.keySet());
                    String id = ids.get(random.nextInt(ids.size()));
                    store.delete(id);
                    model.remove(id);
                    continue;
                }
                String id = ID_POOL.get(random.nextInt(ID_POOL.size()));
                int roll = random.nextInt(8);
                if (roll < 2) {
                    append(store, model, id, random);
                    continue;
                }
                if (roll == 2) {
                    Map<String, ArrayTimeSeries> batch = new LinkedHashMap<>();
                    for (int k = 0; k < 3; k++) {
                        String entry = ID_POOL.get(random.nextInt(ID_POOL.size()));
                        batch.put(entry, SeriesArbitraries.pointsAfter(last(model.get(entry)), 1 + random.nextInt(50), random));
                    }
                    store.appendAll(batch);
                    batch.forEach((entry, points) -> grow(model, entry, points));
                    continue;
                }
                int size = random.nextInt(10) == 0 ? random.nextInt(maxPoints + 1) : random.nextInt(300);
                ArrayTimeSeries series = SeriesArbitraries.randomSeries(random, size);
                store.store(id, series);
                model.put(id, series);
            }
            if (model.isEmpty()) {
                // a store with nothing in it has nothing to lose; keep one series at least
                ArrayTimeSeries last = SeriesArbitraries.steppedWalk(1 + random.nextInt(300), random.nextLong());
                store.store(ID_POOL.get(0), last);
                model.put(ID_POOL.get(0), last);
            }
        }
        return model;
    }

    private static void append(StorageManager store, Map<String, ArrayTimeSeries> model, String id, SplittableRandom random) {
        ArrayTimeSeries points = SeriesArbitraries.pointsAfter(last(model.get(id)), 1 + random.nextInt(300), random);
        store.append(id, points);
        grow(model, id, points);
    }

    private static double last(ArrayTimeSeries series) {
        return series == null || series.isEmpty() ? Double.NaN : series.time(series.size() - 1);
    }

    /** The model after an append: the arrays end to end. */
    private static void grow(Map<String, ArrayTimeSeries> model, String id, ArrayTimeSeries points) {
        ArrayTimeSeries was = model.get(id);
        if (was == null) {
            if (!points.isEmpty()) {
                model.put(id, points);
            }
            return;
        }
        double[] t = java.util.Arrays.copyOf(was.times(), was.size() + points.size());
        double[] v = java.util.Arrays.copyOf(was.values(), was.size() + points.size());
        System.arraycopy(points.times(), 0, t, was.size(), points.size());
        System.arraycopy(points.values(), 0, v, was.size(), points.size());
        model.put(id, ArrayTimeSeries.of(t, v));
    }

    /** Whether a history may have stored {@code id} (and, if the model lacks it, deleted it since). */
    static boolean mayHaveStored(String id) {
        return ID_POOL.contains(id);
    }
}
