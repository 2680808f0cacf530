package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tsstore.api.RepairReport;

/**
 * What a repair can salvage: every segment read to the end of its file, every data checksum checked, past every
 * damaged stretch to the next record whose header checksum and end mark hold ({@link SegmentScanner}, as
 * RocksDB's {@code RepairDB} scans its logs), and the records replayed per id in log order. A series is kept
 * when its last records hold; one whose newest store or extent record is damaged is reverted to the version
 * before it when that one holds (an extent that is damaged ends the series before it: the appends after it
 * cannot be applied), or dropped when there is none (or the id was deleted before); a tombstone applies. Damaged
 * bytes whose id cannot be read, and records lost at the end of a segment, are unattributed losses. Not
 * thread-safe; one per repair.
 */
final class RepairScan {

    /** The records of one id's series, or of the version a damaged one falls back to. */
    private static final class Series {
        final List<Segment> segments = new ArrayList<>();
        final List<Long> offsets = new ArrayList<>();
        final List<Integer> points = new ArrayList<>();
        int size;
        /** Where its last record lies. */
        LogPlace last;

        Series copy() {
            Series c = new Series();
            c.segments.addAll(segments);
            c.offsets.addAll(offsets);
            c.points.addAll(points);
            c.size = size;
            c.last = last;
            return c;
        }

        void add(Segment s, long offset, int n) {
            segments.add(s);
            offsets.add(offset);
            points.add(n);
            size += n;
            last = new LogPlace(s.number, offset);
        }

        int records() {
            return segments.size();
        }
    }

    /** Where an id stands after the records read so far. */
    private static final class IdState {
        /** The series the records give, or {@code null} when the id is absent. */
        Series series;
        /** Whether its newest record is damaged: then {@link #series} is what it falls back to. */
        boolean damaged;
        String location;
        String problem;
        /** When it was first found damaged, for the report's order. */
        long foundAt;
    }

    /** A loss in the order found: an id's, settled at the end, or an unattributed one. */
    private static final class Found {
        final long at;
        final String id;
        final RepairReport.Loss unattributed;

        Found(long at, String id, RepairReport.Loss unattributed) {
            this.at = at;
            this.id = id;
            this.unattributed = unattributed;
        }
    }

    private final Map<String, IdState> ids = new LinkedHashMap<>();
    private final List<Found> found = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    private long order;
    /** The last place where records of any id may have been lost, or {@code null}. */
    private LogPlace lastUnattributed;
    private String lastUnattributedProblem;

    /**
     * Reads every segment, in log order (the last one is the newest). A series whose last record precedes the
     * last stretch lost without an id falls back to itself, reported as reverted: a newer record of it may have
     * been among the lost ones, so the version kept may be older than the one acknowledged last.
     */
    void scan(List<Segment> segments) throws IOException {
        for (int i = 0; i < segments.size(); i++) {
            scanSegment(segments.get(i), i == segments.size() - 1);
        }
        if (lastUnattributed == null) {
            return;
        }
        LogPlace loss = lastUnattributed;
        List<String> suspect = new ArrayList<>();
        ids.forEach((id, st) -> {
            if (st.series != null && !st.damaged && st.series.last.before(loss.segment(), loss.offset())) {
                suspect.add(id);
            }
        });
        Segment at = segmentNumbered(segments, loss.segment());
        for (String id : suspect) {
            damaged(id, at, loss.offset(), "a newer record of it may be among the records lost at "
                    + lastUnattributedProblem);
        }
    }

    private static Segment segmentNumbered(List<Segment> segments, int number) {
        for (Segment s : segments) {
            if (s.number == number) {
                return s;
            }
        }
        throw new IllegalStateException("no segment " + number);
    }

    private void unattributed(Segment s, long offset, String problem) {
        lastUnattributed = new LogPlace(s.number, offset);
        lastUnattributedProblem = "segment file " + s + " at offset " + offset + ": " + problem;
        found.add(new Found(order++, null, new RepairReport.Loss("", "segment file " + s + " at offset " + offset,
                problem, RepairReport.Outcome.UNATTRIBUTED)));
    }

