package org.tsstore.storage.file;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tsstore.api.RequestRules;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SeriesRules;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.npy.NpySeries;

/**
 * Stores or appends to many ids as one change, atomic across a crash: every file is written first (new
 * series under their temporary names, appended points after the ends; with {@code sync} all forced at once,
 * then the appends' headers written and forced at once), then one journal record for the whole batch, the
 * commit point (forced once), then the renames, each directory forced once (all at once). A crash before the record leaves every series as it was once the
 * store is reopened (temporary files removed, tails cut back); after it, reopening completes every
 * rename. The caller holds every id's write lock and the shared state lock.
 */
final class BatchChanges {

    /** One id's part of a batch. */
    private static final class Part {
        final String id;
        final IndexEntry previous;
        /** The whole new series, when the file is written whole. */
        ArrayTimeSeries whole;
        /** The points added in place, with {@link #tail}. */
        ArrayTimeSeries added;
        TailAppend tail;
        /** Whether the points of {@link #tail} were (perhaps partly) written after the end. */
        boolean pointsWritten;
        SeriesFiles.Staged staged;
        IndexEntry next;

        Part(String id, IndexEntry previous) {
            this.id = id;
            this.previous = previous;
        }
    }

    private final Index index;
    private final SeriesFiles files;
    private final SeriesCache cache;

    BatchChanges(Index index, SeriesFiles files, SeriesCache cache) {
        this.index = index;
        this.files = files;
        this.cache = cache;
    }

    /**
     * A checked copy of a caller's series. One of another implementation is first checked in pieces of a few
     * thousand points ({@link SeriesRules#check(SizedContainerTimeSeries)}): {@link ArrayTimeSeries#copyOf}
     * checks the rules only once it has read everything, so a series that claims 2^28 points, gives 3 and
     * leaves the rest of each array it fills untouched would have it allocate 4 GiB of zeros first.
     *
     * @throws IllegalArgumentException if the series breaks a rule or claims more points than it gives
     */
    static ArrayTimeSeries checkedCopy(SizedContainerTimeSeries series) {
        if (!(series instanceof ArrayTimeSeries)) {
            SeriesRules.check(series);
        }
        return ArrayTimeSeries.copyOf(series);
    }

    /** Checks a whole batch and takes one copy of each series, in the batch's order. */
    static Map<String, ArrayTimeSeries> checkedCopies(Map<String, ? extends SizedContainerTimeSeries> batch,
            String verb) {
        RequestRules.checkBatch(batch, verb);
        Map<String, ArrayTimeSeries> copies = new LinkedHashMap<>();
        batch.forEach((id, s) -> copies.put(id, ArrayTimeSeries.copyOf(s)));
        return copies;
    }

    /** Stores checked series under their ids. */
    void storeAll(Map<String, ArrayTimeSeries> batch) {
        List<Part> parts = new ArrayList<>();
        for (Map.Entry<String, ArrayTimeSeries> e : batch.entrySet()) {
            Part p = new Part(e.getKey(), index.get(e.getKey()));
            p.whole = e.getValue();
            parts.add(p);
        }
        run(parts, "store");
    }

    /**
     * Appends checked points to their ids' series, creating absent ones; empty entries change nothing.
     *
     * @throws IllegalArgumentException if the points of an id do not come after its stored ones; nothing
     *     changes
     */
    void appendAll(Map<String, ArrayTimeSeries> batch) {
        List<Part> parts = new ArrayList<>();
        try {
            for (Map.Entry<String, ArrayTimeSeries> e : batch.entrySet()) {
                ArrayTimeSeries points = e.getValue();
                if (!points.isEmpty()) {
                    parts.add(plan(e.getKey(), points));
                }
            }
        } catch (RuntimeException e) {
            close(parts);
            throw e;
        }
        run(parts, "append to");
    }

