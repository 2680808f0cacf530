package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.tsstore.testkit.SeriesAssertions.assertHolds;
import static org.tsstore.testkit.SeriesAssertions.q;
import static org.tsstore.testkit.StoreAssertions.assertIds;
import static org.tsstore.testkit.StoreAssertions.assertStoreHolds;
import static org.tsstore.testkit.StoreAssertions.snapshot;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.function.Executable;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Round trips: what is stored reads back equal through every read path, overwrites replace, deletes
 * remove, unknown ids are refused naming the id, {@code ids()} is an immutable snapshot, {@code newId()}
 * gives fresh unused ids and the {@code long} overloads use the decimal string. Part of {@link StorageManagerContract}.
 */
public interface RoundTripContract extends StoreContract {

    /**
     * The values an encoding is most likely to get wrong ({@code NaN} with and without a payload, both
     * infinities, both zeros, the smallest subnormal, the extremes), and times from {@code -0.0} and
     * subnormals up to the largest double, read back bit for bit (every {@code NaN} as a {@code NaN}).
     */
    @Example
    default void specialValuesReadBackBitForBit() {
        double[] v = SeriesRecipe.SPECIAL_VALUES.clone();
        double[] t = new double[v.length];
        t[0] = -0.0;
        t[1] = Double.MIN_VALUE;
        for (int i = 2; i < t.length - 1; i++) {
            t[i] = Math.scalb(1.0, i * 90 - 500);
        }
        t[t.length - 1] = Double.MAX_VALUE;
        SizedContainerTimeSeries series = ArrayTimeSeries.of(t, v);
        try (StorageManager store = create()) {
            store.store("special", series);
            SizedContainerTimeSeries got = store.get("special");
            if (got.size() != v.length) {
                fail("get(\"special\") has " + got.size() + " points, stored " + v.length);
            }
            for (int i = 0; i < v.length; i++) {
                if (Double.doubleToLongBits(got.time(i)) != Double.doubleToLongBits(t[i])
                        || Double.doubleToLongBits(got.value(i)) != Double.doubleToLongBits(v[i])) {
                    fail("point " + i + " read back as (" + got.time(i) + ", " + got.value(i) + "), stored ("
                            + t[i] + ", " + v[i] + ")");
                }
            }
            assertHolds("get(\"special\")", series, got);
        }
    }

    /**
     * The series {@code store} returns, the one {@code get} returns and the one stored are equal, in every
     * point, through every accessor, and with the content hash code.
     *
     * @param id the id
     * @param series the series
     */
    @Property(tries = 60)
    default void storedSeriesReadsBackEqual(@ForAll("contractIds") String id,
            @ForAll("contractSeries") SizedContainerTimeSeries series) {
        try (StorageManager store = create()) {
            SizedContainerTimeSeries returned = store.store(id, series);
            assertHolds("store(" + q(id) + ", ...) returned", series, returned);
            assertHolds("get(" + q(id) + ")", series, store.get(id));
            assertEquals(series.size(), store.size(id), "size(" + q(id) + ")");
            assertTrue(store.contains(id), "contains(" + q(id) + ")");
            assertIds("after one store", store.ids(), Set.of(id));
            assertHolds("get(" + q(id) + ") read a second time", series, store.get(id));
        }
    }

    /**
     * Several series keep their own content side by side.
     *
     * @param contents the series to store
     */
    @Property(tries = 40)
    default void everySeriesKeepsItsOwnContent(@ForAll("contractContents") Map<String, SizedContainerTimeSeries> contents) {
        try (StorageManager store = create()) {
            assertStoreHolds("a new store", store, Map.of());
            for (Map.Entry<String, SizedContainerTimeSeries> e : contents.entrySet()) {
                store.store(e.getKey(), e.getValue());
            }
            assertStoreHolds("after storing " + contents.size() + " series", store, contents);
        }
    }

