package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.core.backend.ReadOnlyStorageManager;

/**
 * An mmap store opened with {@code mode=read}: beside a live writer (in another process or this one) it takes no
 * lock, writes nothing in the directory and refuses every write ({@link ReadOnlyStorageManager}; {@link #flush()}
 * has nothing to force and returns).
 *
 * <p>It serves what the writer acknowledged: the records up to each segment's witnessed end, read by
 * {@link Recovery} in its read-only form (FORMAT.md, "Reading a store"), with every record's checksums checked
 * on its first read as the writer's store does. It follows the writer <b>on each call</b>: every read first
 * checks whether the store changed ({@link ReadOnlyView#changed}: the witness of the newest segment and of any
 * segment holding records not acknowledged when it was read, and whether a record now follows the newest
 * segment's last one: two 4-byte reads, through the mapping where that is safe; BENCHMARKS.md gives the cost)
 * and, when it did, reads what changed: the records added after those it applied, unless a compaction swapped
 * segments, when it reads the whole store again ({@link ReadOnlyFollower}). Series returned before keep their
 * mapping, even of a segment a compaction deleted since. Thread-safe.
 */
final class ReadOnlyStore extends ReadOnlyStorageManager {

    private final Path directory;
    private final MmapConfig config;
    /** Guards following the writer, and closing. */
    private final Object reading = new Object();
    private final ReadOnlyFollower follower;
    private volatile ReadOnlyView view;
    private volatile boolean closed;

    private ReadOnlyStore(Path directory, MmapConfig config) throws IOException {
        super("the mmap store " + directory);
        this.directory = directory;
        this.config = config;
        this.follower = new ReadOnlyFollower(directory, config);
        this.view = follower.load();
    }

    /**
     * Opens an existing store read-only.
     *
     * @throws StorageException if the directory does not exist (nothing is created) or the store cannot be read
     */
    static ReadOnlyStore open(Path directory, MmapConfig config) {
        if (!Files.isDirectory(directory)) {
            throw new StorageException("cannot open the mmap store " + directory + " read-only (mode=read): no such"
                    + " directory; a read-only store is never created");
        }
        try {
            return new ReadOnlyStore(directory, config);
        } catch (IOException e) {
            throw new StorageException("cannot open the mmap store " + directory + " read-only: " + e, e);
        }
    }

    /**
     * The store as it is now: the last view of it, unless the writer changed it since. The check runs again under
     * the lock on the newest view, so that a thread that waited for another's follow, begun before this call,
     * still sees every write acknowledged before this call.
     */
    private ReadOnlyView current() {
        ensureOpen();
        ReadOnlyView v = view;
        if (!v.changed(directory)) {
            return v;
        }
        synchronized (reading) {
            ensureOpen();
            ReadOnlyView now = view;
            if (now != v && !now.changed(directory)) {
                return now;
            }
            try {
                ReadOnlyView fresh = follower.refresh(now);
                view = fresh;
                return fresh;
            } catch (IOException e) {
                throw new StorageException("cannot read the mmap store " + directory + " again: " + e, e);
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the mmap store " + directory + " (read-only) is closed");
        }
    }

    /** What followed the writer: how it caught up with it (for tests). */
    ReadOnlyFollower follower() {
        return follower;
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        while (true) {
            ReadOnlyView v = current();
            KeyDirectory.Entry e = stored(v, id);
            try {
                return MmapStorageManager.read(v.keys, e, config.verifyReads);
            } catch (SegmentRetiredException retired) {
                continue; // read again meanwhile: the new view has it
            } catch (IOException ex) {
                throw new StorageException("cannot read series " + SeriesIds.quote(id) + " from " + e.segment
                        + " at offset " + e.offset() + ": " + ex, ex);
            }
        }
    }

    private static KeyDirectory.Entry stored(ReadOnlyView v, String id) {
        SeriesIds.check(id);
        KeyDirectory.Entry e = v.damage.lookup(v.keys, id);
        if (e == null) {
            throw new NoSuchSeriesException(id);
        }
        return e;
    }

    @Override
    public int size(String id) {
        return stored(current(), id).size;
    }

    @Override
    public boolean contains(String id) {
        ReadOnlyView v = current();
        SeriesIds.check(id);
        return v.damage.lookup(v.keys, id) != null;
    }

    /** The ids the writer had acknowledged when this was called; series damage makes unreadable are left out. */
    @Override
    public Set<String> ids() {
        ReadOnlyView v = current();
        return v.damage.ids(v.keys);
    }

    /** An id no series has now; a writer may of course take it later. Writes nothing. */
    @Override
    public String newId() {
        ReadOnlyView v = current();
        while (true) {
            String id = "mmap-" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
            if (v.keys.get(id) == null) {
                return id;
            }
        }
    }

    /** Does nothing: a read-only store has no writes to force, and writes no hint file. */
    @Override
    public void flush() {
        ensureOpen();
    }

    /** Closes the files; series returned before stay readable (their mapping outlives the store). Idempotent. */
    @Override
    public void close() {
        synchronized (reading) {
            if (closed) {
                return;
            }
            closed = true;
            for (Segment s : view.segments) {
                s.retire();
            }
        }
    }

    @Override
    public String toString() {
        return "MmapStorageManager[" + directory + ", read-only" + (closed ? ", closed" : "") + "]";
    }
}
