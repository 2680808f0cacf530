package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.tsstore.testkit.SeriesAssertions.q;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.function.Executable;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.HostileSeries.Kind;

/**
 * The body of {@link StorageManagerContract#hostileInputChangesNoFile}: refused calls must leave the store
 * directory byte for byte as it was, and valid but path-like ids must stay inside it.
 */
final class HostileInputCheck {

    private HostileInputCheck() {}

    static void run(StorageManager store, Optional<Path> directory) {
        ArrayTimeSeries small = ArrayTimeSeries.of(new double[] {1, 2}, new double[] {3, 4});
        store.store("bystander", ArrayTimeSeries.of(new double[] {1, 2, 3}, new double[] {4, 5, 6}));
        store.store("target", ArrayTimeSeries.of(new double[] {7}, new double[] {8}));
        store.flush();
        Map<String, ArrayTimeSeries> model = StoreAssertions.snapshot(store);
        StoreDirectorySnapshot before = directory.map(StoreDirectorySnapshot::of).orElse(null);
        List<String> calls = new ArrayList<>();

        List<String> invalid = new ArrayList<>(SeriesArbitraries.invalidIdExamples());
        invalid.add(null);
        for (String bad : invalid) {
            Class<? extends Throwable> type = bad == null ? NullPointerException.class : IllegalArgumentException.class;
            String shown = bad == null ? "null" : q(bad);
            refuse(calls, "store(" + shown + ", ...)", () -> store.store(bad, small), type);
            refuse(calls, "get(" + shown + ")", () -> store.get(bad), type);
            refuse(calls, "size(" + shown + ")", () -> store.size(bad), type);
            refuse(calls, "contains(" + shown + ")", () -> store.contains(bad), type);
            refuse(calls, "delete(" + shown + ")", () -> store.delete(bad), type);
        }
        for (String id : new String[] {"target", "new-target"}) {
            refuse(calls, "store(" + q(id) + ", null)", () -> store.store(id, null), NullPointerException.class);
            for (HostileSeries bad : badSeries()) {
                refuse(calls, "store(" + q(id) + ", " + bad + ")", () -> store.store(id, bad), bad);
            }
        }
        refuseGrowth(store, calls, small, invalid);
        if (before != null) {
            List<String> changes = StoreDirectorySnapshot.of(directory.get()).changesSince(before);
            if (!changes.isEmpty()) {
                fail(calls.size() + " refused calls changed the store directory " + directory.get() + ": " + changes);
            }
        }
        StoreAssertions.assertUnchanged(calls.size() + " refused calls", model, store);
        if (directory.isEmpty()) {
            return;
        }
        Path dir = directory.get();

        Map<Path, List<String>> existedBefore = new LinkedHashMap<>();
        List<String> hostile = SeriesArbitraries.hostileIdExamples();
        for (String id : hostile) {
            for (Path p : StoreDirectorySnapshot.escapes(dir, id)) {
                existedBefore.putIfAbsent(p, StoreDirectorySnapshot.lookalikes(p));
            }
        }
        for (int i = 0; i < hostile.size(); i++) {
            ArrayTimeSeries s = ArrayTimeSeries.of(new double[] {i, i + 0.5}, new double[] {-i, i});
            String id = hostile.get(i);
            try {
                store.store(id, s);
            } catch (RuntimeException e) {
                fail("store(" + q(id) + ", ...) of a valid id threw " + e, e);
            }
            model.put(id, s);
        }
        StoreAssertions.assertStoreHolds("after storing " + hostile.size() + " hostile but valid ids", store, model);
        checkNoEscape(existedBefore, "storing");
        for (String id : hostile) {
            store.delete(id);
            model.remove(id);
        }
        StoreAssertions.assertStoreHolds("after deleting the hostile ids", store, model);
        checkNoEscape(existedBefore, "deleting");
    }

    private static void checkNoEscape(Map<Path, List<String>> existedBefore, String when) {
        existedBefore.forEach((p, before) -> {
            List<String> now = new ArrayList<>(StoreDirectorySnapshot.lookalikes(p));
            now.removeAll(before);
            if (!now.isEmpty()) {
                fail("after " + when + " hostile ids, " + now + " appeared in " + p.getParent()
                        + ", outside the store directory: an id became a path");
            }
        });
    }