    /**
     * Storing under a used id replaces that series and no other.
     *
     * @param id the id
     * @param first the series stored first
     * @param second the series that replaces it
     * @param bystander a series under another id
     */
    @Property(tries = 40)
    default void storeReplacesOnlyTheSeriesUnderItsId(@ForAll("contractIds") String id,
            @ForAll("contractSmallSeries") SizedContainerTimeSeries first,
            @ForAll("contractSeries") SizedContainerTimeSeries second,
            @ForAll("contractSmallSeries") SizedContainerTimeSeries bystander) {
        String other = id.equals("bystander") ? "bystander-2" : "bystander";
        try (StorageManager store = create()) {
            store.store(other, bystander);
            store.store(id, first);
            SizedContainerTimeSeries returned = store.store(id, second);
            assertHolds("the second store(" + q(id) + ") returned", second, returned);
            Map<String, SizedContainerTimeSeries> model = new LinkedHashMap<>();
            model.put(other, bystander);
            model.put(id, second);
            assertStoreHolds("after overwriting " + q(id), store, model);
        }
    }

    /**
     * {@code delete} removes one series, answers whether it did, and the id can be used again.
     *
     * @param contents other series in the store
     * @param id the id deleted
     * @param series the series under it
     */
    @Property(tries = 40)
    default void deleteRemovesOnlyThatSeries(@ForAll("contractContents") Map<String, SizedContainerTimeSeries> contents,
            @ForAll("contractIds") String id, @ForAll("contractSmallSeries") SizedContainerTimeSeries series) {
        Map<String, SizedContainerTimeSeries> model = new LinkedHashMap<>(contents);
        try (StorageManager store = create()) {
            model.forEach(store::store);
            store.store(id, series);
            assertTrue(store.delete(id), "delete(" + q(id) + ") of a stored series must return true");
            model.remove(id);
            assertFalse(store.contains(id), "contains(" + q(id) + ") after delete");
            assertFalse(store.delete(id), "a second delete(" + q(id) + ") must return false");
            assertNoSuchSeries(store, id);
            assertStoreHolds("after delete(" + q(id) + ")", store, model);
            store.store(id, series);
            model.put(id, series);
            assertStoreHolds("after storing " + q(id) + " again", store, model);
        }
    }

    /**
     * An id under which nothing is stored: {@code get} and {@code size} throw
     * {@link NoSuchSeriesException} naming it, {@code contains} and {@code delete} answer {@code false}.
     *
     * @param id the unknown id
     * @param other an id that is stored
     * @param series the series stored under {@code other}
     */
    @Property(tries = 30)
    default void unknownIdsAreReported(@ForAll("contractIds") String id, @ForAll("contractIds") String other,
            @ForAll("contractSmallSeries") SizedContainerTimeSeries series) {
        try (StorageManager store = create()) {
            assertNoSuchSeries(store, id);
            if (!other.equals(id)) {
                store.store(other, series);
                assertNoSuchSeries(store, id);
                assertIds("after looking up an unknown id", store.ids(), Set.of(other));
            }
        }
    }

    private static void assertNoSuchSeries(StorageManager store, String id) {
        for (String call : List.of("get", "size")) {
            Executable e = call.equals("get") ? () -> store.get(id) : () -> store.size(id);
            Throwable t = Rejections.expect(call + "(" + q(id) + ") of an unknown id", e, NoSuchSeriesException.class);
            assertEquals(id, ((NoSuchSeriesException) t).id(), call + ": NoSuchSeriesException.id()");
            assertTrue(t.getMessage().contains(SeriesIds.quote(id)),
                    call + ": the message must quote the id as SeriesIds.quote does: " + t.getMessage());
        }
        assertFalse(store.contains(id), "contains(" + q(id) + ") of an unknown id");
        assertFalse(store.delete(id), "delete(" + q(id) + ") of an unknown id");
    }

