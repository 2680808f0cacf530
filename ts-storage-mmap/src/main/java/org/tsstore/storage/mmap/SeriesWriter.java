package org.tsstore.storage.mmap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tsstore.api.RequestRules;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;

/**
 * The writes of the store, run under the manager's write lock: each turns into records appended to the
 * log ({@link SegmentLog#append}) and then updates the key directory. A store is one store record, an
 * append one extent record chained to the series ({@link Extents}), a delete a tombstone, and a batch of
 * several series one framed group of records (a begin record, the records, a commit record: FORMAT.md,
 * "Batches") in one append, so one write, one witness and, with {@code durability=sync}, one force. Each
 * returns what the caller must still wait for: the force that {@link GroupCommit} shares among writers.
 * A write after which compaction is due starts one in the background ({@link Compactor}).
 */
final class SeriesWriter {

    /** The result of a write, and the records the caller must wait to be forced, or {@code null}. */
    static final class Written<T> {
        final T result;
        final SegmentLog.Appended pending;

        Written(T result, SegmentLog.Appended pending) {
            this.result = result;
            this.pending = pending;
        }
    }

    private final KeyDirectory keys;
    private final DamagePolicy damage;
    private final SegmentLog log;
    private final Compactor compactor;

    SeriesWriter(KeyDirectory keys, DamagePolicy damage, SegmentLog log, Compactor compactor) {
        this.keys = keys;
        this.damage = damage;
        this.log = log;
        this.compactor = compactor;
    }

    /**
     * The size a series to store reports.
     *
     * @throws IllegalArgumentException if it is negative
     */
    static int size(String id, SizedContainerTimeSeries series) {
        Objects.requireNonNull(series, "series");
        int points = series.size();
        if (points < 0) {
            throw new IllegalArgumentException(
                    "series for id " + SeriesIds.quote(id) + " reports a negative size: " + points);
        }
        return points;
    }

    /**
     * Writes a store record of {@code points} points streamed from {@code series}.
     *
     * @return the view of the stored series
     */
    Written<SizedContainerTimeSeries> store(String id, byte[] idBytes, SizedContainerTimeSeries series, int points) {
        long length = RecordFormat.recordLength(idBytes.length, points);
        SegmentLog.Appended at = log.append(length, 1, length, "store series " + SeriesIds.quote(id),
                (writer, channel, position, sequence) -> {
                    writer.writeStore(channel, position, idBytes, sequence, series, points);
                    return position;
                });
        KeyDirectory.Entry entry = new KeyDirectory.Entry(id, at.segment, at.position, points, true);
        replace(entry);
        SizedContainerTimeSeries view;
        try { // mapped before a compaction may move it; the view stays valid after
            view = at.segment.view(at.position + RecordFormat.headerLength(idBytes.length), points);
        } catch (IOException | SegmentRetiredException e) {
            throw new StorageException("stored series " + SeriesIds.quote(id) + " in " + at.segment
                    + " but cannot map it: " + e, e);
        }
        maybeCompact();
        return new Written<>(view, at);
    }

    /**
     * Appends points to a series: an extent record, or a store record when the series is absent or empty.
     *
     * @return the size of the series after the append
     * @throws IllegalArgumentException if the points do not come after the stored ones; nothing is written
     */
    Written<Integer> append(String id, byte[] idBytes, SizedContainerTimeSeries points) throws IOException {
        KeyDirectory.Entry e = damage.lookup(keys, id);
        if (points.isEmpty()) {
            return new Written<>(e == null ? 0 : e.size, null);
        }
        if (e == null || e.size == 0) {
            return new Written<>(points.size(), store(id, idBytes, points, points.size()).pending);
        }
        checkAppend(e, points);
        int n = points.size();
        long length = RecordFormat.recordLength(idBytes.length, n);
        SegmentLog.Appended at = log.append(length, 1, length, "append to series " + SeriesIds.quote(id),
                (writer, channel, position, sequence) -> {
                    writer.start(channel, position);
                    writer.points(RecordFormat.EXTENT, idBytes, sequence, points, n);
                    writer.end();
                    return position;
                });
        KeyDirectory.Entry longer = e.appended(at.segment, at.position, n, points.time(n - 1));
        keys.put(longer);
        maybeCompact();
        return new Written<>(longer.size, at);
    }

    /**
     * Checks that points may be appended to a stored, non-empty series; encoded points were checked against their
     * series before they were encoded ({@link CompressedStore}).
     */
    private void checkAppend(KeyDirectory.Entry e, SizedContainerTimeSeries points) throws IOException {
        if (!(points instanceof EncodedPoints)) {
            RequestRules.checkAppendOrder(e.id, lastTime(e), points.time(0));
        }
        checkRoom(e.id, e.size, points.size());
    }

    /** Refuses an append that would take a series past {@link Integer#MAX_VALUE} points (or record units). */
    static void checkRoom(String id, int size, int added) {
        if (added > Integer.MAX_VALUE - size) {
            throw new IllegalArgumentException("cannot append to " + SeriesIds.quote(id) + ": a series holds at most "
                    + Integer.MAX_VALUE + " points, it has " + size + " and " + added + " would be added");
        }
    }

    /** The last time of a stored, non-empty series, read in place from its last record. */
    private static double lastTime(KeyDirectory.Entry e) throws IOException {
        Extents chain = e.chain();
        if (chain != null && !Double.isNaN(chain.lastTime)) {
            return chain.lastTime;
        }
        if (chain != null && !Double.isNaN(chain.lastTime)) {
            return chain.lastTime;
        }
        Segment s = chain == null ? e.segment : chain.segment(chain.count - 1);
        long offset = chain == null ? e.offset() : chain.offset(chain.count - 1);
        int points = chain == null ? e.size : chain.points(chain.count - 1);
        try {
            MappedSeries last = s.view(offset + RecordFormat.headerLength(SeriesIdBytes.length(e.id)), points);
            return last.time(points - 1);
        } catch (SegmentRetiredException unexpected) {
            throw new IOException("the record of " + SeriesIds.quote(e.id) + " was compacted away", unexpected);
        }
    }

