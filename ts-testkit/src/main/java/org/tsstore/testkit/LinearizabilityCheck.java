package org.tsstore.testkit;

import static org.tsstore.testkit.SeriesAssertions.q;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Checks that a store behaves as one atomic register per id under concurrent use. Several threads run
 * random {@code store}, {@code get}, {@code contains}, {@code delete} and {@code ids()} calls on a few ids for
 * a bounded time, recording when each call began and returned ({@link System#nanoTime()}); each stored
 * series is a version whose number is in every value (and decides its size and times), so a read says
 * which write it saw. Afterwards, per id:
 * <ul>
 *   <li>a read returns a whole version (never a mix) whose store began before the read returned;</li>
 *   <li>the versions and their reads admit one order consistent with real time: the zone test of Gibbons
 *       and Korach for registers whose writes are all distinct (each delete a distinct write of "absent"), so
 *       a read that returns a version overwritten before the read began, or a read that returns an older
 *       version than an earlier read did, is caught;</li>
 *   <li>a read of "absent" ({@code get} throwing {@link NoSuchSeriesException}, {@code contains} false, the
 *       id missing from {@code ids()}) is justified by the initial state or a delete that began before the
 *       read returned and was not overwritten by a store that returned before the read began; a read of
 *       "present" likewise by a store not deleted before the read began.</li>
 * </ul>
 * The check has no false alarms whatever the timing: the intervals are measured around each call, so
 * they are wider than the real ones.
 */
final class LinearizabilityCheck {

    private static final int IDS = 3;
    private static final int THREADS = 4;
    private static final int MAX_OPS_PER_THREAD = StressProfile.count(4_000, 250_000);
    private static final double ID_CODE = 1L << 32;

    private static final int STORE = 0;
    private static final int DELETE = 1;
    private static final int READ = 2;
    private static final int PRESENCE = 3;
    private static final int ABSENT = -1;
    private static final int PRESENT = -2;

    /** One call on one id: its kind, its interval and what it wrote or saw. */
    private record Op(int kind, int id, long start, long end, int value, String what) {}

    private final StorageManager store;
    private final long seed;
    private final long budgetNanos;
    private final String[] ids = {"lin-0", "lin/1", "Lin..2"};
    private final AtomicInteger versions = new AtomicInteger(1);
    private final AtomicInteger deletes = new AtomicInteger(1);
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, List<Op>> perThread = new ConcurrentHashMap<>();

    LinearizabilityCheck(StorageManager store, long seed, long budgetMillis) {
        this.store = store;
        this.seed = seed;
        this.budgetNanos = TimeUnit.MILLISECONDS.toNanos(budgetMillis);
    }

    /** A version: one point per 8 versions up to 40, the version in every value; times start at the version. */
    static ArrayTimeSeries version(int idIndex, int version) {
        int n = 1 + (version * 7) % 40;
        double[] t = new double[n];
        double[] v = new double[n];
        double code = idIndex * ID_CODE + version;
        for (int i = 0; i < n; i++) {
            t[i] = version + i;
            v[i] = code;
        }
        return ArrayTimeSeries.of(t, v);
    }

    /** Runs the threads, checks the history, and returns the violations, empty if none. */
    List<String> run() throws InterruptedException {
        long deadline = System.nanoTime() + budgetNanos;
        boolean finished = Workers.runTogether(THREADS, thread -> {
            List<Op> ops = new ArrayList<>();
            perThread.put(thread, ops);
            work(new SplittableRandom(seed * 31 + thread), deadline, ops);
        }, violations);
        if (!finished) {
            return new ArrayList<>(violations);
        }
        List<Op> all = new ArrayList<>();
        perThread.values().forEach(all::addAll);
        for (int id = 0; id < IDS; id++) {
            int i = id;
            checkId(i, all.stream().filter(o -> o.id == i).toList());
        }
        return new ArrayList<>(violations);
    }

    int operations() {
        return perThread.values().stream().mapToInt(List::size).sum();
    }

    private void work(SplittableRandom random, long deadline, List<Op> ops) {
        while (ops.size() < MAX_OPS_PER_THREAD && System.nanoTime() < deadline) {
            int roll = random.nextInt(20);
            int id = random.nextInt(IDS);
            if (roll < 7) {
                int v = versions.getAndIncrement();
                ArrayTimeSeries s = version(id, v);
                long start = System.nanoTime();
                store.store(ids[id], s);
                ops.add(new Op(STORE, id, start, System.nanoTime(), v, "store version " + v));
            } else if (roll < 9) {
                int d = -1000 - deletes.getAndIncrement();
                long start = System.nanoTime();
                boolean existed = store.delete(ids[id]);
                ops.add(new Op(DELETE, id, start, System.nanoTime(), d, "delete (returned " + existed + ")"));
            } else if (roll < 15) {
                long start = System.nanoTime();
                int seen;
                try {
                    ArrayTimeSeries got = ArrayTimeSeries.copyOf(store.get(ids[id]));
                    seen = decode(id, got);
                } catch (NoSuchSeriesException e) {
                    seen = ABSENT;
                }
                ops.add(new Op(READ, id, start, System.nanoTime(), seen, "get"));
            } else if (roll < 18) {
                long start = System.nanoTime();
                boolean present = store.contains(ids[id]);
                ops.add(new Op(PRESENCE, id, start, System.nanoTime(), present ? PRESENT : ABSENT, "contains"));
            } else {
                long start = System.nanoTime();
                Set<String> listed = store.ids();
                long end = System.nanoTime();
                for (int i = 0; i < IDS; i++) {
                    ops.add(new Op(PRESENCE, i, start, end, listed.contains(ids[i]) ? PRESENT : ABSENT, "ids()"));
                }
                for (String other : listed) {
                    if (!Arrays.asList(ids).contains(other)) {
                        violations.add("ids() listed " + q(other) + ", which was never stored");
                    }
                }
            }
        }
    }

    /** The version a read returned; a violation if it is not one whole version of this id. */
    private int decode(int id, ArrayTimeSeries got) {
        if (got.size() == 0) {
            violations.add("get(" + q(ids[id]) + ") returned an empty series; no version is empty");
            return ABSENT;
        }
        double code = got.value(0);
        int v = (int) (code - id * ID_CODE);
        if (v <= 0 || v >= versions.get() || !got.equals(version(id, v))) {
            violations.add("get(" + q(ids[id]) + ") returned a series that is no version written under that id (a mix "
                    + "of versions, another id's, or damaged): " + got.size() + " points, first value " + code);
            return ABSENT;
        }
        return v;
    }

    private void checkId(int id, List<Op> ops) {
        String name = q(ids[id]);
        Map<Integer, Op> writes = new HashMap<>();
        List<Op> stores = new ArrayList<>();
        List<Op> dels = new ArrayList<>();
        for (Op o : ops) {
            if (o.kind == STORE) {
                writes.put(o.value, o);
                stores.add(o);
            } else if (o.kind == DELETE) {
                writes.put(o.value, o);
                dels.add(o);
            }
        }
        // Clusters: a write and the reads that returned its value; [start of the latest begun, end of the first done].
        Intervals storeIntervals = new Intervals(stores);
        Intervals deleteIntervals = new Intervals(dels);
        Map<Integer, long[]> zones = new HashMap<>();
        for (Op w : writes.values()) {
            zones.put(w.value, new long[] {w.start, w.end});
        }
        for (Op r : ops) {
            if (r.kind == READ && r.value > 0) {
                Op w = writes.get(r.value);
                if (w == null) {
                    violations.add("get(" + name + ") returned version " + r.value + ", which was stored under another id");
                    continue;
                }
                if (w.start > r.end) {
                    violations.add("get(" + name + ") returned version " + r.value + " before its store began");
                }
                long[] z = zones.get(r.value);
                z[0] = Math.max(z[0], r.start);
                z[1] = Math.min(z[1], r.end);
            } else if ((r.kind == READ || r.kind == PRESENCE) && r.value == ABSENT) {
                checkAbsent(name, r, storeIntervals, deleteIntervals);
            } else if (r.kind == PRESENCE && r.value == PRESENT) {
                checkPresent(name, r, storeIntervals, deleteIntervals);
            }
        }
        checkZones(name, zones);
    }

    /**
     * Absent is right if the initial state or some delete may be the latest write when the read took effect:
     * take the delete that began before the read returned and ended last (the one fewest stores can have
     * overwritten); no store may have begun after it ended and returned before the read began.
     */
    private void checkAbsent(String name, Op r, Intervals stores, Intervals dels) {
        long deleted = dels.latestEndOfThoseStartedBefore(r.end);
        if (stores.latestStartOfThoseEndedBefore(r.start) > deleted) {
            violations.add(r.what + " said " + name + " is absent, but a store of it had returned before the read "
                    + "began, after every delete that could have come last");
        }
    }

    /** Present is right if some store may be the latest write and no delete certainly came between. */
    private void checkPresent(String name, Op r, Intervals stores, Intervals dels) {
        long stored = stores.latestEndOfThoseStartedBefore(r.end);
        if (stored == Long.MIN_VALUE || dels.latestStartOfThoseEndedBefore(r.start) > stored) {
            violations.add(r.what + " said " + name + " is present, but no store of it could have been the latest "
                    + "write then");
        }
    }

    /** Calls' intervals, sorted for the two questions the presence checks ask. */
    private static final class Intervals {
        private final long[] startsByStart;
        private final long[] maxEndByStart;
        private final long[] endsByEnd;
        private final long[] maxStartByEnd;

        Intervals(List<Op> ops) {
            List<Op> byStart = new ArrayList<>(ops);
            byStart.sort(Comparator.comparingLong(Op::start));
            startsByStart = byStart.stream().mapToLong(Op::start).toArray();
            maxEndByStart = new long[byStart.size()];
            long max = Long.MIN_VALUE;
            for (int i = 0; i < byStart.size(); i++) {
                max = Math.max(max, byStart.get(i).end);
                maxEndByStart[i] = max;
            }
            List<Op> byEnd = new ArrayList<>(ops);
            byEnd.sort(Comparator.comparingLong(Op::end));
            endsByEnd = byEnd.stream().mapToLong(Op::end).toArray();
            maxStartByEnd = new long[byEnd.size()];
            max = Long.MIN_VALUE;
            for (int i = 0; i < byEnd.size(); i++) {
                max = Math.max(max, byEnd.get(i).start);
                maxStartByEnd[i] = max;
            }
        }

        /** The latest end among calls that began before {@code t}; {@code Long.MIN_VALUE} if none. */
        long latestEndOfThoseStartedBefore(long t) {
            int n = countBelow(startsByStart, t);
            return n == 0 ? Long.MIN_VALUE : maxEndByStart[n - 1];
        }

        /** The latest start among calls that returned before {@code t}; {@code Long.MIN_VALUE} if none. */
        long latestStartOfThoseEndedBefore(long t) {
            int n = countBelow(endsByEnd, t);
            return n == 0 ? Long.MIN_VALUE : maxStartByEnd[n - 1];
        }

        private static int countBelow(long[] sorted, long t) {
            int lo = 0;
            int hi = sorted.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] < t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /**
     * Gibbons and Korach's zones: a cluster whose first op returned before its last began has a forward zone
     * [first end, last start]; otherwise a backward zone [last start, first end]. A history with distinct
     * writes is linearizable iff no two forward zones overlap and no backward zone lies inside a forward one.
     */
    private void checkZones(String name, Map<Integer, long[]> zones) {
        List<long[]> forward = new ArrayList<>();
        List<long[]> backward = new ArrayList<>();
        for (Map.Entry<Integer, long[]> e : zones.entrySet()) {
            long s = e.getValue()[0];
            long f = e.getValue()[1];
            (f < s ? forward : backward).add(new long[] {Math.min(s, f), Math.max(s, f), e.getKey()});
        }
        forward.sort(Comparator.comparingLong(z -> z[0]));
        for (int i = 1; i < forward.size(); i++) {
            long[] a = forward.get(i - 1);
            long[] b = forward.get(i);
            if (b[0] < a[1]) {
                violations.add("under " + name + ", " + label(a[2]) + " and " + label(b[2]) + " were each seen after "
                        + "the other had certainly taken effect (overlapping forward zones): a stale or reordered read");
                return;
            }
        }
        long[] starts = forward.stream().mapToLong(z -> z[0]).toArray();
        for (long[] b : backward) {
            int i = Arrays.binarySearch(starts, b[0]);
            int candidate = i >= 0 ? i - 1 : -i - 2;
            while (candidate >= 0 && starts[candidate] >= b[0]) {
                candidate--;
            }
            if (candidate >= 0) {
                long[] f = forward.get(candidate);
                if (f[0] < b[0] && b[1] < f[1]) {
                    violations.add("under " + name + ", " + label(b[2]) + " took effect entirely between the moment "
                            + label(f[2]) + " had certainly taken effect and a later read that still returned it: a "
                            + "stale read");
                    return;
                }
            }
        }
    }

    private static String label(long value) {
        return value > 0 ? "version " + value : "delete #" + (-1000 - value);
    }
}
