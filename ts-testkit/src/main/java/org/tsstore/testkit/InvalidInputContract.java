package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.tsstore.testkit.SeriesAssertions.assertHolds;
import static org.tsstore.testkit.SeriesAssertions.q;
import static org.tsstore.testkit.StoreAssertions.assertUnchanged;
import static org.tsstore.testkit.StoreAssertions.snapshot;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.function.Executable;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.HostileSeries.Kind;

/**
 * Invalid input: every invalid id, {@code null} and every series that breaks the rules, lies about its
 * size or throws is refused by every method with a message that names the id, and nothing changes, in the
 * store or (for a backend that names its directory) in any file. Part of {@link StorageManagerContract}.
 */
public interface InvalidInputContract extends StoreContract {

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
}
