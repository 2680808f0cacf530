package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.tsstore.testkit.SeriesAssertions.assertHolds;
import static org.tsstore.testkit.SeriesAssertions.q;
import static org.tsstore.testkit.StoreAssertions.assertIds;
import static org.tsstore.testkit.StoreAssertions.assertStoreHolds;
import static org.tsstore.testkit.StoreAssertions.assertUnchanged;
import static org.tsstore.testkit.StoreAssertions.snapshot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.function.Executable;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.HostileSeries.Kind;

/**
 * The contract of a {@link StorageManager}, as jqwik properties that a backend's test class inherits by
 * implementing this interface and {@link #create()}:
 *
 * <pre>{@code
 * class MyStorageManagerContractTest implements StorageManagerContract {
 *     @Override public StorageManager create() { return new MyStorageManager(); }
 * }
 * }</pre>
 *
 * <p>Each property opens fresh stores with {@link #create()} and closes them. It checks the store against
 * an independent model (a {@link Map} of heap series) through every read path: {@code get}, {@code size},
 * {@code contains} and {@code ids()}, and the returned series through its accessors, bulk copies,
 * {@code equals} and {@code hashCode}. What is checked:
 * <ul>
 *   <li>round trips of {@link SeriesArbitraries#series() generated series} under
 *       {@link SeriesArbitraries#ids() generated ids}: the series returned by {@code store}, the one
 *       {@code get} returns and the stored one are equal, also across implementations; overwrites, sizes,
 *       {@code contains}, deletes, unknown ids ({@link NoSuchSeriesException} naming the id);</li>
 *   <li>{@code ids()} is an immutable snapshot; {@code newId()} gives fresh valid unused ids; the
 *       {@code long} overloads use the decimal string as the id;</li>
 *   <li>every invalid id (generated, the {@link SeriesArbitraries#invalidIdExamples() examples}, and
 *       {@code null}) and every invalid series (unsorted, repeated, {@code NaN} or infinite times,
 *       {@code null}) is refused by every method with an {@link IllegalArgumentException} (a
 *       {@link NullPointerException} for {@code null}) that quotes the id as
 *       {@link SeriesIds#quote} does, and nothing changes; a series that lies about its size or throws while
 *       read is refused with some {@link RuntimeException}, and nothing changes;</li>
 *   <li>the stored series does not depend on the caller's object, and the arrays a returned series gives
 *       out are copies;</li>
 *   <li>{@link SeriesArbitraries#hostileIdExamples() hostile but valid ids} ({@code ..}, {@code a/b},
 *       {@code CON}, case and Unicode-normalisation twins, 255-byte ids) are all stored distinctly;</li>
 *   <li>with {@link Capability#PERSISTENT}, everything survives {@link #reopen}; without it, {@code reopen}
 *       is unsupported; either way, two stores from {@code create()} are independent;</li>
 *   <li>concurrent stores, reads and deletes by several threads on owned and shared ids never show a
 *       reader a mix of two series, or a series older than one already stored;</li>
 *   <li>after {@code close()} every method throws {@link IllegalStateException}, and {@code close()} is
 *       idempotent; {@code flush()}, {@code verify()} (clean on a healthy store, counting its series) and
 *       {@code compact()} keep every series readable.</li>
 * </ul>
 *
 * <p>The whole contract runs in well under a minute for an in-memory backend: tries are kept modest, and
 * series are mostly small, up to {@value SeriesArbitraries#LONG_SERIES_POINTS} points now and then.
 * {@link StatefulStorageContract} adds random sequences of operations against a model.
 */
public interface StorageManagerContract {

    /**
     * A new, empty store, owned by the testkit, which closes it. Each call must return a store of its own
     * (for a persistent backend, in a new directory such as {@link StoreDirectories#newDirectory}).
     *
     * @return an open, empty store
     */
    StorageManager create();

    /**
     * What the backend declares; the contract checks the behaviour of what is absent too.
     *
     * @return the capabilities; by default none
     */
    default Set<Capability> capabilities() {
        return EnumSet.noneOf(Capability.class);
    }

