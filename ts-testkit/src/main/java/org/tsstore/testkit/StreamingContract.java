package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.tsstore.testkit.SeriesAssertions.assertHolds;
import static org.tsstore.testkit.SeriesAssertions.q;
import static org.tsstore.testkit.StoreAssertions.assertStoreHolds;
import static org.tsstore.testkit.StoreAssertions.assertUnchanged;
import static org.tsstore.testkit.StoreAssertions.snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Growing series: {@code append}, range reads {@code get(id, from, to)} and the batches {@code storeAll}
 * and {@code appendAll}, against plain arrays (concatenation, and ranges found by a linear scan). Refused
 * calls of every kind are in {@link InvalidInputContract#hostileInputChangesNoFile}. Part of
 * {@link StorageManagerContract}.
 */
public interface StreamingContract extends StoreContract {

    /**
     * A series stored in part and grown by appends in pieces reads back as the concatenation after every
     * append, whole and in ranges; {@code append} returns the new size; series obtained before an append
     * are unchanged by it; another series beside it is untouched; with {@link Capability#PERSISTENT} all of
     * it survives {@link #reopen}.
     *
     * @param id the id
     * @param series the whole series, cut into the pieces
     * @param seed where to cut, and the range bounds
     * @param storeFirst whether the first piece is stored rather than appended
     */
    @Property(tries = 40)
    default void appendsGrowTheSeriesAsTheModelDoes(@ForAll("contractIds") String id,
            @ForAll("contractSeries") SizedContainerTimeSeries series, @ForAll long seed, @ForAll boolean storeFirst) {
        SplittableRandom random = new SplittableRandom(seed);
        List<SizedContainerTimeSeries> pieces = cut(series, random);
        String other = id.equals("bystander") ? "bystander-2" : "bystander";
        ArrayTimeSeries beside = ArrayTimeSeries.of(new double[] {1, 2}, new double[] {3, 4});
        try (OpenStore open = new OpenStore(this)) {
            StorageManager store = open.get();
            store.store(other, beside);
            ArrayTimeSeries model = ArrayTimeSeries.of(new double[0], new double[0]);
            boolean exists = false;
            List<SizedContainerTimeSeries> obtained = new ArrayList<>();
            List<ArrayTimeSeries> obtainedModels = new ArrayList<>();
            for (int i = 0; i < pieces.size(); i++) {
                SizedContainerTimeSeries piece = pieces.get(i);
                String call;
                if (i == 0 && storeFirst) {
                    store.store(id, piece);
                    call = "store(" + q(id) + ", " + piece.size() + " points)";
                } else {
                    int size = store.append(id, piece);
                    call = "append(" + q(id) + ", " + piece.size() + " points) #" + i;
                    assertEquals(model.size() + piece.size(), size, call + " returned");
                }
                model = GrowthModel.concat(model, piece);
                exists |= i == 0 && storeFirst || !model.isEmpty();
                if (!exists) {
                    assertFalse(store.contains(id), call + ": appending nothing created the series");
                    continue;
                }
                assertEquals(model.size(), store.size(id), "size(" + q(id) + ") after " + call);
                SizedContainerTimeSeries got = store.get(id);
                assertHolds("get(" + q(id) + ") after " + call, model, got);
                obtained.add(got);
                obtainedModels.add(model);
                checkRanges(store, id, model, random, 3, "after " + call);
            }
            for (int i = 0; i < obtained.size(); i++) {
                assertHolds("a series obtained before later appends", obtainedModels.get(i), obtained.get(i));
            }
            assertHolds("get(" + q(other) + "), stored beside the appends", beside, store.get(other));
            if (capabilities().contains(Capability.PERSISTENT)) {
                StorageManager reopened = open.reopen();
                if (!exists) {
                    assertFalse(reopened.contains(id), "after reopen: appending nothing created the series");
                } else {
                    assertHolds("get(" + q(id) + ") after reopen", model, reopened.get(id));
                    checkRanges(reopened, id, model, random, 5, "after reopen");
                    SizedContainerTimeSeries more = GrowthModel.after(GrowthModel.lastTime(model), 3, random);
                    reopened.append(id, more);
                    assertHolds("get(" + q(id) + ") after an append to the reopened store",
                            GrowthModel.concat(model, more), reopened.get(id));
                }
            }
        }
    }

    /**
     * Appending to nothing creates the series; appending an empty series changes nothing and creates
     * nothing; the {@code long} overloads use the decimal string as the id.
     */
    @Example
    default void appendCreatesAndEmptyAppendChangesNothing() {
        ArrayTimeSeries empty = ArrayTimeSeries.of(new double[0], new double[0]);
        ArrayTimeSeries one = ArrayTimeSeries.of(new double[] {5}, new double[] {-0.0});
        try (StorageManager store = create()) {
            assertEquals(0, store.append("new", empty), "append(\"new\", empty) returned");
            assertFalse(store.contains("new"), "appending nothing created \"new\"");
            assertTrue(store.ids().isEmpty(), "appending nothing created ids " + store.ids());
            assertEquals(1, store.append("new", one), "append(\"new\", 1 point) returned");
            assertHolds("get(\"new\") after the first append", one, store.get("new"));
            assertEquals(1, store.append("new", empty), "append(\"new\", empty) to a series returned");
            assertHolds("get(\"new\") after appending nothing", one, store.get("new"));
            store.store("empty", empty);
            assertEquals(1, store.append("empty", one), "append to a stored empty series returned");
            assertHolds("get(\"empty\") after the append", one, store.get("empty"));
            assertEquals(1, store.append(7L, one), "append(7L, ...) returned");
            assertTrue(store.contains("7"), "append(7L, ...) did not store under \"7\"");
            assertHolds("get(7L, -inf, +inf)", one, store.get(7L, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
            assertHolds("get(7L, 5, 5)", empty, store.get(7L, 5, 5));
        }
    }

    /**
     * A refused append names the id, the last stored time and the first time that is not after it.
     *
     * @param id the id
     * @param series a stored series, not empty
     * @param seed which point the refused append starts at
     */
    @Property(tries = 30)
    default void refusedAppendNamesTheIdAndBothTimes(@ForAll("contractIds") String id,
            @ForAll("contractSmallSeries") SizedContainerTimeSeries series, @ForAll long seed) {
        if (series.isEmpty()) {
            return;
        }
        double last = series.time(series.size() - 1);
        double first = series.time(new SplittableRandom(seed).nextInt(series.size()));
        try (StorageManager store = create()) {
            store.store(id, series);
            Map<String, ArrayTimeSeries> before = snapshot(store);
            ArrayTimeSeries points = ArrayTimeSeries.of(new double[] {first, Math.max(Math.nextUp(last), last + 1)},
                    new double[] {1, 2});
            Throwable e = Rejections.expect("append(" + q(id) + ", points from " + first + ")",
                    () -> store.append(id, points), IllegalArgumentException.class);
            for (String part : List.of(q(id), Double.toString(last), Double.toString(first))) {
                assertTrue(e.getMessage().contains(part), "the refusal \"" + e.getMessage() + "\" does not name " + part);
            }
            assertUnchanged("the refused append", before, store);
        }
    }

    /**
     * Range reads equal the model's range for bounds on points, beside them, between them, outside the
     * series and infinite, the empty and reversed ranges included; an unknown id is refused naming it.
     *
     * @param id the id
     * @param series the series
     * @param seed the bounds
     */
    @Property(tries = 40)
    default void rangeReadsEqualTheModelsRange(@ForAll("contractIds") String id,
            @ForAll("contractSeries") SizedContainerTimeSeries series, @ForAll long seed) {
        try (StorageManager store = create()) {
            store.store(id, series);
            checkRanges(store, id, series, new SplittableRandom(seed), 12, "");
            double inf = Double.POSITIVE_INFINITY;
            assertHolds("get(" + q(id) + ", -inf, +inf)", series, store.get(id, -inf, inf));
            assertHolds("get(" + q(id) + ", +inf, -inf)", GrowthModel.range(series, inf, -inf), store.get(id, inf, -inf));
            String absent = id.equals("absent") ? "absent-2" : "absent";
            try {
                SizedContainerTimeSeries got = store.get(absent, -inf, inf);
                fail("get(" + q(absent) + ", -inf, +inf) returned " + got + ", but nothing is stored there");
            } catch (NoSuchSeriesException e) {
                assertEquals(absent, e.id(), "NoSuchSeriesException.id()");
            }
        }
    }

    /**
     * {@code storeAll} stores every entry as {@code store} would, overwriting some and creating others,
     * and an empty batch changes nothing; with {@link Capability#PERSISTENT} the batch survives
     * {@link #reopen}.
     *
     * @param existing what is stored first
     * @param batch the batch
     */
    @Property(tries = 30)
    default void storeAllStoresEveryEntry(@ForAll("contractContents") Map<String, SizedContainerTimeSeries> existing,
            @ForAll("contractContents") Map<String, SizedContainerTimeSeries> batch) {
        try (OpenStore open = new OpenStore(this)) {
            StorageManager store = open.get();
            Map<String, SizedContainerTimeSeries> model = new LinkedHashMap<>(existing);
            existing.forEach(store::store);
            store.storeAll(Map.of());
            assertStoreHolds("after an empty storeAll", store, model);
            // overwrite some of the existing ids too
            Map<String, SizedContainerTimeSeries> full = new LinkedHashMap<>(batch);
            int k = 0;
            for (String id : existing.keySet()) {
                if (k++ % 2 == 0 && !batch.isEmpty()) {
                    full.put(id, batch.values().iterator().next());
                }
            }
            store.storeAll(full);
            model.putAll(full);
            assertStoreHolds("after storeAll of " + full.size() + " series", store, model);
            if (capabilities().contains(Capability.PERSISTENT)) {
                assertStoreHolds("after storeAll and reopen", open.reopen(), model);
            }
        }
    }

    /**
     * {@code appendAll} appends every entry as {@code append} would, to stored series and to new ids, and
     * a batch with one entry whose points do not come after its series is refused whole, naming that id.
     *
     * @param existing what is stored first
     * @param seed the sizes of the appends
     */
    @Property(tries = 30)
    default void appendAllAppendsEveryEntryOrNone(@ForAll("contractContents") Map<String, SizedContainerTimeSeries> existing,
            @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try (OpenStore open = new OpenStore(this)) {
            StorageManager store = open.get();
            Map<String, SizedContainerTimeSeries> model = new LinkedHashMap<>(existing);
            existing.forEach(store::store);
            for (int tick = 0; tick < 3; tick++) {
                Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
                for (Map.Entry<String, SizedContainerTimeSeries> e : model.entrySet()) {
                    if (random.nextInt(3) > 0) {
                        batch.put(e.getKey(), GrowthModel.after(GrowthModel.lastTime(e.getValue()), random.nextInt(4), random));
                    }
                }
                if (!model.containsKey("new-" + tick)) {
                    batch.put("new-" + tick, GrowthModel.after(Double.NaN, 1 + random.nextInt(3), random));
                }
                store.appendAll(batch);
                for (Map.Entry<String, SizedContainerTimeSeries> e : batch.entrySet()) {
                    SizedContainerTimeSeries was = model.get(e.getKey());
                    SizedContainerTimeSeries now = was == null ? e.getValue() : GrowthModel.concat(was, e.getValue());
                    if (!now.isEmpty() || was != null) {
                        model.put(e.getKey(), now);
                    }
                }
                assertStoreHolds("after appendAll tick " + tick, store, model);
            }
            // one late entry refuses the whole batch
            String late = null;
            for (Map.Entry<String, SizedContainerTimeSeries> e : model.entrySet()) {
                if (!e.getValue().isEmpty()) {
                    late = e.getKey();
                }
            }
            if (late != null && !model.containsKey("fresh")) {
                Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
                batch.put("fresh", GrowthModel.after(Double.NaN, 2, random));
                SizedContainerTimeSeries lateSeries = model.get(late);
                double last = lateSeries.time(lateSeries.size() - 1);
                batch.put(late, ArrayTimeSeries.of(new double[] {last}, new double[] {0}));
                Map<String, ArrayTimeSeries> before = snapshot(store);
                String lateId = late;
                Throwable e = Rejections.expect("appendAll with " + q(late) + " late", () -> store.appendAll(batch),
                        IllegalArgumentException.class);
                assertTrue(e.getMessage().contains(q(lateId)), "the refusal \"" + e.getMessage() + "\" does not name "
                        + q(lateId));
                assertUnchanged("the refused appendAll", before, store);
            }
            if (capabilities().contains(Capability.PERSISTENT)) {
                assertStoreHolds("after appendAll and reopen", open.reopen(), model);
            }
        }
    }

    private static List<SizedContainerTimeSeries> cut(SizedContainerTimeSeries series, SplittableRandom random) {
        int n = series.size();
        int pieces = 1 + random.nextInt(6);
        List<Integer> cuts = new ArrayList<>();
        cuts.add(0);
        for (int i = 1; i < pieces; i++) {
            cuts.add(random.nextInt(n + 1));
        }
        cuts.add(n);
        cuts.sort(null);
        double[] t = series.times();
        double[] v = series.values();
        List<SizedContainerTimeSeries> out = new ArrayList<>();
        for (int i = 0; i + 1 < cuts.size(); i++) {
            int from = cuts.get(i);
            int to = cuts.get(i + 1);
            out.add(ArrayTimeSeries.of(java.util.Arrays.copyOfRange(t, from, to), java.util.Arrays.copyOfRange(v, from, to)));
        }
        return out;
    }

    private static void checkRanges(StorageManager store, String id, SizedContainerTimeSeries model,
            SplittableRandom random, int count, String when) {
        for (int i = 0; i < count; i++) {
            double from = GrowthModel.bound(model, random);
            double to = i % 4 == 0 ? from : GrowthModel.bound(model, random);
            SizedContainerTimeSeries got = store.get(id, from, to);
            assertHolds("get(" + q(id) + ", " + from + ", " + to + ")" + (when.isEmpty() ? "" : " " + when),
                    GrowthModel.range(model, from, to), got);
        }
    }
}