    /** Appends, range reads and batches that must be refused as a whole, changing nothing. */
    private static void refuseGrowth(StorageManager store, List<String> calls, ArrayTimeSeries small, List<String> invalid) {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        for (String bad : invalid) {
            Class<? extends Throwable> type = bad == null ? NullPointerException.class : iae;
            String shown = bad == null ? "null" : q(bad);
            refuse(calls, "append(" + shown + ", ...)", () -> store.append(bad, small), type);
            refuse(calls, "get(" + shown + ", 0, 1)", () -> store.get(bad, 0, 1), type);
            Map<String, ArrayTimeSeries> batch = new HashMap<>();
            batch.put("fine", small);
            batch.put(bad, small);
            refuse(calls, "storeAll({\"fine\", " + shown + "})", () -> store.storeAll(batch), type);
            refuse(calls, "appendAll({\"fine\", " + shown + "})", () -> store.appendAll(batch), type);
        }
        for (String id : new String[] {"target", "new-target"}) {
            refuse(calls, "append(" + q(id) + ", null)", () -> store.append(id, null), NullPointerException.class);
            for (HostileSeries bad : badSeries()) {
                refuse(calls, "append(" + q(id) + ", " + bad + ")", () -> store.append(id, bad), bad);
                // a series whose size changes between two reads passes a check that reads it once, and
                // the interface's defaults read twice: it is refused alone, the others beside a valid entry
                Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
                if (bad.kind() != Kind.SIZE_CHANGES) {
                    batch.put("fine", small);
                }
                batch.put(id, bad);
                refuse(calls, "storeAll({\"fine\", " + q(id) + ": " + bad + "})", () -> store.storeAll(batch), bad);
                refuse(calls, "appendAll({\"fine\", " + q(id) + ": " + bad + "})", () -> store.appendAll(batch), bad);
            }
            Map<String, ArrayTimeSeries> withNull = new HashMap<>();
            withNull.put("fine", small);
            withNull.put(id, null);
            refuse(calls, "storeAll({" + q(id) + ": null})", () -> store.storeAll(withNull), NullPointerException.class);
            refuse(calls, "appendAll({" + q(id) + ": null})", () -> store.appendAll(withNull), NullPointerException.class);
            refuse(calls, "get(" + q(id) + ", NaN, 1)", () -> store.get(id, Double.NaN, 1), iae);
            refuse(calls, "get(" + q(id) + ", 0, NaN)", () -> store.get(id, 0, Double.NaN), iae);
        }
        // "target" ends at time 7: points at 7 or before it are refused, alone or in a batch with a valid entry
        ArrayTimeSeries atTheEnd = ArrayTimeSeries.of(new double[] {7, 8}, new double[] {1, 2});
        ArrayTimeSeries before = ArrayTimeSeries.of(new double[] {-1}, new double[] {1});
        refuse(calls, "append(\"target\", points from 7)", () -> store.append("target", atTheEnd), iae);
        refuse(calls, "append(\"target\", points from -1)", () -> store.append("target", before), iae);
        Map<String, ArrayTimeSeries> late = new LinkedHashMap<>();
        late.put("bystander", ArrayTimeSeries.of(new double[] {10}, new double[] {1}));
        late.put("new-target", small);
        late.put("target", atTheEnd);
        refuse(calls, "appendAll({bystander: valid, new-target: valid, target: from 7})", () -> store.appendAll(late), iae);
    }

