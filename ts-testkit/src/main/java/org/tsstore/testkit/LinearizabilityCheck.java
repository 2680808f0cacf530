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
 *   <li>the stores, the deletes (each a distinct write of "absent") and the reads that returned a version
 *       admit one order consistent with real time: the zone test of Gibbons and Korach, exact for registers
 *       whose writes are all distinct; so a read of a version overwritten before the read began, or of an
 *       older version than an earlier read returned, is caught;</li>
 *   <li>every answer of "absent" ({@code get} throwing {@link NoSuchSeriesException}, {@code contains} or
 *       {@code delete} returning false, the id missing from {@code ids()}) is explained by the initial state
 *       or another delete that began before the call returned, with no sign of the series (a store, a read
 *       that saw it) certainly between that delete and the call; every answer of "present" (a version read,
 *       {@code contains} or {@code delete} returning true, the id in {@code ids()}) likewise by a store with
 *       no sign of absence certainly in between; and no version is read after the series was certainly
 *       seen absent since that version's store returned.</li>
 * </ul>
 * The zone test decides linearizability exactly for the versions; the answers of presence and absence,
 * which do not say which write they saw, are checked for the contradictions above, which is necessary for
 * linearizability but not all of it. The check has no false alarms whatever the timing: the intervals are
 * measured around each call, so they are wider than the real ones. A failure may not repeat on a rerun
 * with the same seed: the seed fixes the calls, not how the threads interleave.
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
    private record Op(int kind, int id, long start, long end, int value, String what, int self) {
        Op(int kind, int id, long start, long end, int value, String what) {
            this(kind, id, start, end, value, what, 0);
        }
    }

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

    /** A version: {@code 1 + (7 v mod 40)} points, the version in every value; times start at the version. */
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
                long end = System.nanoTime();
                ops.add(new Op(DELETE, id, start, end, d, "delete", d));
                // what it returned tells whether the series was there just before it took effect
                ops.add(new Op(PRESENCE, id, start, end, existed ? PRESENT : ABSENT, "delete (returned " + existed + ")",
                        d));
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
        List<Op> present = new ArrayList<>();
        List<Op> absent = new ArrayList<>();
        for (Op o : ops) {
            if (o.kind == STORE) {
                writes.put(o.value, o);
                stores.add(o);
            } else if (o.kind == DELETE) {
                writes.put(o.value, o);
                dels.add(o);
            } else if (o.value == ABSENT) {
                absent.add(o);
            } else {
                present.add(o); // a version read, a true contains or delete, a listing in ids()
            }
        }
        Intervals storeIntervals = new Intervals(stores);
        Intervals deleteIntervals = new Intervals(dels);
        // what certainly happened after a write proves it was overwritten: a present observation after a delete,
        // an absent one after a store
        List<Op> showsPresent = new ArrayList<>(stores);
        showsPresent.addAll(present);
        List<Op> showsAbsent = new ArrayList<>(dels);
        showsAbsent.addAll(absent);
        Intervals presence = new Intervals(showsPresent);
        Intervals absence = new Intervals(showsAbsent);
        // Clusters: a write and the reads that returned its value; [start of the latest begun, end of the first done].
        Map<Integer, long[]> zones = new HashMap<>();
        for (Op w : writes.values()) {
            zones.put(w.value, new long[] {w.start, w.end});
        }
        for (Op r : absent) {
            long deleted = deleteIntervals.latestEndOfThoseStartedBefore(r.end, r.self);
            if (presence.latestStartOfThoseEndedBefore(r.start) > deleted) {
                violations.add(r.what + " said " + name + " is absent, but after every delete that could have come last "
                        + "the series was certainly present again before the call began: " + evidence(r, deleted,
                                showsPresent));
            }
        }
        for (Op r : present) {
            long stored = storeIntervals.latestEndOfThoseStartedBefore(r.end, 0);
            if (stored == Long.MIN_VALUE || absence.latestStartOfThoseEndedBefore(r.start) > stored) {
                violations.add(r.what + " said " + name + " is present, but after every store that could have come "
                        + "last the series was certainly absent again before the call began: " + evidence(r, stored,
                                showsAbsent));
            }
            if (r.kind != READ) {
                continue;
            }
            Op w = writes.get(r.value);
            if (w == null) {
                violations.add("get(" + name + ") returned version " + r.value + ", which was stored under another id");
                continue;
            }
            if (w.start > r.end) {
                violations.add("get(" + name + ") returned version " + r.value + " before its store began");
            }
            if (absence.latestStartOfThoseEndedBefore(r.start) > w.end) {
                violations.add("get(" + name + ") returned version " + r.value + ", but the series was certainly "
                        + "deleted (or seen absent) after that store returned and before the read began: a stale read");
            }
            long[] z = zones.get(r.value);
            z[0] = Math.max(z[0], r.start);
            z[1] = Math.min(z[1], r.end);
        }
        checkZones(name, zones);
    }

    /** The call that contradicts {@code r}, for the message: it began after {@code after} and ended before r. */
    private static String evidence(Op r, long after, List<Op> candidates) {
        for (Op o : candidates) {
            if (o.start > after && o.end < r.start) {
                return "the call [" + r.start + ", " + r.end + "] ns, the last write that could explain it ended at "
                        + (after == Long.MIN_VALUE ? "(none)" : after) + ", and " + o.what + " ran in [" + o.start
                        + ", " + o.end + "]";
            }
        }
        return "(no single call found)";
    }

    /** Calls' intervals, sorted for the two questions the presence checks ask. */
    private static final class Intervals {
        private final long[] startsByStart;
        /** Over the calls up to each index by start: the latest end, its call, and the latest end of any other call. */
        private final long[] maxEnd;
        private final int[] maxEndCall;
        private final long[] secondEnd;
        private final long[] endsByEnd;
        private final long[] maxStartByEnd;

        Intervals(List<Op> ops) {
            List<Op> byStart = new ArrayList<>(ops);
            byStart.sort(Comparator.comparingLong(Op::start));
            int n = byStart.size();
            startsByStart = byStart.stream().mapToLong(Op::start).toArray();
            maxEnd = new long[n];
            maxEndCall = new int[n];
            secondEnd = new long[n];
            long best = Long.MIN_VALUE;
            int bestCall = 0;
            long second = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                Op o = byStart.get(i);
                if (o.end > best) {
                    second = best;
                    best = o.end;
                    bestCall = o.self;
                } else if (o.end > second) {
                    second = o.end;
                }
                maxEnd[i] = best;
                maxEndCall[i] = bestCall;
                secondEnd[i] = second;
            }
            List<Op> byEnd = new ArrayList<>(ops);
            byEnd.sort(Comparator.comparingLong(Op::end));
            endsByEnd = byEnd.stream().mapToLong(Op::end).toArray();
            maxStartByEnd = new long[n];
            long max = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, byEnd.get(i).start);
                maxStartByEnd[i] = max;
            }
        }

        /**
         * The latest end among calls that began before {@code t}, leaving out the call numbered {@code self} (a
         * delete cannot explain its own answer); {@code Long.MIN_VALUE} if none.
         */
        long latestEndOfThoseStartedBefore(long t, int self) {
            int n = countBelow(startsByStart, t);
            if (n == 0) {
                return Long.MIN_VALUE;
            }
            return self != 0 && maxEndCall[n - 1] == self ? secondEnd[n - 1] : maxEnd[n - 1];
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
