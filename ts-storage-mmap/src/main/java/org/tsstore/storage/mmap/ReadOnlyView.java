package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The store as a {@link ReadOnlyStore} last read it, and the cheap check of whether a writer changed it since.
 * Immutable, but for its key directory, which a follow ({@link ReadOnlyFollower}) updates in place (one entry at a
 * time, each published whole, as the writer's own directory is), and its verified marks. Holds what the check
 * reads as its own fields, never the segments' mutable ones.
 */
final class ReadOnlyView {

    final KeyDirectory keys;
    final DamagePolicy damage;
    /** Every segment read, oldest first. */
    final List<Segment> segments;
    /** The newest segment, or {@code null} in a store without segments. */
    final Segment newest;
    /** Where the newest segment's complete records end (witnessed or not): where the writer's next one goes. */
    final long newestEnd;
    /** Whether the newest segment is sealed or damaged: the writer's next record goes to a new segment. */
    final boolean newestClosed;
    /** Where the newest segment's applied (witnessed) records end: where a follow resumes. */
    final long resumeAt;
    /** The witness of each segment that a change would move: the newest, and those with bytes after it. */
    final Map<Segment, Integer> watched;
    /** Whether the read found no damage, so that a change may be followed rather than the store read again. */
    final boolean clean;

    ReadOnlyView(KeyDirectory keys, DamagePolicy damage, List<Segment> segments, Map<Segment, Integer> watched,
            long resumeAt, boolean clean) {
        this.keys = keys;
        this.damage = damage;
        this.segments = List.copyOf(segments);
        this.newest = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        this.newestEnd = newest == null ? 0 : newest.end;
        this.newestClosed = newest == null || newest.sealed || newest.damaged;
        this.watched = Map.copyOf(watched);
        this.resumeAt = resumeAt;
        this.clean = clean;
    }

    /** The view a whole read of the store gives. */
    static ReadOnlyView of(Recovery.State state) {
        Map<Segment, Integer> w = new HashMap<>();
        for (Segment s : state.unwitnessed) {
            w.put(s, state.witnesses.getOrDefault(s, 0));
        }
        Segment newest = state.segments.isEmpty() ? null : state.segments.get(state.segments.size() - 1);
        if (newest != null) {
            w.put(newest, state.witnesses.getOrDefault(newest, 0));
        }
        boolean clean = state.frontier == null && state.damagedIds.isEmpty() && state.deletedAfter.isEmpty();
        return new ReadOnlyView(state.keys, new DamagePolicy(state.frontier, state.damagedIds, state.deletedAfter),
                state.segments, w, newest == null ? 0 : state.applied.getOrDefault(newest,
                        (long) RecordFormat.SEGMENT_HEADER_BYTES), clean);
    }

    /**
     * Whether a writer changed the store since this view was read: the witness of each watched segment, then
     * whether a record (a seal too: the writer does not witness seals) follows the newest segment's last one; a
     * listing only when the newest segment is closed, as the writer then starts a segment of its own.
     */
    boolean changed(Path directory) {
        try {
            for (Map.Entry<Segment, Integer> w : watched.entrySet()) {
                if (readInt(w.getKey(), RecordFormat.WITNESS_OFFSET) != w.getValue()) {
                    return true;
                }
            }
            if (newestClosed) {
                return listingChanged(directory);
            }
            return readInt(newest, newestEnd) == RecordFormat.RECORD_MAGIC;
        } catch (IOException | SegmentRetiredException e) {
            return true; // read the store again, which reports what is wrong
        }
    }

    /**
     * The 4 bytes at {@code position}, little-endian. Through the mapping (the page cache, so the writer's writes
     * show at once, in nanoseconds) when the file reaches past them and the byte before them is on the same page: no
     * writer cuts a segment short of its complete records, so that page stays in the file (a mapped page wholly
     * past the end of the file would fault). Else, or when a writer cut the file between the check and the
     * mapping, through the channel (about a microsecond).
     */
    static int readInt(Segment s, long position) throws IOException, SegmentRetiredException {
        if ((position & 4095) != 0 && s.mappable(position, 4)) {
            byte[] b = new byte[4];
            try {
                s.read(position, b, 4);
                return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
            } catch (IOException cut) {
                // read through the channel below, which tells what the file holds now
            }
        }
        ByteBuffer four = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        int n = 0;
        while (four.hasRemaining()) {
            int r = s.readAt(four, position + n);
            if (r < 0) {
                return 0; // past the end of the file
            }
            n += r;
        }
        return four.getInt(0);
    }

    private boolean listingChanged(Path directory) throws IOException {
        TreeMap<Integer, Path> now = SegmentListing.files(directory, true);
        if (now.size() != segments.size()) {
            return true;
        }
        for (Segment s : segments) {
            if (!s.path.equals(now.get(s.number))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a listing taken after this view was read names a segment older than its newest that it lacks. */
    boolean missedSegments(Path directory) throws IOException {
        if (newest == null) {
            return false;
        }
        Set<Integer> read = new HashSet<>();
        for (Segment s : segments) {
            read.add(s.number);
        }
        for (int number : SegmentListing.files(directory, true).headMap(newest.number).keySet()) {
            if (!read.contains(number)) {
                return true;
            }
        }
        return false;
    }
}