    /**
     * For {@link Capability#PERSISTENT} backends: closes {@code previous} and opens the same store again.
     * Backends without that capability keep this default, which the contract checks.
     *
     * @param previous a store made by {@link #create()} or by an earlier {@code reopen}
     * @return a new manager over the same stored series
     * @throws UnsupportedOperationException by default
     */
    default StorageManager reopen(StorageManager previous) {
        throw new UnsupportedOperationException(
                "reopen is not supported: the backend does not declare Capability.PERSISTENT");
    }

    /**
     * For backends that keep their series in a directory: the directory of a store made by {@link #create()},
     * so that {@link #hostileInputChangesNoFile} can prove that refused calls change no file and that no id
     * reaches outside it.
     *
     * @param store a store made by {@link #create()}
     * @return its directory; by default empty (the check is then skipped)
     */
    default Optional<Path> directory(StorageManager store) {
        return Optional.empty();
    }

    // ---- generators ----------------------------------------------------------------------------------

    /**
     * Generated series up to {@value SeriesArbitraries#LONG_SERIES_POINTS} points.
     *
     * @return {@link SeriesArbitraries#series()}
     */
    @Provide
    default Arbitrary<SizedContainerTimeSeries> contractSeries() {
        return SeriesArbitraries.series();
    }

    /**
     * Generated series up to 300 points.
     *
     * @return {@link SeriesArbitraries#series(int)}
     */
    @Provide
    default Arbitrary<SizedContainerTimeSeries> contractSmallSeries() {
        return SeriesArbitraries.series(300);
    }

    /**
     * Generated valid ids.
     *
     * @return {@link SeriesArbitraries#ids()}
     */
    @Provide
    default Arbitrary<String> contractIds() {
        return SeriesArbitraries.ids();
    }

    /**
     * Generated invalid ids.
     *
     * @return {@link SeriesArbitraries#invalidIds()}
     */
    @Provide
    default Arbitrary<String> contractInvalidIds() {
        return SeriesArbitraries.invalidIds();
    }

    /**
     * The contents of a small store: up to eight series of up to 2,000 points under distinct ids.
     *
     * @return maps from id to series
     */
    @Provide
    default Arbitrary<Map<String, SizedContainerTimeSeries>> contractContents() {
        return Arbitraries.maps(SeriesArbitraries.ids(), SeriesArbitraries.series(2000)).ofMaxSize(8);
    }

    // ---- round trips -------------------------------------------------------------------------------

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

    // ---- invalid input ------------------------------------------------------------------------------

    /**
     * Every method refuses an invalid id with an {@link IllegalArgumentException} quoting it, and nothing
     * changes, even when a valid prefix of the id is stored.
     *
     * @param bad the invalid id
     * @param series a series to try to store
     */
    @Property(tries = 50)
    default void invalidIdsAreRefusedEverywhere(@ForAll("contractInvalidIds") String bad,
            @ForAll("contractSmallSeries") SizedContainerTimeSeries series) {
        try (StorageManager store = create()) {
            assertInvalidIdRefused(store, bad, series);
        }
    }

    /** Every example of {@link SeriesArbitraries#invalidIdExamples()} is refused by every method. */
    @Example
    default void everyInvalidIdExampleIsRefused() {
        try (StorageManager store = create()) {
            SizedContainerTimeSeries series = ArrayTimeSeries.of(new double[] {1, 2}, new double[] {3, 4});
            for (String bad : SeriesArbitraries.invalidIdExamples()) {
                assertInvalidIdRefused(store, bad, series);
            }
        }
    }

    private static void assertInvalidIdRefused(StorageManager store, String bad, SizedContainerTimeSeries series) {
        store.store("valid", series);
        String prefix = validPrefix(bad);
        if (!prefix.isEmpty()) {
            // a backend that cleans or cuts ids would write over this one
            store.store(prefix, ArrayTimeSeries.of(new double[] {0}, new double[] {-1}));
        }
        Map<String, ArrayTimeSeries> before = snapshot(store);
        refuse(store, "store(" + q(bad) + ", ...)", bad, () -> store.store(bad, series));
        refuse(store, "get(" + q(bad) + ")", bad, () -> store.get(bad));
        refuse(store, "size(" + q(bad) + ")", bad, () -> store.size(bad));
        refuse(store, "contains(" + q(bad) + ")", bad, () -> store.contains(bad));
        refuse(store, "delete(" + q(bad) + ")", bad, () -> store.delete(bad));
        assertUnchanged("calls with the invalid id " + q(bad), before, store);
    }