    /**
     * Refuses a hostile series: a rule breaker or a liar with {@code IllegalArgumentException}; a series whose
     * reads throw with its own exception, as the caller's and not as a storage failure.
     */
    private static void refuse(List<String> calls, String call, Executable executable, HostileSeries bad) {
        long before = Allocations.ofThisThread();
        if (!bad.throwsCallersFailure()) {
            refuse(calls, call, executable, IllegalArgumentException.class);
        } else {
            calls.add(call);
            Throwable thrown = Rejections.expectType(call, executable, RuntimeException.class);
            if (thrown instanceof StorageException || !causedByTheSeries(thrown)) {
                fail(call + " threw " + thrown + ": the series' own failure must come back as the caller's,"
                        + " not as a storage failure", thrown);
            }
        }
        long allocated = Allocations.ofThisThread() - before;
        long budget = ALLOCATION_BUDGET + 64L * bad.givenPoints();
        if (before >= 0 && allocated > budget) {
            fail(call + " allocated " + allocated + " bytes before refusing a series that gives "
                    + bad.givenPoints() + " points (at most " + budget + " allowed): a claimed size must not"
                    + " size the heap");
        }
    }

    /** What a refusal may allocate beyond 64 bytes a point the series really gives. */
    private static final long ALLOCATION_BUDGET = 64L << 20;

    private static boolean causedByTheSeries(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof HostileSeries.SeriesReadFailure || t instanceof HostileSeries.SeriesSourceFailure) {
                return true;
            }
            if (t instanceof StorageException) {
                return false;
            }
        }
        return false;
    }

    private static void refuse(List<String> calls, String call, Executable executable, Class<? extends Throwable> type) {
        calls.add(call);
        // a refused argument must say why; a NullPointerException or a liar's own exception needs no message
        if (type == IllegalArgumentException.class) {
            Rejections.expect(call, executable, type);
        } else {
            Rejections.expectType(call, executable, type);
        }
    }

    private static List<HostileSeries> badSeries() {
        double[] v = {5, 6, 7, 8};
        List<HostileSeries> bad = new ArrayList<>();
        bad.add(HostileSeries.raw(new double[] {2, 1, 3, 4}, v, "unsorted times"));
        bad.add(HostileSeries.raw(new double[] {1, 2, 2, 4}, v, "a repeated time"));
        bad.add(HostileSeries.raw(new double[] {1, Double.NaN, 3, 4}, v, "a NaN time"));
        bad.add(HostileSeries.raw(new double[] {1, 2, 3, Double.POSITIVE_INFINITY}, v, "an infinite time"));
        bad.add(HostileSeries.raw(new double[] {Double.NEGATIVE_INFINITY, 2, 3, 4}, v, "a negative infinite time"));
        // liars start after the store's last time (7), so that an append reaches the lie
        double[] after = {10, 11, 12, 13};
        for (Kind kind : List.of(Kind.MISMATCHED_LENGTHS, Kind.SIZE_CHANGES, Kind.NEGATIVE_SIZE, Kind.THROWS_WHILE_READ)) {
            bad.add(HostileSeries.of(kind, after, v));
        }
        // a size that would take the heap if believed, after the store's last time so an append reaches it
        double[] late = {100, 101, 102};
        bad.add(HostileSeries.claimingSize(Integer.MAX_VALUE, late, v));
        bad.add(HostileSeries.claimingSize(1 << 28, late, v));
        bad.add(HostileSeries.claimingSizeSilently(Integer.MAX_VALUE, late, v));
        bad.add(HostileSeries.claimingSizeSilently(1 << 28, late, v));
        bad.addAll(LATE_FAILURES);
        return bad;
    }

    /** How long the series that fail late are: longer than any buffer a backend fills before it checks. */
    static final int LATE_FAILURE_POINTS = 300_000;

    /** Series that go wrong only near their end, once a backend that writes as it reads has written much. */
    private static final List<HostileSeries> LATE_FAILURES = lateFailures(LATE_FAILURE_POINTS);

    private static List<HostileSeries> lateFailures(int n) {
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 100 + i;
            v[i] = Math.sin(i);
        }
        double[] nanAt = t.clone();
        nanAt[n - n / 6] = Double.NaN;
        double[] equalAtEnd = t.clone();
        equalAtEnd[n - 1] = equalAtEnd[n - 2];
        return List.of(
                HostileSeries.raw(nanAt, v, n + " points with a NaN time at index " + (n - n / 6)),
                HostileSeries.raw(equalAtEnd, v, n + " points whose last two times are equal"),
                HostileSeries.valuesFailFrom(n - 10, t, v),
                HostileSeries.claimingSize(n + 1, t, v));
    }

}
