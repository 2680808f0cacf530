package org.tsstore.storage.mmap;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.StorageException;

/**
 * Opens the segments of a store and rebuilds the key directory: from the hint file when it matches the
 * segments, scanning only what was appended after it; otherwise by scanning every segment. Torn tails
 * (writes cut short by a crash) are cut off, and every segment is trimmed to its logical end: this runs
 * before anything is mapped, the one time truncating a segment is safe. Where records were lost (see
 * {@link SegmentTail} and FORMAT.md, "Lost records") it notes the last such place in log order, and
 * leaves a segment that lost its tail as it is.
 *
 * <p>Read-only ({@code mode=read}, {@link ReadOnlyStore}) it changes nothing: no temporary file deleted, no
 * tail cut, no hint read (a hint may name records the writer has not acknowledged yet), and it applies only the
 * records that end at or before each segment's witnessed end (FORMAT.md, "Reading a store"), noting the
 * segments that hold bytes after it for the reader to watch. After such a read, {@link #follow} reads only what a
 * writer appended since: the newest segment's records after those applied, and segments added after it.
 */
final class Recovery {

    private static final System.Logger LOG = System.getLogger(MmapStorageManager.class.getName());

    /** What recovery found. */
    static final class State {
        final KeyDirectory keys;
        final List<Segment> segments;
        final long nextSequence;
        final boolean fromHint;
        /** Whether the hint file describes the recovered state exactly, so closing need not rewrite it. */
        final boolean unchangedSinceHint;
        /** The last place where records were lost in log order, or {@code null}. */
        final DamageFrontier frontier;
        /** Per id: a damaged record of that id (its header intact) that may be newer than its winning one. */
        final Map<String, DamageFrontier> damagedIds;
        /** Per id without an entry: its last tombstone, where that follows the losses that could hide its records. */
        final Map<String, LogPlace> deletedAfter;
        /** Each segment's witness as read before its records (segments without a readable header left out). */
        final Map<Segment, Integer> witnesses;
        /** Read-only: the segments with bytes after their witnessed end that were not applied. */
        final Set<Segment> unwitnessed;
        /** Read-only: per segment scanned, where its applied records end (where a later read resumes). */
        final Map<Segment, Long> applied;
        /** How many complete records the scans met, applied or not (for tests). */
        final long recordsRead;

        State(KeyDirectory keys, List<Segment> segments, long nextSequence, boolean fromHint,
                boolean unchangedSinceHint, DamageFrontier frontier, Map<String, DamageFrontier> damagedIds,
                Map<String, LogPlace> deletedAfter, Map<Segment, Integer> witnesses, Set<Segment> unwitnessed,
                Map<Segment, Long> applied, long recordsRead) {
            this.applied = applied;
            this.recordsRead = recordsRead;
            this.witnesses = witnesses;
            this.unwitnessed = unwitnessed;
            this.unchangedSinceHint = unchangedSinceHint;
            this.frontier = frontier;
            this.damagedIds = damagedIds;
            this.deletedAfter = deletedAfter;
            this.keys = keys;
            this.segments = segments;
            this.nextSequence = nextSequence;
            this.fromHint = fromHint;
        }
    }

    private final Path directory;
    private final MmapConfig config;
    private final ByteBuffer buffer;
    /** Read-only, following: scans stop at the witnessed end and only probe what follows ({@link #probe}). */
    private final boolean following;
    private long recordsRead;
    private final Map<Segment, Long> applied = new HashMap<>();
    private long maxSequence = -1;
    /** Whether a scan after the hint found records, damage or a tail to cut. */
    private boolean changedSinceHint;
    private DamageFrontier frontier;
    private final Map<String, DamageFrontier> damagedIds = new HashMap<>();
    /**
     * Tombstones met after a loss, by id: they prove the id absent despite the loss. Kept only once a loss was
     * found, and emptied by every later loss (which all tombstones met so far precede).
     */
    private final Map<String, LogPlace> deletedAfter = new HashMap<>();
    private final Map<Segment, Integer> witnesses = new HashMap<>();
    private final Set<Segment> unwitnessed = new HashSet<>();

    private Recovery(Path directory, MmapConfig config, ByteBuffer buffer, boolean following) {
        this.directory = directory;
        this.config = config;
        this.buffer = buffer;
        this.following = following;
    }