    private static void refuse(StorageManager store, String call, String bad, Executable executable) {
        Throwable e = Rejections.expect(call, executable, IllegalArgumentException.class);
        if (!bad.isEmpty() && !e.getMessage().contains(SeriesIds.quote(bad))) {
            fail(call + " must quote the id as SeriesIds.quote does (" + SeriesIds.quote(bad) + "), but said: "
                    + e.getMessage());
        }
    }

    /** The longest valid id made of the id's leading characters, with control characters and surrogates dropped. */
    private static String validPrefix(String bad) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bad.length(); i++) {
            char c = bad.charAt(i);
            if (!Character.isISOControl(c) && !Character.isSurrogate(c) && SeriesIds.isValid(sb.toString() + c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * {@code null} ids and a {@code null} series are refused by every method with a
     * {@link NullPointerException} (or an {@link IllegalArgumentException}), and nothing changes.
     */
    @Example
    default void nullsAreRefusedEverywhere() {
        try (StorageManager store = create()) {
            SizedContainerTimeSeries series = ArrayTimeSeries.of(new double[] {1}, new double[] {2});
            store.store("a", series);
            Map<String, ArrayTimeSeries> before = snapshot(store);
            Class<? extends Throwable> npe = NullPointerException.class;
            Class<? extends Throwable> iae = IllegalArgumentException.class;
            Rejections.expect("store(null, ...)", () -> store.store(null, series), npe, iae);
            Rejections.expect("store(\"a\", null)", () -> store.store("a", null), npe, iae);
            Rejections.expect("store(\"b\", null)", () -> store.store("b", null), npe, iae);
            Rejections.expect("get(null)", () -> store.get(null), npe, iae);
            Rejections.expect("size(null)", () -> store.size(null), npe, iae);
            Rejections.expect("contains(null)", () -> store.contains(null), npe, iae);
            Rejections.expect("delete(null)", () -> store.delete(null), npe, iae);
            assertUnchanged("calls with null", before, store);
        }
    }

    /**
     * A series that breaks the value rules (two times swapped, a time repeated, {@code -0.0} right after
     * {@code 0.0}, a {@code NaN} time, an infinite time at either end) is refused with an
     * {@link IllegalArgumentException}, under a new id and under a stored one, and nothing changes.
     *
     * @param base a valid series to break (two points are used if it has fewer)
     * @param breakage how to break it: 0 to 5, in the order above
     * @param where where to break it, as a percentage of its length
     * @param overwrite whether to store it under an id in use
     */
    @Property(tries = 40)
    default void seriesThatBreakTheRulesAreRefused(@ForAll("contractSmallSeries") SizedContainerTimeSeries base,
            @ForAll @IntRange(min = 0, max = 5) int breakage, @ForAll @IntRange(min = 0, max = 99) int where,
            @ForAll boolean overwrite) {
        double[] t = base.times();
        double[] v = base.values();
        if (t.length < 2) {
            t = new double[] {1, 2};
            v = new double[] {3, 4};
        }
        int k = 1 + where * (t.length - 1) / 100; // 1 .. n-1
        String what;
        switch (breakage) {
            case 0:
                double swap = t[k];
                t[k] = t[k - 1];
                t[k - 1] = swap;
                what = "times swapped at indexes " + (k - 1) + " and " + k;
                break;
            case 1:
                t[k] = t[k - 1];
                what = "time repeated at index " + k;
                break;
            case 2:
                t = new double[] {-1, 0.0, -0.0, 1};
                v = new double[] {1, 2, 3, 4};
                what = "times -1, 0.0, -0.0, 1";
                break;
            case 3:
                t[k] = Double.NaN;
                what = "NaN time at index " + k;
                break;
            case 4:
                t[t.length - 1] = Double.POSITIVE_INFINITY;
                what = "infinite last time";
                break;
            default:
                t[0] = Double.NEGATIVE_INFINITY;
                what = "negative infinite first time";
                break;
        }
        assertRefusedUnchanged(HostileSeries.raw(t, v, what), overwrite, IllegalArgumentException.class);
    }

    /**
     * A series that lies about its size (times and values of different lengths, a size that changes from
     * call to call, a negative size) or throws part-way through being read is refused with some
     * {@link RuntimeException}, under a new id and under a stored one, and nothing changes. A backend
     * catches a changing size by reading {@code size()} again after copying the points, as
     * {@code ArrayTimeSeries.copyOf} does, and must not leave a half-written series behind when a read
     * fails.
     *
     * @param base a valid series to build the liar from (two points are used if it has fewer)
     * @param lie how it lies: 0 to 3, in the order above
     * @param overwrite whether to store it under an id in use
     */
    @Property(tries = 40)
    default void seriesThatLieAreRefused(@ForAll("contractSmallSeries") SizedContainerTimeSeries base,
            @ForAll @IntRange(min = 0, max = 3) int lie, @ForAll boolean overwrite) {
        double[] t = base.times();
        double[] v = base.values();
        if (t.length < 2) {
            t = new double[] {1, 2};
            v = new double[] {3, 4};
        }
        Kind kind = List.of(Kind.MISMATCHED_LENGTHS, Kind.SIZE_CHANGES, Kind.NEGATIVE_SIZE, Kind.THROWS_WHILE_READ)
                .get(lie);
        assertRefusedUnchanged(HostileSeries.of(kind, t, v), overwrite, RuntimeException.class);
    }

    private void assertRefusedUnchanged(SizedContainerTimeSeries bad, boolean overwrite,
            Class<? extends Throwable> expected) {
        try (StorageManager store = create()) {
            store.store("bystander", ArrayTimeSeries.of(new double[] {1, 2, 3}, new double[] {4, 5, 6}));
            String id = overwrite ? "target" : "new-target";
            store.store("target", ArrayTimeSeries.of(new double[] {7}, new double[] {8}));
            Map<String, ArrayTimeSeries> before = snapshot(store);
            // Only the rule checks build their own message: a liar's exception may come straight from an
            // array access, which the JIT may throw without a message.
            if (expected == IllegalArgumentException.class) {
                Rejections.expect("store(" + q(id) + ", " + bad + ")", () -> store.store(id, bad), expected);
            } else {
                Rejections.expectType("store(" + q(id) + ", " + bad + ")", () -> store.store(id, bad), expected);
            }
            assertUnchanged("store(" + q(id) + ", " + bad + ")", before, store);
            // and the store still works
            store.store(id, ArrayTimeSeries.of(new double[] {9}, new double[] {10}));
            assertHolds("a store after the refused one", new double[] {9}, new double[] {10}, store.get(id));
        }
    }

    // ---- ownership of the data ---------------------------------------------------------------------

    /**
     * What is stored does not depend on the caller's object (read once, at {@code store}), and the arrays
     * that a returned series gives out are copies, whose changes reach nothing.
     *
     * @param id the id
     * @param series the series
     */
    @Property(tries = 30)
    default void storedSeriesIsIndependentOfTheCaller(@ForAll("contractIds") String id,
            @ForAll("contractSmallSeries") SizedContainerTimeSeries series) {
        try (StorageManager store = create()) {
            MutableSeries mutable = new MutableSeries(series.times(), series.values());
            SizedContainerTimeSeries returned = store.store(id, mutable);
            mutable.scramble();
            assertHolds("store(" + q(id) + ") returned, after the caller changed its series", series, returned);
            SizedContainerTimeSeries got = store.get(id);
            assertHolds("get(" + q(id) + ") after the caller changed its series", series, got);
            if (series.size() > 0) {
                got.times()[0] = Math.nextDown(series.time(0));
                got.values()[0] = 12345.0;
                returned.times()[0] = Math.nextDown(series.time(0));
                returned.values()[0] = 12345.0;
                double[] scratch = new double[series.size()];
                got.copyValues(0, scratch, 0, scratch.length);
                scratch[0] = 6789.0;
            }
            assertHolds("get(" + q(id) + ") after changing arrays from times()/values()", series, store.get(id));
            assertHolds("the series get returned, after changing its arrays", series, got);
            assertHolds("the series store returned, after changing its arrays", series, returned);
        }
    }

    // ---- hostile ids --------------------------------------------------------------------------------

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

    // ---- persistence --------------------------------------------------------------------------------

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
            churn(open.get(), model, new SplittableRandom(seed));
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
            churn(open.get(), model, new SplittableRandom(seed + 1));
            assertStoreHolds("after writes to the reopened store", open.get(), model);
            assertStoreHolds("after a second reopen", open.reopen(), model);
        }
    }

    /**
     * Overwrites about a quarter of the model's series and deletes another quarter, in store and model.
     */
    private static void churn(StorageManager store, Map<String, SizedContainerTimeSeries> model, SplittableRandom random) {
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

    // ---- concurrency --------------------------------------------------------------------------------

    /**
     * Four threads store, read and delete on owned and shared ids at once; no reader sees a mix of two
     * series, a series never stored under the id, or one older than a series already stored under it.
     *
     * @param seed chooses each thread's operations
     * @throws InterruptedException if the test is interrupted
     */
    @Property(tries = 8)
    default void concurrentUseNeverShowsAMixedSeries(@ForAll long seed) throws InterruptedException {
        try (StorageManager store = create()) {
            List<String> violations = new ConcurrencyCheck(store, seed).run();
            if (!violations.isEmpty()) {
                fail(violations.size() + " violations under concurrent use, first: " + String.join("\n", violations));
            }
        }
    }

    /**
     * Several threads store, read, delete and list a few ids for a bounded time (one and a half seconds,
     * thirty in a {@link StressProfile stress run}, or {@code tsstore.linearizability.millis}); every id must behave as an atomic register: each read
     * returns the latest write in one order of all calls that agrees with real time
     * ({@link LinearizabilityCheck}).
     *
     * @param seed the seed of the calls each thread makes
     * @throws InterruptedException if the test is interrupted
     */
    @Property(tries = 2, shrinking = ShrinkingMode.OFF)
    default void concurrentUseIsLinearizablePerId(@ForAll long seed) throws InterruptedException {
        try (StorageManager store = create()) {
            LinearizabilityCheck check = new LinearizabilityCheck(store, seed,
                    Long.getLong("tsstore.linearizability.millis", StressProfile.active() ? 30_000L : 1500L));
            List<String> violations = check.run();
            System.out.println("linearizability of " + store.getClass().getSimpleName() + ": " + check.operations()
                    + " calls by 4 threads on 3 ids, seed " + seed + ", " + violations.size() + " violations");
            if (!violations.isEmpty()) {
                fail(violations.size() + " linearizability violations in " + check.operations() + " calls, first: "
                        + String.join("\n", violations.subList(0, Math.min(10, violations.size()))));
            }
        }
    }

    /**
     * Hostile input at every entry point, with the store checked before and after, and its directory (from
     * {@link #directory}, for backends that name one) byte for byte: every invalid id, {@code null}, series that break the rules, lie about their
     * size or throw, for new ids and over existing ones, through {@code store}, {@code get}, {@code size},
     * {@code contains} and {@code delete}, are refused and change no file; then every hostile but valid id
     * ({@code ..}, {@code ../x}, {@code /abs}, {@code a\\b}, ...) is stored, read and deleted, and no file
     * appears where joining the directory, or the working directory, with the id would lead outside it.
     */
    @Example
    default void hostileInputChangesNoFile() {
        try (StorageManager store = create()) {
            HostileInputCheck.run(store, directory(store));
        }
    }

    // ---- lifecycle and maintenance ------------------------------------------------------------------

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
            churn(store, model, new SplittableRandom(seed));
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
            churn(store, model, new SplittableRandom(seed));
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
