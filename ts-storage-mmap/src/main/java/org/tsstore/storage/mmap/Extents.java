package org.tsstore.storage.mmap;

import java.io.IOException;
import java.util.Arrays;

/**
 * The records of a series that was appended to, in log order: its store record, then each extent record
 * (FORMAT.md, "Extents"). Immutable as seen by readers: each append makes a new {@code Extents} one
 * record longer; successive ones share growable arrays (as an {@code ArrayList} would, doubling), the
 * newer writing only slots beyond the count the older ones read, so an append costs O(1) amortised and an
 * older view keeps its length. Only the newest chain of a series is ever appended to (the writer's).
 *
 * <p>State per record: a segment reference, a record offset, the index of its first point, and a cached
 * view of its points (mapped on first read): 20 bytes with compressed references, times the arrays' slack
 * (at most 2). Per chain: this object (32 bytes), the shared arrays' holder (40) and four array headers (64).
 *
 * <p>Point {@code i} lies in record {@code k = recordOf(i)}, the last whose first point is at most
 * {@code i}: a binary search over the starts, O(log records).
 */
final class Extents {

    /** The arrays shared by the successive chains of one series. */
    private static final class Slots {
        final int headerLength;
        final Segment[] segments;
        final long[] offsets;
        final int[] starts;
        /** The mapped view of each record's points, set on first read (a benign race: any view is valid). */
        final MappedSeries[] views;
        /** Writer-only: how many slots are taken; a chain may append in place only when it has them all. */
        int used;

        Slots(int headerLength, int capacity) {
            this.headerLength = headerLength;
            this.segments = new Segment[capacity];
            this.offsets = new long[capacity];
            this.starts = new int[capacity];
            this.views = new MappedSeries[capacity];
        }

        Slots grown(int count) {
            Slots g = new Slots(headerLength, Math.max(4, 2 * segments.length));
            System.arraycopy(segments, 0, g.segments, 0, count);
            System.arraycopy(offsets, 0, g.offsets, 0, count);
            System.arraycopy(starts, 0, g.starts, 0, count);
            System.arraycopy(views, 0, g.views, 0, count);
            g.used = count;
            return g;
        }
    }

    private final Slots slots;
    /** The number of records. */
    final int count;
    /** The number of points in all of them. */
    final int size;
    /**
     * The series' last time when the writer knew it (the last append's), else NaN: an append checks its order
     * against it without reading the mapping.
     */
    final double lastTime;

    private Extents(Slots slots, int count, int size, double lastTime) {
        this.slots = slots;
        this.count = count;
        this.size = size;
        this.lastTime = lastTime;
    }

    /** A chain of one record: {@code points} points in the record at {@code offset} of a segment. */
    static Extents of(int idLength, Segment segment, long offset, int points) {
        Slots s = new Slots(RecordFormat.headerLength(idLength), 2);
        s.segments[0] = segment;
        s.offsets[0] = offset;
        s.used = 1;
        return new Extents(s, 1, points, Double.NaN);
    }

    /**
     * Writer-only: this chain followed by an extent record of {@code points} points, the last at
     * {@code lastTime} (NaN when not known).
     *
     * @throws IllegalArgumentException if the series would pass {@link Integer#MAX_VALUE} points
     */
    Extents appended(Segment segment, long offset, int points, double lastTime) {
        if (points > Integer.MAX_VALUE - size) {
            throw new IllegalArgumentException("a series cannot hold more than " + Integer.MAX_VALUE + " points: "
                    + size + " stored, " + points + " to append");
        }
        Slots s = slots;
        if (s.used != count || count == s.segments.length) {
            s = s.grown(count); // another chain took the slots after ours, or they are full
        }
        s.segments[count] = segment;
        s.offsets[count] = offset;
        s.starts[count] = size;
        s.used = count + 1;
        return new Extents(s, count + 1, size + points, lastTime);
    }

    Segment segment(int k) {
        return slots.segments[k];
    }

    /** The file offset of record {@code k}. */
    long offset(int k) {
        return slots.offsets[k];
    }

    /** The index of the first point of record {@code k} in the series. */
    int start(int k) {
        return slots.starts[k];
    }

    /** The number of points of record {@code k}. */
    int points(int k) {
        return (k + 1 < count ? slots.starts[k + 1] : size) - slots.starts[k];
    }

    /** The record holding point {@code index} (0 to {@code size - 1}). */
    int recordOf(int index) {
        int lo = 0;
        int hi = count - 1;
        int[] starts = slots.starts;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The bytes of all the records: each one's header and trailer, and 16 per point. */
    long bytes() {
        return (long) count * (slots.headerLength + RecordFormat.TRAILER_BYTES) + 16L * size;
    }

    /**
     * Maps every record's points not mapped yet, so that the cached views serve reads from now on even
     * after compaction retires the segments.
     */
    void map() throws IOException, SegmentRetiredException {
        for (int k = 0; k < count; k++) {
            if (slots.views[k] == null) {
                slots.views[k] = slots.segments[k].view(slots.offsets[k] + slots.headerLength, points(k));
            }
        }
    }

    /** The mapped view of record {@code k}'s points; {@link #map()} must have run. */
    MappedSeries view(int k) {
        return slots.views[k];
    }

    @Override
    public String toString() {
        return count + " records of " + size + " points, starting " + Arrays.toString(
                Arrays.copyOf(slots.starts, count));
    }
}