    /** One record of a batch: what it writes, and the entry it extends (for an extent). */
    private static final class Planned {
        final String id;
        final byte[] idBytes;
        final SizedContainerTimeSeries points;
        final KeyDirectory.Entry extended;
        long offset;

        Planned(String id, SizedContainerTimeSeries points, KeyDirectory.Entry extended) {
            this.id = id;
            this.idBytes = SeriesIds.utf8(id);
            this.points = points;
            this.extended = extended;
        }

        byte kind() {
            return extended == null ? RecordFormat.STORE : RecordFormat.EXTENT;
        }

        long length() {
            return RecordFormat.recordLength(idBytes.length, points.size());
        }
    }

    /**
     * Writes a batch of checked copies: stores, or appends (empty ones skipped). Appends are checked
     * against the stored series first: one that does not come after its series refuses the whole batch
     * before anything is written. Several records are framed as one batch; one record needs no frame.
     *
     * @return what to wait for, or {@code null} when nothing was written
     * @throws IllegalArgumentException naming the first append that does not fit; nothing is written
     */
    SegmentLog.Appended batch(Map<String, ? extends SizedContainerTimeSeries> copies, boolean append)
            throws IOException {
        List<Planned> plan = new ArrayList<>(copies.size());
        for (Map.Entry<String, ? extends SizedContainerTimeSeries> c : copies.entrySet()) {
            SizedContainerTimeSeries points = c.getValue();
            KeyDirectory.Entry e = append ? damage.lookup(keys, c.getKey()) : null;
            if (append && points.isEmpty()) {
                continue;
            }
            boolean extend = e != null && e.size > 0;
            if (extend) {
                checkAppend(e, points);
            }
            plan.add(new Planned(c.getKey(), points, extend ? e : null));
        }
        if (plan.isEmpty()) {
            return null;
        }
        boolean framed = plan.size() > 1;
        long length = framed ? RecordFormat.FRAME_BYTES : 0;
        long live = 0;
        for (Planned p : plan) {
            p.offset = length;
            length += p.length();
            live += p.length();
        }
        if (framed) {
            length += RecordFormat.FRAME_BYTES;
        }
        long total = length;
        int records = plan.size() + (framed ? 2 : 0);
        SegmentLog.Appended at = log.append(length, records, live, "write a batch of " + plan.size() + " series",
                (writer, channel, position, sequence) -> {
                    long next = sequence;
                    writer.start(channel, position);
                    if (framed) {
                        writer.marker(RecordFormat.BATCH_BEGIN, new byte[0], plan.size(), next++);
                    }
                    for (Planned p : plan) {
                        writer.points(p.kind(), p.idBytes, next++, p.points, p.points.size());
                    }
                    long last = position + plan.get(plan.size() - 1).offset;
                    if (framed) {
                        writer.marker(RecordFormat.BATCH_COMMIT, new byte[0], plan.size(), next);
                        last = position + total - RecordFormat.FRAME_BYTES;
                    }
                    writer.end();
                    return last;
                });
        for (Planned p : plan) {
            long offset = at.position + p.offset;
            if (p.extended != null) {
                keys.put(p.extended.appended(at.segment, offset, p.points.size(),
                        p.points.time(p.points.size() - 1)));
            } else {
                replace(new KeyDirectory.Entry(p.id, at.segment, offset, p.points.size(), true));
            }
        }
        maybeCompact();
        return at;
    }

    /** One heap copy of the caller's series, read once and checked. */
    static ArrayTimeSeries checkedCopy(String id, SizedContainerTimeSeries s, String verb, String note) {
        try {
            return ArrayTimeSeries.copyOf(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot " + verb + " the series under " + SeriesIds.quote(id) + note
                    + ": " + e.getMessage(), e);
        }
    }

    /** Puts a new store record's entry, and counts the records it replaces as dead. */
    private void replace(KeyDirectory.Entry entry) {
        KeyDirectory.Entry old = keys.put(entry);
        if (old != null) {
            log.superseded(old.recordLength());
        }
    }

    /**
     * Writes a tombstone if the id is stored, or if damage may have lost a record of it (the tombstone then
     * makes it absent for certain, lifting the refusal); returns whether it was (or may have been), and what to
     * wait for.
     */
    Written<Boolean> delete(String id, byte[] idBytes) {
        KeyDirectory.Entry old = keys.get(id);
        if (old == null && damage.mayHaveLost(id) == null) {
            return new Written<>(false, null);
        }
        SegmentLog.Appended at = log.append(RecordFormat.recordLength(idBytes.length, 0), 1, 0,
                "delete series " + SeriesIds.quote(id), (writer, channel, position, sequence) -> {
                    writer.writeMarker(channel, position, RecordFormat.TOMBSTONE, idBytes, sequence);
                    return position;
                });
        damage.deleted(id, at.segment, at.position); // before the entry goes: a reader never sees neither
        if (old != null) {
            keys.remove(id);
            log.superseded(old.recordLength());
        }
        maybeCompact();
        return new Written<>(true, at);
    }

    private void maybeCompact() {
        if (!damage.damaged() && log.compactionDue()) {
            compactor.schedule(); // in the background: this write, and the next ones, do not wait for it
        }
    }
}
