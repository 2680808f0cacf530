package org.tsstore.testkit;

import static org.tsstore.testkit.SeriesAssertions.q;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Several threads storing, reading and deleting series on their own ids and on shared ones. Every
 * series written is a version whose number is in every value and decides its size and times, so a read
 * that mixes two writes, or returns a version that was already overwritten, is recognised.
 *
 * <p>Each thread owns one id (only it writes there, and never deletes it); a few ids are shared by all
 * threads, which store and delete them at random. A reader of an owned id must see the version the owner
 * last finished writing before the read began, or a later one; a reader of a shared id sees some version
 * begun on that id, or nothing if a delete has begun.
 */
final class ConcurrencyCheck {

    static final int THREADS = 4;
    static final int OPERATIONS_PER_THREAD = 150;
    private static final int SHARED_IDS = 2;
    private static final int ID_CODE = 1_000_000;

    private final StorageManager store;
    private final long seed;
    private final String[] ids;
    private final AtomicInteger nextVersion = new AtomicInteger(1);
    /** Per owned id: the latest version whose store returned. */
    private final AtomicIntegerArray acked = new AtomicIntegerArray(THREADS);
    /** Per id: every version whose store has begun. */
    private final Map<String, Set<Integer>> begun = new ConcurrentHashMap<>();
    /** Per shared id: whether a delete has begun. */
    private final Set<String> deleteBegun = ConcurrentHashMap.newKeySet();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    /** Per id: the latest version begun; guarded by {@code this}. */
    private final int[] lastWritten = new int[THREADS + SHARED_IDS];

    ConcurrencyCheck(StorageManager store, long seed) {
        this.store = store;
        this.seed = seed;
        this.ids = new String[THREADS + SHARED_IDS];
        for (int i = 0; i < THREADS; i++) {
            ids[i] = "owned-" + i;
        }
        for (int i = 0; i < SHARED_IDS; i++) {
            ids[THREADS + i] = i == 0 ? "shared/0" : "Shared..1";
        }
        for (String id : ids) {
            begun.put(id, ConcurrentHashMap.newKeySet());
        }
    }

    /** The series of one version: every value encodes id and version, and size and times depend on it. */
    static ArrayTimeSeries version(int idIndex, int version) {
        int n = 1 + (version * 37) % 300;
        double[] t = new double[n];
        double[] v = new double[n];
        double code = (double) idIndex * ID_CODE + version;
        for (int i = 0; i < n; i++) {
            t[i] = version + i * 0.5;
            v[i] = code;
        }
        return ArrayTimeSeries.of(t, v);
    }

    /** Runs the threads and returns the violations seen, empty if none. */
    List<String> run() throws InterruptedException {
        for (int i = 0; i < ids.length; i++) {
            write(i);
            if (i < THREADS) {
                acked.set(i, lastVersionOf(i));
            }
        }
        Workers.runTogether(THREADS, thread -> work(thread, new SplittableRandom(seed + 7919L * thread)), violations);
        finalCheck();
        return new ArrayList<>(violations);
    }

    private synchronized int lastVersionOf(int idIndex) {
        return lastWritten[idIndex];
    }

    private int write(int idIndex) {
        int version = nextVersion.getAndIncrement();
        begun.get(ids[idIndex]).add(version);
        synchronized (this) {
            lastWritten[idIndex] = Math.max(lastWritten[idIndex], version);
        }
        store.store(ids[idIndex], version(idIndex, version));
        return version;
    }

    private void work(int thread, SplittableRandom random) {
        for (int op = 0; op < OPERATIONS_PER_THREAD && violations.size() < 10; op++) {
            int choice = random.nextInt(10);
            if (choice < 3) {
                int version = write(thread);
                acked.set(thread, version);
                check(thread, store.get(ids[thread]), version, version, "its owner right after storing it");
            } else if (choice < 5) {
                int target = random.nextInt(THREADS);
                int atLeast = acked.get(target);
                readOwned(target, atLeast);
            } else if (choice < 7) {
                write(THREADS + random.nextInt(SHARED_IDS));
            } else if (choice < 8) {
                String shared = ids[THREADS + random.nextInt(SHARED_IDS)];
                deleteBegun.add(shared);
                store.delete(shared);
            } else if (choice < 9) {
                readShared(THREADS + random.nextInt(SHARED_IDS));
            } else {
                checkIds();
            }
        }
    }

    private void readOwned(int target, int atLeast) {
        SizedContainerTimeSeries got;
        try {
            got = store.get(ids[target]);
        } catch (NoSuchSeriesException e) {
            violations.add("get(" + q(ids[target]) + ") found nothing, but that id is never deleted");
            return;
        }
        check(target, got, atLeast, Integer.MAX_VALUE, "another thread");
    }

    private void readShared(int idIndex) {
        String id = ids[idIndex];
        boolean mayBeMissing = deleteBegun.contains(id);
        try {
            check(idIndex, store.get(id), 0, Integer.MAX_VALUE, "a reader");
        } catch (NoSuchSeriesException e) {
            if (!mayBeMissing && !deleteBegun.contains(id)) {
                violations.add("get(" + q(id) + ") found nothing, but no delete of it had begun");
            }
        }
    }

    private void checkIds() {
        Set<String> seen = store.ids();
        for (String id : seen) {
            if (!begun.containsKey(id)) {
                violations.add("ids() holds " + q(id) + ", which was never stored");
            }
        }
        for (int i = 0; i < THREADS; i++) {
            if (!seen.contains(ids[i])) {
                violations.add("ids() lacks " + q(ids[i]) + ", which is never deleted");
            }
        }
    }

    /** Checks that a read is one whole version of this id, from {@code atLeast} to {@code atMost}. */
    private void check(int idIndex, SizedContainerTimeSeries got, int atLeast, int atMost, String reader) {
        String id = ids[idIndex];
        if (got.size() == 0) {
            violations.add(reader + " read an empty series under " + q(id) + "; no version is empty");
            return;
        }
        double code = got.value(0);
        int version = (int) (code - (double) idIndex * ID_CODE);
        if (code != (double) idIndex * ID_CODE + version || !begun.get(id).contains(version)) {
            violations.add(reader + " read under " + q(id) + " a series that was never stored there: " + got);
            return;
        }
        if (!got.equals(version(idIndex, version))) {
            violations.add(reader + " read under " + q(id) + " a mix of versions or a damaged version " + version
                    + ": " + got);
            return;
        }
        if (version < atLeast || version > atMost) {
            violations.add(reader + " read version " + version + " under " + q(id) + ", but version " + atLeast
                    + " had already been stored before the read began");
        }
    }

    private void finalCheck() {
        for (int i = 0; i < THREADS; i++) {
            int last = lastVersionOf(i);
            try {
                SizedContainerTimeSeries got = store.get(ids[i]);
                if (!got.equals(version(i, last))) {
                    violations.add("after all threads finished, " + q(ids[i]) + " holds " + got
                            + " instead of its last version " + last);
                }
            } catch (NoSuchSeriesException e) {
                violations.add("after all threads finished, " + q(ids[i]) + " is missing");
            }
        }
        for (int i = THREADS; i < ids.length; i++) {
            int version = write(i);
            if (!store.get(ids[i]).equals(version(i, version))) {
                violations.add("a final store of " + q(ids[i]) + " did not read back equal");
            }
        }
    }
}
