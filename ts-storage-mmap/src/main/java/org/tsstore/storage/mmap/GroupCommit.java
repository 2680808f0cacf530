package org.tsstore.storage.mmap;

import java.io.IOException;
import java.lang.System.Logger.Level;
import org.tsstore.api.StorageException;

/**
 * Shares the forces of {@code durability=sync} among concurrent writers (group commit, as in RocksDB or
 * PostgreSQL): a writer appends its records under the write lock without forcing them, releases the lock,
 * and then waits here until the segment is forced past its records. One waiter at a time, the leader,
 * forces the segment for everyone who wrote before it, then sets the witness to the forced end (so the
 * witness never runs ahead of forced records), and wakes the others; those already covered return, the
 * rest elect the next leader. Thread-safe.
 */
final class GroupCommit {

    private static final System.Logger LOG = System.getLogger(MmapStorageManager.class.getName());

    /** Whether a leader is forcing now. Guarded by this. */
    private boolean forcing;
    /** Forces done by leaders. Guarded by this. */
    private long forces;

    /**
     * Returns once the records of {@code segment} up to {@code end} are forced to the device, forcing them
     * itself when no other writer is doing so. Interrupts do not stop the wait (they are kept for the
     * caller): the records are written, and the caller must learn whether they are durable.
     *
     * @throws StorageException if the force fails; the records are written but not known to be durable
     */
    void awaitDurable(Segment segment, long end) {
        boolean interrupted = Thread.interrupted();
        try {
            synchronized (this) {
                while (segment.forcedEnd < end && forcing) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (segment.forcedEnd >= end) {
                    return;
                }
                forcing = true;
            }
            lead(segment, end);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Forces the segment up to what is written now, witnesses it, and wakes the waiters. */
    private void lead(Segment segment, long end) {
        try {
            long target = segment.end; // every record before it is written: the force covers them
            segment.channel().force(false);
            segment.forced(target);
            try {
                segment.witness(target);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot update the witness of segment file " + segment + "; it lags behind", e);
            }
        } catch (IOException e) {
            if (segment.forcedEnd < end) { // a roll or a flush may have forced it meanwhile
                throw new StorageException("cannot force segment file " + segment + " to the device: " + e, e);
            }
        } finally {
            synchronized (this) {
                forcing = false;
                forces++;
                notifyAll();
            }
        }
    }

    /** How many forces leaders did (for tests). */
    synchronized long forces() {
        return forces;
    }
}
