package org.tsstore.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Checks that appends are atomic and linearizable for readers: one thread grows a series by appends while
 * three others read it whole, by {@code size} and by time ranges, recording when each call began and
 * returned. The series is always a prefix of one fixed sequence (time {@code i}, value {@code 3i + 0.25}),
 * so a read says how many points it saw. Every read must show a prefix that some append left (never part
 * of an append), no shorter than the last append that had returned when the read began and no longer than
 * the last one that had begun when it returned; and a read that began after another returned never shows
 * fewer points.
 */
final class AppendLinearizabilityCheck {

    private static final String ID = "grow/lin";
    private static final int READERS = 3;
    private static final int MAX_POINTS = 50_000;

    /** An append that took the series to {@code length} points, or a read that saw {@code length} (-1: a range). */
    private record Call(long start, long end, int length, double from, double to, SizedContainerTimeSeries got) {}

    private final StorageManager store;
    private final long seed;
    private final long budgetNanos;
    private final List<Call> appends = Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, List<Call>> reads = new ConcurrentHashMap<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

    AppendLinearizabilityCheck(StorageManager store, long seed, long budgetMillis) {
        this.store = store;
        this.seed = seed;
        this.budgetNanos = TimeUnit.MILLISECONDS.toNanos(budgetMillis);
    }

    /** Points {@code [from, to)} of the sequence every state of the series is a prefix of. */
    static ArrayTimeSeries points(int from, int to) {
        double[] t = new double[to - from];
        double[] v = new double[to - from];
        for (int i = from; i < to; i++) {
            t[i - from] = i;
            v[i - from] = 3.0 * i + 0.25;
        }
        return ArrayTimeSeries.of(t, v);
    }

    /** Runs the writer and the readers, checks the history, and returns the violations, empty if none. */
    List<String> run() throws InterruptedException {
        long deadline = System.nanoTime() + budgetNanos;
        boolean finished = Workers.runTogether(1 + READERS, thread -> {
            SplittableRandom random = new SplittableRandom(seed * 31 + thread);
            if (thread == 0) {
                write(random, deadline);
            } else {
                List<Call> mine = new ArrayList<>();
                reads.put(thread, mine);
                read(random, deadline, mine);
            }
        }, violations);
        if (finished) {
            check();
        }
        return new ArrayList<>(violations);
    }

    int operations() {
        return appends.size() + reads.values().stream().mapToInt(List::size).sum();
    }

    private void write(SplittableRandom random, long deadline) {
        int length = 0;
        while (System.nanoTime() < deadline && length < MAX_POINTS) {
            int next = length + 1 + random.nextInt(random.nextInt(8) == 0 ? 2000 : 20);
            long start = System.nanoTime();
            int size = store.append(ID, points(length, next));
            long end = System.nanoTime();
            if (size != next) {
                violations.add("append(" + SeriesAssertions.q(ID) + ") to " + length + " points returned " + size
                        + ", expected " + next);
            }
            appends.add(new Call(start, end, next, 0, 0, null));
            length = next;
        }
    }

    private void read(SplittableRandom random, long deadline, List<Call> mine) {
        while (System.nanoTime() < deadline && mine.size() < 20_000) {
            int roll = random.nextInt(3);
            long start = System.nanoTime();
            try {
                if (roll == 0) {
                    SizedContainerTimeSeries got = store.get(ID);
                    mine.add(new Call(start, System.nanoTime(), got.size(), 0, 0, got));
                } else if (roll == 1) {
                    int size = store.size(ID);
                    mine.add(new Call(start, System.nanoTime(), size, 0, 0, null));
                } else {
                    int known = appends.isEmpty() ? 100 : appends.get(appends.size() - 1).length();
                    double from = random.nextInt(known + 50) - 10 + (random.nextBoolean() ? 0.5 : 0);
                    double to = from + random.nextInt(3000);
                    SizedContainerTimeSeries got = store.get(ID, from, to);
                    mine.add(new Call(start, System.nanoTime(), -1, from, to, got));
                }
            } catch (NoSuchSeriesException absent) {
                mine.add(new Call(start, System.nanoTime(), 0, 0, 0, null));
            }
        }
    }