    /** Rebuilds the key directory and returns it with the segments in order. */
    static State run(Path directory, MmapConfig config) throws IOException {
        return new Recovery(directory, config, ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN),
                false).recover();
    }

    /**
     * Read-only, after a read that found no damage: applies to {@code keys}, in log order, the records acknowledged
     * since in {@code newest} (from {@code from}, where the records applied before end; not at all when {@code from}
     * is negative, for a sealed segment whose witness did not move) and in the segments
     * {@code added} after it (from their start), and reads nothing else. Each scan stops at the segment's witnessed
     * end, then only decodes the complete records after it (not applied) to find a seal; so a follow costs what the
     * writer added, not the store's size. The caller reads the whole store instead when this finds damage or a loss
     * ({@link State#frontier}, {@link State#damagedIds}), checked exactly as a whole read checks them.
     *
     * @param buffer the scan buffer, reused by every follow (small: a follow reads a few records)
     * @return the newest segment then the added ones, with their witnesses, where applied records end, and any loss
     * @throws IOException if a segment cannot be read (an added one deleted meanwhile, say); the added segments
     *     are closed again
     */
    static State follow(Path directory, MmapConfig config, ByteBuffer buffer, KeyDirectory keys, Segment newest,
            long from, SortedMap<Integer, Path> added) throws IOException {
        return new Recovery(directory, config, buffer, true).resume(keys, newest, from, added);
    }

    private State resume(KeyDirectory keys, Segment newest, long from, SortedMap<Integer, Path> added)
            throws IOException {
        List<Segment> segments = new ArrayList<>();
        segments.add(newest);
        try {
            for (Map.Entry<Integer, Path> f : added.entrySet()) {
                Segment s = new Segment(f.getKey(), f.getValue(), config.windowShift, 0,
                        RecordFormat.SEGMENT_HEADER_BYTES);
                segments.add(s);
                s.channel(); // opened now, as by a whole read
            }
            for (int i = from < 0 ? 1 : 0; i < segments.size(); i++) {
                Segment s = segments.get(i);
                FileChannel ch = s.channel();
                long size = checkHeader(s, ch);
                // raised before the scan: readers of the shared key directory map the entries it puts at once
                s.capacity = Math.max(s.capacity, size);
                if (size >= RecordFormat.SEGMENT_HEADER_BYTES) {
                    scan(s, ch, i == 0 ? from : RecordFormat.SEGMENT_HEADER_BYTES, size, keys,
                            i == segments.size() - 1);
                }
                s.dirtyEnd = s.end;
            }
        } catch (IOException | RuntimeException e) {
            for (Segment s : segments.subList(1, segments.size())) {
                s.retire();
            }
            throw e;
        }
        return new State(keys, segments, 0, false, false, frontier, Map.copyOf(damagedIds), Map.copyOf(deletedAfter),
                Map.copyOf(witnesses), Set.copyOf(unwitnessed), Map.copyOf(applied), recordsRead);
    }

    private State recover() throws IOException {
        if (!config.readOnly) {
            Files.deleteIfExists(directory.resolve(HintFile.TEMP_NAME));
        }
        TreeMap<Integer, Path> files = SegmentListing.files(directory, config.readOnly);
        List<Segment> segments = new ArrayList<>();
        Map<Integer, Long> sizes = new HashMap<>();
        for (Map.Entry<Integer, Path> f : files.entrySet()) {
            Segment s = new Segment(f.getKey(), f.getValue(), config.windowShift, 0, RecordFormat.SEGMENT_HEADER_BYTES);
            if (config.readOnly) {
                s.channel(); // opened now: a compaction may delete the file, the open channel still reads it
            }
            long size = checkHeader(s);
            s.capacity = size;
            sizes.put(f.getKey(), size);
            segments.add(s);
        }
        Map<Segment, Long> scanFrom = new HashMap<>();
        long hintSequence = 0;
        KeyDirectory keys = new KeyDirectory();
        HintFile.Contents hint = config.readOnly ? null : readHint();
        String stale = hint == null ? "no hint file" : applyHint(hint, segments, sizes, keys, scanFrom);
        boolean fromHint = stale == null;
        if (fromHint) {
            hintSequence = hint.nextSequence;
        } else {
            keys = new KeyDirectory();
            LOG.log(Level.DEBUG, "mmap store {0}: rebuilding the key directory by a scan ({1})", directory, stale);
            scanFrom.clear();
            for (Segment s : segments) {
                s.end = RecordFormat.SEGMENT_HEADER_BYTES;
                s.sealed = false;
                s.lastRecord = 0;
                scanFrom.put(s, (long) RecordFormat.SEGMENT_HEADER_BYTES);
            }
        }
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            Long from = scanFrom.get(s);
            long size = sizes.get(s.number);
            try (FileChannel ch = config.readOnly ? FileChannel.open(s.path, StandardOpenOption.READ)
                    : FileChannel.open(s.path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                if (from != null && size >= RecordFormat.SEGMENT_HEADER_BYTES) {
                    scan(s, ch, from, size, keys, i == segments.size() - 1);
                }
                if (config.readOnly) {
                    s.capacity = size; // as found: nothing is cut
                } else if (s.damaged) {
                    changedSinceHint = true;
                    s.capacity = size; // left as found: the evidence verify() reports
                } else {
                    if (ch.size() > s.end) {
                        ch.truncate(s.end);
                    }
                    s.capacity = s.end;
                }
            }
            s.dirtyEnd = s.end;
        }
        long next = Math.max(hintSequence, maxSequence + 1);
        for (String id : List.copyOf(deletedAfter.keySet())) {
            if (keys.get(id) != null) {
                deletedAfter.remove(id); // stored again after its tombstone
            }
        }
        return new State(keys, segments, next, fromHint, fromHint && !changedSinceHint, frontier,
                Map.copyOf(damagedIds), Map.copyOf(deletedAfter), Map.copyOf(witnesses), Set.copyOf(unwitnessed),
                Map.copyOf(applied), recordsRead);
    }

    private void lost(Segment s, long before, String problem) {
        LOG.log(Level.WARNING, "mmap store {0}: {1}; reads of series whose record precedes it are refused"
                + " (verify() reports it)", directory, problem);
        frontier = DamageFrontier.later(frontier, new DamageFrontier(s.number, before, problem));
        deletedAfter.clear(); // every tombstone met so far precedes this loss
    }

    /**
     * Checks the 16-byte segment header, notes its witness and returns the file size. A segment file is
     * created with its header in place (renamed into place), so a file too short for its header or with a
     * zero header has lost it: the segment is marked damaged (any records after the header are still read).
     */
    private long checkHeader(Segment s) throws IOException {
        try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ)) {
            return checkHeader(s, ch);
        }
    }

    /** As {@link #checkHeader(Segment)}, through a channel the caller holds (read positionally). */
    private long checkHeader(Segment s, FileChannel ch) throws IOException {
        Path path = s.path;
        SegmentHeader h = SegmentHeader.read(ch);
        if (h.zero()) {
            s.damaged = true;
            lost(s, Long.MAX_VALUE, "segment file " + path + " has lost its header (" + ch.size()
                    + " bytes, header zero): records in it may have been lost");
            return ch.size();
        }
        if (!h.hasMagic()) {
            throw new StorageException("file " + path + " is named like an mmap segment but has no segment header");
        }
        if (h.version() != RecordFormat.VERSION) {
            throw new StorageException("segment " + path + " has format version " + h.version()
                    + "; this version of tsstore reads version " + RecordFormat.VERSION);
        }
        witnesses.put(s, h.witness());
        return ch.size();
    }

    private HintFile.Contents readHint() {
        try {
            return HintFile.read(directory);
        } catch (IOException | CorruptRecordException e) {
            LOG.log(Level.WARNING, "mmap store {0}: ignoring the hint file: {1}", directory, e.getMessage());
            return null;
        }
    }

    /**
     * Checks the hint against the segments and, if it matches, loads its entries and sets each segment's
     * state and where a scan must continue.
     *
     * @return {@code null} when the hint was applied, else why it is stale
     */
    private String applyHint(HintFile.Contents hint, List<Segment> segments, Map<Integer, Long> sizes,
            KeyDirectory hinted, Map<Segment, Long> scanFrom) throws IOException {
        Map<Integer, Segment> byNumber = new HashMap<>();
        for (Segment s : segments) {
            byNumber.put(s.number, s);
        }
        int maxHinted = -1;
        List<Segment> hintOrder = new ArrayList<>();
        Set<Segment> inHint = new HashSet<>();
        for (HintFile.SegmentState st : hint.segments) {
            Segment s = byNumber.get(st.number);
            if (s == null) {
                return "segment " + Segment.fileName(st.number) + " of the hint is gone";
            }
            if (st.end < RecordFormat.SEGMENT_HEADER_BYTES || st.end > sizes.get(st.number)) {
                return "segment " + s + " is shorter than the hint says";
            }
            if (st.lastRecord == 0) {
                if (st.end != RecordFormat.SEGMENT_HEADER_BYTES || st.sealed) {
                    return "segment " + s + " has no last record in the hint";
                }
            } else {
                try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ)) {
                    SegmentScanner scanner = new SegmentScanner(new SegmentReader(ch, st.end, buffer));
                    RecordHeader h = scanner.complete(st.lastRecord);
                    if (h.headerCrc != st.lastHeaderCrc || h.end() != st.end
                            || (h.kind == RecordFormat.SEAL) != st.sealed) {
                        return "the last record of segment " + s + " differs from the hint";
                    }
                } catch (CorruptRecordException e) {
                    return "the last record of segment " + s + " is not where the hint says: " + e.getMessage();
                }
            }
            s.end = st.end;
            s.sealed = st.sealed;
            s.lastRecord = st.lastRecord;
            s.lastHeaderCrc = st.lastHeaderCrc;
            if (!st.sealed) {
                scanFrom.put(s, st.end);
            }
            maxHinted = Math.max(maxHinted, st.number);
            hintOrder.add(s);
            inHint.add(s);
        }
        for (Segment s : segments) {
            if (!inHint.contains(s)) {
                if (s.number < maxHinted) {
                    return "segment " + s + " is not in the hint";
                }
                scanFrom.put(s, (long) RecordFormat.SEGMENT_HEADER_BYTES);
                changedSinceHint = true;
            }
        }
        try {
            hint.load(hinted, hintOrder);
        } catch (CorruptRecordException e) {
            return e.getMessage();
        }
        return null;
    }

    /**
     * Chains an extent record to its series. An extent without a series before it is left out: compaction
     * leaves such records when a crash stops it after it deleted the segment of their store record (the
     * folded copy follows them), and damage can hide a store record (then the loss is noted anyway).
     */
    private void extend(KeyDirectory keys, Segment s, RecordHeader h) {
        KeyDirectory.Entry e = keys.get(h.id);
        if (e == null || e.size == 0) {
            LOG.log(Level.DEBUG, "mmap segment {0}: {1} extends no series; left out", s, h);
            return;
        }
        try {
            keys.put(e.appended(s, h.offset, h.points));
        } catch (IllegalArgumentException tooLong) {
            lost(s, h.offset, "segment file " + s + " holds " + h + ", which would make the series longer than "
                    + Integer.MAX_VALUE + " points");
        }
    }

    /**
     * The witnessed end in bytes: the witness names it modulo 2^35 bytes, so the largest such offset within the
     * file (a segment over 32 GiB holds one record, whose end is then the one the witness names).
     */
    static long witnessedEnd(int witness, long size) {
        long end = Integer.toUnsignedLong(witness) << 3;
        while (end + (1L << 35) <= size) {
            end += 1L << 35;
        }
        return end;
    }

    private void scan(Segment s, FileChannel ch, long from, long size, KeyDirectory keys, boolean newest)
            throws IOException {
        int witness = witnesses.getOrDefault(s, 0);
        boolean[] witnessReached = {Integer.toUnsignedLong(witness) << 3 <= from && from > RecordFormat.SEGMENT_HEADER_BYTES};
        long limit = config.readOnly && witness != 0 ? witnessedEnd(witness, size) : Long.MAX_VALUE;
        // following, the scan stops at the witnessed end (not at the end of the file's sparse room)
        long stop = following && limit < size ? Math.max(from, limit) : size;
        SegmentScanner scanner = new SegmentScanner(new SegmentReader(ch, stop, buffer));
        applied.put(s, from);
        SegmentScanner.End scanned = scanner.scan(from, false, new SegmentScanner.Visitor() {
            @Override
            public void record(RecordHeader h) {
                recordsRead++;
                witnessReached[0] |= RecordFormat.witnessOf(h.end()) == witness;
                if (h.end() > limit) { // not acknowledged yet (a seal still seals: the scan ends there)
                    if (h.kind != RecordFormat.SEAL) {
                        unwitnessed.add(s);
                    }
                    return;
                }
                changedSinceHint = true;
                applied.put(s, h.end());
                s.lastRecord = h.offset;
                s.lastHeaderCrc = h.headerCrc;
                maxSequence = Math.max(maxSequence, h.sequence);
                if (h.kind == RecordFormat.STORE) {
                    keys.put(new KeyDirectory.Entry(h.id, s, h.offset, h.points, false));
                } else if (h.kind == RecordFormat.EXTENT) {
                    extend(keys, s, h);
                } else if (h.kind == RecordFormat.TOMBSTONE) {
                    keys.remove(h.id);
                    if (frontier != null || damagedIds.containsKey(h.id)) {
                        deletedAfter.put(h.id, new LogPlace(s.number, h.offset));
                    }
                }
            }

            @Override
            public void damaged(long from, long to, String id, String problem) {
                if (from >= limit) { // after the witnessed end: a write in flight, not damage
                    unwitnessed.add(s);
                    return;
                }
                changedSinceHint = true;
                // a stretch the scan reported (and accounted for) reaches the witnessed end too
                witnessReached[0] |= RecordFormat.witnessOf(to) == witness;
                String what = "segment file " + s + " holds damaged bytes from offset " + from + " to " + to + " ("
                        + problem + ")";
                if (id != null) {
                    // exactly one record, its header intact: only that id may have lost a newer record
                    damagedIds.put(id, DamageFrontier.later(damagedIds.get(id), new DamageFrontier(s.number, from,
                            what + ", a record of series " + SeriesIds.quote(id))));
                    deletedAfter.remove(id);
                } else {
                    lost(s, from, what + ", where any series' newer record may have been");
                }
                LOG.log(Level.WARNING, "mmap segment {0}: damaged bytes {1} to {2}{3}: {4}; skipped (verify() reports them)",
                        s, from, to, id == null ? "" : " (series " + SeriesIds.quote(id) + ")", problem);
            }
        });
        SegmentScanner.End end = stop < size && scanned.kind == SegmentScanner.EndKind.CLEAN && scanned.offset == stop
                ? probe(s, ch, stop, size) : scanned;
        s.end = end.offset;
        s.sealed = end.kind == SegmentScanner.EndKind.SEALED;
        if (config.readOnly && end.kind == SegmentScanner.EndKind.TORN) {
            unwitnessed.add(s); // a write in flight
        }
        String loss = SegmentTail.lost(s, newest, end, witness, witnessReached[0]);
        if (loss != null) {
            s.damaged = true;
            lost(s, Long.MAX_VALUE, loss);
        } else if (end.kind == SegmentScanner.EndKind.TORN && !config.readOnly) {
            changedSinceHint = true;
            LOG.log(Level.WARNING, "mmap segment {0}: cutting off a torn tail of {1} bytes at offset {2}"
                    + " (a write that a crash interrupted)", s, size - end.offset, end.offset);
        }
    }

    /**
     * Following: how the records after the witnessed end {@code from} end, none of them applied: at a seal (the
     * writer does not witness seals), at a record in flight (a torn end, noted as unwitnessed) or at zeros. Decodes
     * only the complete records there, as the scan does ({@link SegmentScanner#complete}), not the sparse room.
     */
    private SegmentScanner.End probe(Segment s, FileChannel ch, long from, long size) throws IOException {
        // a few headers are read here: a small buffer, so that a fill does not copy the sparse room's zeros
        SegmentReader reader = new SegmentReader(ch, size, buffer.duplicate().clear().slice(0, Math.min(buffer.capacity(), 4096)));
        SegmentScanner scanner = new SegmentScanner(reader);
        long p = from;
        while (p < size) {
            RecordHeader h;
            try {
                h = scanner.complete(p);
            } catch (CorruptRecordException incomplete) {
                if (size - p >= 8 && reader.getLong(p) != 0) {
                    unwitnessed.add(s);
                    return new SegmentScanner.End(SegmentScanner.EndKind.TORN, p);
                }
                break;
            }
            recordsRead++;
            if (h.kind == RecordFormat.SEAL) {
                return new SegmentScanner.End(SegmentScanner.EndKind.SEALED, h.end());
            }
            unwitnessed.add(s);
            p = h.end();
        }
        return new SegmentScanner.End(SegmentScanner.EndKind.CLEAN, p);
    }
}