    private Part plan(String id, ArrayTimeSeries points) {
        Held held = index.held(id);
        if (held != null) {
            throw held.refusal(index.directory(), id);
        }
        Part p = new Part(id, index.get(id));
        if (p.previous == null) {
            p.whole = points;
            return p;
        }
        if ((long) p.previous.points() + points.size() > NpySeries.MAX_POINTS) {
            throw new IllegalArgumentException("cannot append " + points.size() + " points to series "
                    + SeriesIds.quote(id) + " of " + p.previous.points() + " (the whole batch is refused): a series"
                    + " holds at most " + NpySeries.MAX_POINTS);
        }
        p.tail = files.openAppend(id, p.previous);
        if (p.tail != null) {
            if (p.previous.points() > 0) {
                RequestRules.checkAppendOrder(id, p.tail.lastTime(), points.time(0));
            }
            p.added = points;
        } else {
            ArrayTimeSeries old = files.read(id, p.previous);
            if (!old.isEmpty()) {
                RequestRules.checkAppendOrder(id, old.time(old.size() - 1), points.time(0));
            }
            p.whole = ArrayTimeSeries.copyOf(old.followedBy(points));
        }
        return p;
    }

    private void run(List<Part> parts, String verb) {
        if (parts.isEmpty()) {
            return;
        }
        try {
            List<Journal.Record> records = new ArrayList<>();
            try {
                // Every file written, then forced at once (with sync); then the appends' headers, forced at
                // once; then the one record. No file is forced twice where once will do, and no header
                // reaches the device before the points it counts.
                List<SeriesFiles.Staged> staged = new ArrayList<>();
                List<TailAppend> tails = new ArrayList<>();
                for (Part p : parts) {
                    if (p.tail != null) {
                        p.pointsWritten = true;
                        files.writePoints(p.id, p.tail, p.added);
                        tails.add(p.tail);
                    } else {
                        p.staged = files.stage(p.id, p.whole, p.previous, false);
                        staged.add(p.staged);
                    }
                }
                files.forceWritten(staged, tails);
                for (Part p : parts) {
                    p.next = p.tail != null ? files.writeHeader(p.id, p.tail) : p.staged.entry();
                    records.add(new Journal.Record(p.id, p.next));
                }
                files.forceHeaders(tails);
                index.logBatch(records);
            } catch (IOException e) {
                StorageException failure = new StorageException("cannot " + verb + " a batch of " + parts.size()
                        + " series: appending to the journal " + index.journalFile() + " failed: " + e, e);
                undoWrites(parts, failure);
                throw failure;
            } catch (RuntimeException e) {
                undoWrites(parts, e);
                throw e;
            }
            commit(parts, verb);
        } finally {
            close(parts);
        }
    }

    /** Puts the written but unjournaled files back as they were. */
    private void undoWrites(List<Part> parts, Exception cause) {
        for (Part p : parts) {
            if (p.tail != null && p.pointsWritten) {
                files.rollBackAppend(p.tail, cause);
            } else if (p.staged != null) {
                files.discard(p.staged.temporary());
            }
        }
    }

    private void commit(List<Part> parts, String verb) {
        Map<String, SeriesFiles.Staged> renamed = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            if (p.staged == null) {
                continue;
            }
            try {
                files.commit(p.staged);
            } catch (IOException e) {
                List<Journal.Record> undo = new ArrayList<>();
                for (Part q : parts.subList(i, parts.size())) {
                    if (q.staged != null) {
                        if (index.held(q.id) == null) {
                            // A held id has no old state to journal again: its kept file stays, refused.
                            undo.add(new Journal.Record(q.id, q.previous));
                        }
                        files.discard(q.staged.temporary());
                    }
                }
                index.undoAll(undo, e);
                apply(parts.subList(0, i));
                files.committedAll(renamed);
                throw new StorageException("cannot " + verb + " a batch of " + parts.size() + " series: renaming "
                        + p.staged.temporary() + " to " + p.staged.file() + " failed (" + undo.size()
                        + " series of the batch, from " + SeriesIds.quote(p.id) + " on, are left as they were): "
                        + e, e);
            }
            renamed.put(p.id, p.staged);
        }
        apply(parts);
        files.committedAll(renamed);
    }

    /** Makes journaled parts visible: the old series leave the cache before the index names the new. */
    private void apply(List<Part> parts) {
        for (Part p : parts) {
            cache.invalidate(p.id);
            index.put(p.id, p.next);
            if (p.tail != null) {
                files.appended(p.id, p.previous, p.added, p.next);
            } else {
                cache.put(p.id, p.whole);
            }
        }
    }

    private static void close(List<Part> parts) {
        for (Part p : parts) {
            if (p.tail != null) {
                p.tail.close();
            }
        }
    }
}