    /**
     * {@code ids()} is an immutable snapshot: it cannot be changed, and later writes do not change it.
     *
     * @param contents the series stored first
     * @param id an id stored after the snapshot
     * @param series its series
     */
    @Property(tries = 30)
    default void idsIsAnImmutableSnapshot(@ForAll("contractContents") Map<String, SizedContainerTimeSeries> contents,
            @ForAll("contractIds") String id, @ForAll("contractSmallSeries") SizedContainerTimeSeries series) {
        try (StorageManager store = create()) {
            contents.forEach(store::store);
            Set<String> ids = store.ids();
            Set<String> copy = Set.copyOf(ids);
            assertIds("after storing", ids, contents.keySet());
            Rejections.expectType("ids().add", () -> ids.add("added"), UnsupportedOperationException.class);
            Rejections.expectType("ids().clear", ids::clear, UnsupportedOperationException.class);
            if (!ids.isEmpty()) {
                String first = ids.iterator().next();
                Rejections.expectType("ids().remove", () -> ids.remove(first), UnsupportedOperationException.class);
            }
            store.store(id, series);
            for (String stored : contents.keySet()) {
                if (!stored.equals(id)) {
                    store.delete(stored);
                    break;
                }
            }
            assertIds("the snapshot taken by ids() after later stores and deletes", ids, copy);
        }
    }

    /**
     * {@code newId()} gives valid, distinct ids under which nothing is stored, and stores nothing itself.
     *
     * @param contents series already stored
     */
    @Property(tries = 20)
    default void newIdGivesFreshUnusedIds(@ForAll("contractContents") Map<String, SizedContainerTimeSeries> contents) {
        try (StorageManager store = create()) {
            contents.forEach(store::store);
            Set<String> given = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                String id = store.newId();
                assertTrue(SeriesIds.isValid(id), "newId() gave an invalid id: " + q(id));
                assertTrue(given.add(id), "newId() gave " + q(id) + " twice");
                assertFalse(store.contains(id), "newId() gave " + q(id) + ", under which a series is stored");
                if (i % 4 == 0) {
                    store.store(id, ArrayTimeSeries.of(new double[] {i}, new double[] {i}));
                }
            }
            for (int i = 0; i < 5; i++) {
                String id = store.newId();
                assertFalse(store.ids().contains(id), "newId() gave " + q(id) + ", which is in use");
                assertFalse(given.contains(id), "newId() gave " + q(id) + " again");
            }
            Set<String> expected = new HashSet<>(contents.keySet());
            for (String id : given) {
                if (store.contains(id)) {
                    expected.add(id);
                }
            }
            assertEquals(contents.size() + 5, expected.size(), "series stored under new ids");
            assertIds("after newId()", store.ids(), expected);
        }
    }

    /**
     * The {@code long} overloads act on the id that is the decimal string of the number.
     *
     * @param number the integer id
     * @param series the series
     */
    @Property(tries = 30)
    default void longIdsAreTheirDecimalStrings(@ForAll long number,
            @ForAll("contractSmallSeries") SizedContainerTimeSeries series) {
        String id = Long.toString(number);
        try (StorageManager store = create()) {
            assertHolds("store(" + number + "L, ...) returned", series, store.store(number, series));
            assertHolds("get(" + q(id) + ")", series, store.get(id));
            assertHolds("get(" + number + "L)", series, store.get(number));
            assertEquals(series.size(), store.size(number), "size(" + number + "L)");
            assertTrue(store.contains(number), "contains(" + number + "L)");
            assertIds("after store(" + number + "L, ...)", store.ids(), Set.of(id));
            assertTrue(store.delete(number), "delete(" + number + "L)");
            assertFalse(store.contains(id), "contains(" + q(id) + ") after delete(" + number + "L)");
            store.store(id, series);
            assertHolds("get(" + number + "L) after store(" + q(id) + ")", series, store.get(number));
        }
    }
}