    private void scanSegment(Segment s, boolean newest) throws IOException {
        FileChannel ch = s.channel();
        long size = ch.size();
        SegmentHeader header = SegmentHeader.read(ch);
        if (!header.valid()) {
            LogPlace hidden = lastUnattributed;
            String hiddenProblem = lastUnattributedProblem;
            unattributed(s, 0, "the segment header is lost or damaged: records in the segment may have been lost");
            if (!header.complete()) {
                return;
            }
            lastUnattributed = hidden; // every record after the header is still read: none is hidden
            lastUnattributedProblem = hiddenProblem;
        }
        SegmentVisitor visitor = new SegmentVisitor(s, header.witness());
        SegmentScanner.End end;
        try {
            end = new SegmentScanner(new SegmentReader(ch, size, buffer)).scan(RecordFormat.SEGMENT_HEADER_BYTES, true,
                    visitor);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        visitor.settle();
        String lost = SegmentTail.lost(s, newest, end, header.witness(), visitor.witnessReached);
        if (lost != null) {
            RecordHeader cut = end.kind == SegmentScanner.EndKind.SEALED ? null : headerAt(s, end.offset);
            boolean named = cut != null && (cut.kind == RecordFormat.STORE || cut.kind == RecordFormat.EXTENT);
            if (named) {
                damagedRecord(s, cut, "it was cut short: " + lost); // its header names whose newest record it was
            }
            if (!named || RecordFormat.witnessOf(cut.end()) != header.witness()) {
                unattributed(s, end.offset, lost); // more was lost than the one record whose header survives
            }
        }
    }

    /** The header at {@code offset} of a segment, read through its channel, or {@code null} if it does not decode. */
    private RecordHeader headerAt(Segment s, long offset) throws IOException {
        byte[] bytes = new byte[RecordFormat.MAX_HEADER_BYTES];
        ByteBuffer b = ByteBuffer.wrap(bytes);
        FileChannel ch = s.channel();
        while (b.hasRemaining() && ch.read(b, offset + b.position()) >= 0) {
            // as much of the header as the file holds
        }
        try {
            return RecordHeader.decode(bytes, b.position(), offset);
        } catch (CorruptRecordException e) {
            return null;
        }
    }

    /** Replays one segment's records and notes its damage. */
    private final class SegmentVisitor implements SegmentScanner.Visitor {
        private final Segment s;
        private final int witness;
        boolean witnessReached;
        /** A damaged stretch of one record whose id is known, until it is known whether its data is all that is. */
        private long pendingAt = -1;
        private String pendingId;
        private String pendingProblem;

        SegmentVisitor(Segment s, int witness) {
            this.s = s;
            this.witness = witness;
        }

        private void settleUnchecked() {
            try {
                settle();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void record(RecordHeader h) {
            witnessReached |= RecordFormat.witnessOf(h.end()) == witness;
            if (pendingAt == h.offset && h.id != null && h.id.equals(pendingId)) {
                pendingAt = -1;
                damagedRecord(s, h, pendingProblem); // complete, but its data fails the checksum
                return;
            }
            settleUnchecked();
            replay(s, h);
        }

        @Override
        public void damaged(long from, long to, String id, String problem) {
            settleUnchecked();
            witnessReached |= RecordFormat.witnessOf(to) == witness;
            if (id != null) {
                pendingAt = from;
                pendingId = id;
                pendingProblem = problem + " (" + (to - from) + " bytes)";
            } else {
                unattributed(s, from, "damaged bytes to offset " + to + ": " + problem);
            }
        }

        /**
         * A pending one-record stretch not followed by its record: its header holds but more than its data is
         * damaged. A tombstone's intent is in its header, so it applies; a store or an extent is damaged.
         */
        void settle() throws IOException {
            if (pendingAt < 0) {
                return;
            }
            long at = pendingAt;
            pendingAt = -1;
            RecordHeader h = headerAt(s, at);
            if (h != null && h.kind == RecordFormat.TOMBSTONE) {
                replay(s, h);
            } else if (h != null && (h.kind == RecordFormat.STORE || h.kind == RecordFormat.EXTENT)) {
                damagedRecord(s, h, pendingProblem);
            } else {
                RepairScan.this.damaged(pendingId, s, at, pendingProblem);
            }
        }
    }

    /** A complete record whose checksums hold, in log order. */
    private void replay(Segment s, RecordHeader h) {
        if (h.kind == RecordFormat.STORE) {
            IdState st = ids.computeIfAbsent(h.id, k -> new IdState());
            Series series = new Series();
            series.add(s, h.offset, h.points);
            st.series = series;
            st.damaged = false;
        } else if (h.kind == RecordFormat.EXTENT) {
            IdState st = ids.get(h.id);
            if (st == null || st.damaged || st.series == null || st.series.size == 0
                    || h.points > Integer.MAX_VALUE - st.series.size) {
                return; // it extends nothing that holds: left out, as recovery leaves it out
            }
            if (lastUnattributed != null && st.series.last.before(lastUnattributed.segment(), lastUnattributed.offset())) {
                // an extent (or a store) of this id may be among the records lost in between: applying this one
                // could make a series that was never stored, so the series ends before it
                damaged(h.id, s, h.offset, "an earlier record of the series may have been lost, in " + lastUnattributedProblem);
                return;
            }
            st.series.add(s, h.offset, h.points);
        } else if (h.kind == RecordFormat.TOMBSTONE) {
            IdState st = ids.computeIfAbsent(h.id, k -> new IdState());
            st.series = null;
            st.damaged = false;
        }
    }

    /** A complete record of a known id whose data fails its checksum. */
    private void damagedRecord(Segment s, RecordHeader h, String problem) {
        if (h.kind == RecordFormat.EXTENT) {
            IdState st = ids.get(h.id);
            if (st == null || st.series == null || st.series.size == 0) {
                return; // extends nothing: left out whole
            }
        }
        damaged(h.id, s, h.offset, problem);
    }

    /** A record of {@code id} that cannot be used: its series falls back to what it was before. */
    private void damaged(String id, Segment s, long offset, String problem) {
        IdState st = ids.computeIfAbsent(id, k -> new IdState());
        if (!st.damaged) {
            st.damaged = true;
            st.foundAt = order++;
            st.series = st.series == null ? null : st.series.copy();
            found.add(new Found(st.foundAt, id, null));
        }
        st.location = "segment file " + s + " at offset " + offset;
        st.problem = problem;
    }

    /** The series to keep, as entries pointing at their records in the segments scanned. */
    List<KeyDirectory.Entry> salvaged() {
        List<KeyDirectory.Entry> out = new ArrayList<>();
        ids.forEach((id, st) -> {
            if (st.series != null) {
                out.add(entry(id, st.series));
            }
        });
        return out;
    }

    private static KeyDirectory.Entry entry(String id, Series series) {
        KeyDirectory.Entry e = new KeyDirectory.Entry(id, series.segments.get(0), series.offsets.get(0),
                series.points.get(0), false);
        for (int k = 1; k < series.records(); k++) {
            e = e.appended(series.segments.get(k), series.offsets.get(k), series.points.get(k));
        }
        return e;
    }

    /** Whether the scan keeps exactly the version an entry points at (same records). */
    boolean keeps(KeyDirectory.Entry e) {
        IdState st = ids.get(e.id);
        if (st == null || st.series == null || st.damaged || st.series.records() != e.records()) {
            return false;
        }
        for (int k = 0; k < e.records(); k++) {
            Segment s = e.chain() == null ? e.segment : e.chain().segment(k);
            long offset = e.chain() == null ? e.offset() : e.chain().offset(k);
            if (st.series.segments.get(k) != s || st.series.offsets.get(k) != offset) {
                return false;
            }
        }
        return true;
    }

    /**
     * Keeps the version the store serves for an id, whose records were checked and hold, over what the scan
     * made of the records (which may miss it where damage broke a batch, or leave out extents after a gap the
     * store's key directory knows nothing is missing from): the store found nothing newer, and neither can the
     * scan, which reads what the store read.
     */
    void keepServed(KeyDirectory.Entry e) {
        IdState st = ids.computeIfAbsent(e.id, k -> new IdState());
        Series series = new Series();
        Extents chain = e.chain();
        for (int k = 0; k < e.records(); k++) {
            series.add(chain == null ? e.segment : chain.segment(k), chain == null ? e.offset() : chain.offset(k),
                    chain == null ? e.size : chain.points(k));
        }
        st.series = series;
        st.damaged = false;
    }

    /**
     * Notes that the version an id was served as (by the key directory) is not the one the scan keeps: its
     * record is gone (cut off, or unreadable where the scan resynchronised past it).
     */
    void lostServedVersion(KeyDirectory.Entry e) {
        IdState st = ids.computeIfAbsent(e.id, k -> new IdState());
        if (!st.damaged) {
            st.damaged = true;
            st.foundAt = order++;
            found.add(new Found(st.foundAt, e.id, null));
            st.location = "segment file " + e.segment + " at offset " + e.offset();
            st.problem = "the record the store served it from was lost to the damage";
        }
    }

    /**
     * The losses in the order found: each damaged id reverted (to the version the scan keeps) or dropped, each
     * unattributed stretch; ids in {@code failedCopies} (damaged when copied) dropped with their problem.
     */
    List<RepairReport.Loss> losses(Map<String, String> failedCopies) {
        List<RepairReport.Loss> out = new ArrayList<>();
        for (Found f : found) {
            if (f.unattributed != null) {
                out.add(f.unattributed);
                continue;
            }
            IdState st = ids.get(f.id);
            String failed = failedCopies.get(f.id);
            if (st.foundAt != f.at || !st.damaged && failed == null) {
                continue; // stored or deleted again after that damage, or reported where it was found last
            }
            boolean reverted = st.series != null && failed == null;
            out.add(new RepairReport.Loss(f.id, st.location, failed != null ? failed : st.problem,
                    reverted ? RepairReport.Outcome.REVERTED : RepairReport.Outcome.DROPPED));
        }
        ids.forEach((id, st) -> {
            String failed = failedCopies.get(id);
            if (failed != null && !st.damaged) {
                out.add(new RepairReport.Loss(id, "", failed, RepairReport.Outcome.DROPPED));
            }
        });
        return out;
    }

    /** Whether an id's series is kept as its records gave it, not reverted. */
    boolean keptWhole(String id) {
        IdState st = ids.get(id);
        return st != null && st.series != null && !st.damaged;
    }
}