    private void check() {
        // one writer: the appends' starts, ends and lengths all increase
        int n = appends.size();
        long[] starts = new long[n];
        long[] ends = new long[n];
        int[] after = new int[n];
        TreeSet<Integer> lengths = new TreeSet<>();
        lengths.add(0);
        for (int i = 0; i < n; i++) {
            Call a = appends.get(i);
            starts[i] = a.start();
            ends[i] = a.end();
            after[i] = a.length();
            lengths.add(a.length());
        }
        List<Call> all = new ArrayList<>();
        reads.values().forEach(all::addAll);
        for (Call r : all) {
            int done = lastBefore(ends, r.start());
            int begun = lastBefore(starts, r.end());
            int lo = done < 0 ? 0 : after[done];
            int hi = begun < 0 ? 0 : after[begun];
            if (r.length() >= 0) {
                if (!lengths.contains(r.length()) || r.length() < lo || r.length() > hi) {
                    violations.add("a read saw " + r.length() + " points; appends had left " + lo + " when it began and"
                            + " at most " + hi + " when it returned" + (lengths.contains(r.length()) ? ""
                            : ", and no append ever left " + r.length()));
                } else if (r.got() != null && !isPrefix(r.got())) {
                    violations.add("a read of " + r.length() + " points is not the appended points: " + r.got());
                }
            } else if (!rangeExplained(r, lengths.subSet(lo, true, hi, true))) {
                violations.add("get(" + SeriesAssertions.q(ID) + ", " + r.from() + ", " + r.to() + ") returned " + r.got()
                        + ", which no state between " + lo + " and " + hi + " points has in that range");
            }
            if (violations.size() > 20) {
                return;
            }
        }
        // a read never sees fewer points than one that returned before it began
        all.removeIf(r -> r.length() < 0);
        all.sort(java.util.Comparator.comparingLong(Call::end));
        long[] readEnds = new long[all.size()];
        int[] maxSoFar = new int[all.size()];
        for (int i = 0; i < all.size(); i++) {
            readEnds[i] = all.get(i).end();
            maxSoFar[i] = Math.max(i == 0 ? 0 : maxSoFar[i - 1], all.get(i).length());
        }
        for (Call r : all) {
            int k = lastBefore(readEnds, r.start());
            if (k >= 0 && maxSoFar[k] > r.length()) {
                violations.add("a read saw " + r.length() + " points after another had returned with " + maxSoFar[k]);
                return;
            }
        }
    }

    /** The last index whose time is before {@code t}, in an increasing array; -1 if none. */
    private static int lastBefore(long[] times, long t) {
        int lo = 0;
        int hi = times.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /**
     * Whether a range read shows the points some allowed state has in the range: consecutive points of the
     * sequence from the range's first index, stopping at the range's end or at an allowed length.
     */
    private static boolean rangeExplained(Call r, java.util.SortedSet<Integer> candidates) {
        int first = (int) Math.max(0, Math.ceil(r.from()));
        double endTime = Math.ceil(r.to());
        int rangeEnd = endTime > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(first, endTime);
        SizedContainerTimeSeries got = r.got();
        int n = got.size();
        for (int k = 0; k < n; k++) {
            if (!isPoint(got, k, first + k)) {
                return false;
            }
        }
        int end = first + n;
        for (int length : candidates) {
            // the state's points in the range are [first, min(length, rangeEnd)), or none
            int expectedEnd = Math.max(first, Math.min(length, rangeEnd));
            if (expectedEnd == end) {
                return true;
            }
        }
        return false;
    }

    /** Whether a whole read is a prefix of the sequence: every point for short ones, its ends and a sample else. */
    private static boolean isPrefix(SizedContainerTimeSeries got) {
        int n = got.size();
        if (n <= 4096) {
            for (int i = 0; i < n; i++) {
                if (!isPoint(got, i, i)) {
                    return false;
                }
            }
            return true;
        }
        for (int k = 0; k < 256; k++) {
            int i = k < 128 ? k : n - 256 + k;
            if (!isPoint(got, i, i)) {
                return false;
            }
        }
        for (int i = 0; i < n; i += 97) {
            if (!isPoint(got, i, i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPoint(SizedContainerTimeSeries got, int index, int sequenceIndex) {
        return got.time(index) == sequenceIndex && got.value(index) == 3.0 * sequenceIndex + 0.25;
    }
}
