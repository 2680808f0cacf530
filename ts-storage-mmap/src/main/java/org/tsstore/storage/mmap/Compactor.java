package org.tsstore.storage.mmap;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs compactions beside the writers (FORMAT.md, "Compaction"): the write lock is held only to start one (seal
 * the active segment, snapshot the live entries, reserve numbers), to add the copies to the log, to swap copied
 * series in a few hundred at a time, and to end it (delete the old segments); the copying itself, the bulk of
 * the work, runs without it, so writers wait at most for one small batch of key-directory updates.
 *
 * <p>A copy is swapped in only if its series' entry still points at the record copied (check-and-set under the
 * lock): a series stored again or deleted meanwhile keeps its newer record and the copy is dead; a series
 * appended to meanwhile gets the copy followed by its new extents. Readers are never blocked: an entry they
 * hold stays readable through its mapping, and a mapping they still need after its segment is retired sends
 * them back to the key directory ({@link SegmentRetiredException}). A series whose record fails its check is
 * not copied but refused from then on ({@link DamagePolicy#found}); the old segment holding it and every later
 * one stay, so that the evidence, and every tombstone that may delete a record in them, remain.
 *
 * <p>Automatic compactions run in a background thread, one at a time; {@link #compact()} runs one in the
 * calling thread, after any that is running. {@link #stop()} makes a running one give up and waits for it.
 */
final class Compactor {

    private static final System.Logger LOG = System.getLogger(MmapStorageManager.class.getName());

    /** Copied series swapped in per hold of the write lock. */
    static final int SWAP_BATCH = 256;

    private final Path directory;
    private final MmapConfig config;
    private final KeyDirectory keys;
    private final DamagePolicy damage;
    private final SegmentLog log;
    private final ReentrantLock writeLock;
    private final Runnable ensureOpen;
    private final ReentrantLock running = new ReentrantLock();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile Thread background;
    private volatile CrashPoints crashPoints = CrashPoints.NONE;
    /** Compaction thread only: when it took the write lock. */
    private long heldSince;
    private volatile long longestHold;

    Compactor(Path directory, MmapConfig config, KeyDirectory keys, DamagePolicy damage, SegmentLog log,
            ReentrantLock writeLock, Runnable ensureOpen) {
        this.directory = directory;
        this.config = config;
        this.keys = keys;
        this.damage = damage;
        this.log = log;
        this.writeLock = writeLock;
        this.ensureOpen = ensureOpen;
    }

    /** For tests: where to stop and look at the files. */
    void crashPoints(CrashPoints points) {
        this.crashPoints = points;
    }

    /** Where compactions, and repairs, stop for tests. */
    CrashPoints crashPoints() {
        return crashPoints;
    }

    /**
     * The lock held for the whole of a compaction, for other maintenance (repair) that must not run beside one.
     */
    ReentrantLock running() {
        return running;
    }

    /**
     * Compacts now, in the calling thread, after a compaction already running. Must not be called with the write
     * lock held.
     *
     * @throws org.tsstore.api.StorageException if the store is damaged
     * @throws IOException if a copy cannot be written or the old segments cannot be dropped
     */
    void compact() throws IOException {
        running.lock();
        try {
            run();
        } finally {
            running.unlock();
        }
    }

    /** Writer (under the write lock): starts a compaction in the background unless one is on its way. */
    void schedule() {
        if (stopping || !scheduled.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(this::runInBackground, "tsstore-mmap-compaction");
        t.setDaemon(true);
        background = t;
        t.start();
    }

    private void runInBackground() {
        try {
            running.lock();
            try {
                if (!stopping) {
                    run();
                }
            } finally {
                running.unlock();
            }
        } catch (IOException | RuntimeException e) {
            if (!stopping) { // the writes that made it due succeeded; the next one that finds it due tries again
                LOG.log(Level.WARNING, "automatic compaction of the mmap store " + directory + " failed", e);
            }
        } finally {
            scheduled.set(false);
        }
    }

    /**
     * Stops compacting: a running compaction gives up at its next record (its copies deleted, the store as it
     * was) or finishes its swaps; waits for it. Must not be called with the write lock held.
     */
    void stop() {
        stopping = true;
        Thread t = background;
        boolean interrupted = false;
        while (t != null && t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        running.lock(); // an explicit compact() in another thread
        running.unlock();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes the write lock, and notes when. */
    private void hold() {
        writeLock.lock();
        heldSince = System.nanoTime();
    }

    /** Releases the write lock, noting how long it was held. */
    private void release() {
        long held = System.nanoTime() - heldSince;
        writeLock.unlock();
        if (held > longestHold) {
            longestHold = held;
        }
    }

    /** The longest time a compaction held the write lock at a stretch, in nanoseconds (for tests). */
    long longestHold() {
        return longestHold;
    }

    private void crash(String step) throws IOException {
        crashPoints.reached("compaction " + step);
    }

    /** One compaction; the caller holds {@link #running}. */
    private void run() throws IOException {
        Compaction copy = new Compaction(directory, config, () -> stopping);
        SegmentLog.CompactionStart start;
        hold();
        try { // O(entries) and no sorting under the lock
            ensureOpen.run();
            damage.refuseCompaction(directory);
            List<KeyDirectory.Entry> live = keys.entries();
            long bytes = 0;
            int folds = 0;
            for (KeyDirectory.Entry e : live) {
                bytes += Compaction.copyLength(e);
                folds += e.chain() == null ? 0 : 1;
            }
            int segments = copy.segmentsAtMost(live.size(), bytes);
            start = log.beginCompaction(live, segments, segments + (long) folds);
        } finally {
            release();
        }
        crash("started");
        try {
            copy.run(Compaction.inLogOrder(start.live), start.firstNumber, start.numberLimit, start.firstSequence,
                    start.sequenceLimit);
            crash("copied");
            copy.publish();
        } catch (IOException | RuntimeException | Error e) {
            copy.discard();
            throw e;
        }
        crash("published");
        hold();
        try {
            log.insertCopies(start, copy.segments());
        } finally {
            release();
        }
        List<Compaction.Moved> moved = copy.moved();
        for (int from = 0; from < moved.size(); from += SWAP_BATCH) {
            hold();
            try {
                for (Compaction.Moved m : moved.subList(from, Math.min(moved.size(), from + SWAP_BATCH))) {
                    swapIn(m);
                }
            } finally {
                release();
            }
        }
        crash("swapped");
        List<Segment> dropped;
        hold();
        try {
            Segment keep = noteDamage(start, copy.damaged());
            dropped = log.finishCompaction(start, keys, keep);
            log.compacted();
        } finally {
            release();
        }
        // Deleting gigabytes takes the file system a while: not under the write lock. The hint is left to the
        // next flush() or close(): writing it would hold the lock for as long as the key directory is large.
        SegmentLog.delete(directory, dropped, crashPoints);
        crash("finished");
    }

    /**
     * Under the write lock: points a series at its copy if its entry still points at the record copied; a series
     * appended to meanwhile keeps its new extents after the copy.
     */
    private void swapIn(Compaction.Moved m) {
        KeyDirectory.Entry now = keys.get(m.from.id);
        if (now == null || now.segment != m.from.segment || now.offset() != m.from.offset()) {
            return; // deleted or stored again: the copy is dead
        }
        int copied = m.from.records();
        if (now.records() < copied) {
            return;
        }
        Extents was = m.from.chain();
        Extents is = now.chain();
        for (int k = 1; k < copied; k++) {
            if (is.segment(k) != was.segment(k) || is.offset(k) != was.offset(k)) {
                return;
            }
        }
        KeyDirectory.Entry next = m.to;
        for (int k = copied; k < now.records(); k++) {
            next = next.appended(is.segment(k), is.offset(k), is.points(k));
        }
        keys.put(next);
    }

    /**
     * Under the write lock: refuses from now on each damaged series that still points at its damaged record,
     * and returns the oldest of the old segments that must stay (the first holding a record of one), or
     * {@code null} when all may go.
     */
    private Segment noteDamage(SegmentLog.CompactionStart start, List<Compaction.Damaged> found) {
        int keepFrom = start.old.size();
        for (Compaction.Damaged d : found) {
            KeyDirectory.Entry e = d.entry;
            damage.found(e, d.problem);
            LOG.log(Level.WARNING, "mmap store {0}: compaction left a damaged record where it is: {1}", directory,
                    d.problem);
            for (int k = 0; k < e.records(); k++) {
                Segment s = e.chain() == null ? e.segment : e.chain().segment(k);
                int i = start.old.indexOf(s);
                if (i >= 0) {
                    keepFrom = Math.min(keepFrom, i);
                }
            }
        }
        return keepFrom < start.old.size() ? start.old.get(keepFrom) : null;
    }
}
