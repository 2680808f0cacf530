package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.file.Path;
import org.tsstore.api.RequestRules;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.npy.NpySeries;

/**
 * Stores, appends to or deletes one id in the order that survives a crash at any point: the file under
 * its temporary name, the journal record, the rename (or the removal), then the index map and the cache;
 * for an append in place, the new points and header, the journal record, then the map. A
 * failure after the journal record journals the old state again. The caller holds the id's write lock and
 * the shared state lock.
 */
final class Changes {

    private final Index index;
    private final SeriesFiles files;
    private final SeriesCache cache;

    Changes(Index index, SeriesFiles files, SeriesCache cache) {
        this.index = index;
        this.files = files;
        this.cache = cache;
    }

    /** Stores a checked series under an id. */
    void store(String id, ArrayTimeSeries s) {
        IndexEntry previous = index.get(id);
        SeriesFiles.Staged staged = files.stage(id, s, previous);
        try {
            index.logPut(id, staged.entry());
        } catch (IOException e) {
            files.discard(staged.temporary());
            throw new StorageException("cannot store series " + SeriesIds.quote(id) + ": appending to the journal "
                    + index.journalFile() + " failed: " + e, e);
        }
        try {
            files.commit(staged);
        } catch (IOException e) {
            if (index.held(id) == null) {
                // A held id has no old state to journal again: its kept file stays, refused, as before.
                index.undo(id, previous, e);
            }
            files.discard(staged.temporary());
            throw new StorageException("cannot store series " + SeriesIds.quote(id) + ": renaming "
                    + staged.temporary() + " to " + staged.file() + " failed: " + e, e);
        }
        // As for delete: get() reads the cache without the id's lock, so the old series leaves it before the
        // index (which size() and contains() read) names the new one.
        cache.invalidate(id);
        index.put(id, staged.entry());
        cache.put(id, s);
        files.committed(id, staged);
    }

    /**
     * Appends checked points to an id's series, creating it when there is none: in place when its file
     * allows, else by rewriting it whole (which converts a file numpy or an older store wrote).
     *
     * @return the new size
     * @throws IllegalArgumentException if the points do not come after the stored ones; nothing changes
     */
    int append(String id, ArrayTimeSeries points) {
        Held held = index.held(id);
        if (held != null) {
            throw held.refusal(index.directory(), id);
        }
        IndexEntry previous = index.get(id);
        if (points.isEmpty()) {
            return previous == null ? 0 : previous.points();
        }
        if (previous == null) {
            store(id, points);
            return points.size();
        }
        if ((long) previous.points() + points.size() > NpySeries.MAX_POINTS) {
            throw new IllegalArgumentException("cannot append " + points.size() + " points to series "
                    + SeriesIds.quote(id) + " of " + previous.points() + ": a series holds at most "
                    + NpySeries.MAX_POINTS);
        }
        IndexEntry next = files.append(id, previous, points, entry -> {
            try {
                index.logPut(id, entry);
            } catch (IOException e) {
                throw new StorageException("cannot append to series " + SeriesIds.quote(id)
                        + ": appending to the journal " + index.journalFile() + " failed: " + e, e);
            }
        });
        if (next == null) {
            ArrayTimeSeries old = files.read(id, previous);
            if (!old.isEmpty()) {
                RequestRules.checkAppendOrder(id, old.time(old.size() - 1), points.time(0));
            }
            ArrayTimeSeries whole = ArrayTimeSeries.copyOf(old.followedBy(points));
            store(id, whole);
            return whole.size();
        }
        cache.invalidate(id);
        index.put(id, next);
        return next.points();
    }

    /** Deletes an id's series; false if there was none. A held id is deleted too, its kept file with it. */
    boolean delete(String id) {
        Held held = index.held(id);
        IndexEntry previous = index.get(id);
        if (previous == null && held == null) {
            return false;
        }
        Path file = files.file(id);
        try {
            index.logDelete(id);
        } catch (IOException e) {
            throw new StorageException("cannot delete series " + SeriesIds.quote(id) + ": appending to the journal "
                    + index.journalFile() + " failed: " + e, e);
        }
        try {
            files.delete(file);
        } catch (IOException e) {
            if (held == null) {
                index.undo(id, previous, e);
            }
            throw new StorageException("cannot delete series " + SeriesIds.quote(id) + ": removing " + file
                    + " failed: " + e, e);
        }
        // The cache first: get() reads it without the id's lock, so once the index says the series is gone,
        // no reader may still find it there.
        cache.invalidate(id);
        index.remove(id);
        files.removed(id, file);
        return true;
    }
}
