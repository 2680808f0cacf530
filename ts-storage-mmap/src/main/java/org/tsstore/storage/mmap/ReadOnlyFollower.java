package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a {@link ReadOnlyStore} catches up with its writer once its view no longer matches the files: by a
 * <b>follow</b> when the segments it holds are all still there and only segments after its newest were added
 * (it then reads only the newest segment's records after those it applied, and the added segments, through
 * {@link Recovery#follow}, into the same key directory), else, or when the store holds damage, by reading the
 * whole store again ({@link Recovery#run}, read-only). A compaction or a repair, which renames copies in below the
 * newest segment and deletes old ones, is therefore followed by a whole read, which lets the deleted segments go.
 * Used under the store's lock: one thread at a time.
 */
final class ReadOnlyFollower {

    /** How often a read of the store starts again because a compaction deleted a segment it had listed. */
    private static final int OPEN_TRIES = 20;

    private final Path directory;
    private final MmapConfig config;
    /** The scan buffer of every follow: 64 KiB, as a follow reads a few records (a whole read uses 1 MiB). */
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 << 10).order(ByteOrder.LITTLE_ENDIAN);
    /**
     * How long a follow may skip listing the directory when nothing calls for it (a closed newest segment, or a
     * compaction under way): 10 ms. The listing is what notices a compaction that reserved no numbers (a store
     * without live series) and deleted segments the view holds, so that a reader lets their space go.
     */
    private static final long LISTING_NANOS = 10_000_000;

    private long listedAt = System.nanoTime();
    private long follows;
    private long wholeReads;
    private long recordsFollowed;

    ReadOnlyFollower(Path directory, MmapConfig config) {
        this.directory = directory;
        this.config = config;
    }

    /**
     * Reads the whole store. A listing taken while a compaction renames copies into place and deletes old segments
     * may show some of either, so the segments are listed again after the read, which is kept only when that
     * listing shows no segment the read missed (newer segments, which the writer started since, and segments
     * deleted since, which the read still holds open, are no reason to read again).
     */
    ReadOnlyView load() throws IOException {
        IOException last = null;
        for (int i = 0; i < OPEN_TRIES; i++) {
            try {
                ReadOnlyView v = ReadOnlyView.of(Recovery.run(directory, config));
                if (!v.missedSegments(directory)) {
                    wholeReads++;
                    return v;
                }
                retire(v.segments);
            } catch (NoSuchFileException gone) {
                last = gone; // a compaction deleted a segment listed a moment ago: list again
            }
        }
        throw new IOException("its segments kept changing while it was read", last);
    }

    /**
     * The store as it is now, after {@code v}: followed from {@code v} where that is possible, else read again (and
     * then the segments of {@code v} are retired: views made from them keep their windows, and a read still using
     * one starts again).
     */
    ReadOnlyView refresh(ReadOnlyView v) throws IOException {
        ReadOnlyView next = v.clean && v.newest != null ? follow(v) : null;
        if (next != null && next.newestClosed && !v.newestClosed) {
            // the follow found the seal, and may not have listed: the segment after it, and records the writer
            // acknowledged in it before this call, are found by a listing taken now
            next = follow(next);
        }
        if (next != null) {
            follows++;
            return next;
        }
        ReadOnlyView fresh = load();
        retire(v.segments);
        return fresh;
    }

    /** {@code v} brought up to date by reading only what was added, or {@code null} when that cannot be done. */
    private ReadOnlyView follow(ReadOnlyView v) throws IOException {
        TreeMap<Integer, Path> files = new TreeMap<>();
        long now = System.nanoTime();
        if (v.newestClosed || compacting(v) || now - listedAt >= LISTING_NANOS) {
            files = SegmentListing.files(directory, true);
            listedAt = now;
            for (Segment s : v.segments) {
                if (!s.path.equals(files.remove(s.number))) {
                    return null; // deleted (compacted away)
                }
            }
            if (!files.headMap(v.newest.number).isEmpty()) {
                return null; // copies renamed in below the newest segment: a compaction or a repair
            }
        }
        boolean rescan = !v.newestClosed;
        for (Map.Entry<Segment, Integer> w : v.watched.entrySet()) {
            try {
                boolean moved = ReadOnlyView.readInt(w.getKey(), RecordFormat.WITNESS_OFFSET) != w.getValue();
                if (w.getKey() == v.newest) {
                    rescan |= moved; // a closed newest segment is read again only when its witness moved
                } else if (moved) {
                    return null; // records acknowledged late in an older segment: applied in log order by a read
                }
            } catch (SegmentRetiredException e) {
                return null;
            }
        }
        Recovery.State st;
        try {
            st = Recovery.follow(directory, config, buffer, v.keys, v.newest, rescan ? v.resumeAt : -1, files);
        } catch (IOException e) {
            return null; // an added segment deleted meanwhile, say: the whole read reports what is wrong
        }
        recordsFollowed += st.recordsRead;
        List<Segment> added = st.segments.subList(1, st.segments.size());
        if (st.frontier != null || !st.damagedIds.isEmpty() || !st.deletedAfter.isEmpty()) {
            retire(added);
            return null; // the whole read finds the damage again and words the refusals
        }
        List<Segment> segments = new ArrayList<>(v.segments);
        segments.addAll(added);
        Map<Segment, Integer> watched = new HashMap<>(v.watched);
        if (rescan || !added.isEmpty()) {
            watched.remove(v.newest);
        }
        Segment newest = st.segments.get(st.segments.size() - 1);
        for (Segment s : st.segments) {
            if ((s != v.newest || rescan) && (s == newest || st.unwitnessed.contains(s))) {
                watched.put(s, st.witnesses.getOrDefault(s, 0));
            }
        }
        long resumeAt = st.applied.getOrDefault(newest, newest == v.newest ? v.resumeAt
                : RecordFormat.SEGMENT_HEADER_BYTES);
        return new ReadOnlyView(v.keys, v.damage, segments, watched, resumeAt, true);
    }

    /**
     * Whether a compaction may be under way: the newest segment's number leaves a gap after the one before, the
     * numbers a compaction reserves for its copies.
     */
    private static boolean compacting(ReadOnlyView v) {
        int n = v.segments.size();
        return n >= 2 && v.newest.number - v.segments.get(n - 2).number > 1;
    }

    private static void retire(List<Segment> segments) {
        for (Segment s : segments) {
            s.retire();
        }
    }

    /** How many changes were followed by reading only what was added (for tests). */
    long follows() {
        return follows;
    }

    /** How many times the whole store was read, the first read included (for tests). */
    long wholeReads() {
        return wholeReads;
    }

    /** How many records follows met, applied or not (for tests). */
    long recordsFollowed() {
        return recordsFollowed;
    }
}
