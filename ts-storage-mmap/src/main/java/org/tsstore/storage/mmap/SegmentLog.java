package org.tsstore.storage.mmap;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tsstore.api.Durability;
import org.tsstore.api.StorageException;
import org.tsstore.core.backend.DirectorySync;

/**
 * The append side of the store: the segments in log order, the active one that takes records, the roll to
 * a new segment (sealing the full one first), sequence numbers, and the one append operation that store
 * and delete share: it writes a record, and after a failure rolls the segment back so that the refused
 * record never turns up, or after success witnesses it (FORMAT.md, "Segment file"). A compaction
 * ({@link Compactor}) starts, inserts its copies and ends here, and the hint file checkpoints the log.
 * Writer-only: the caller holds the store's write lock (or has not published the store yet).
 */
final class SegmentLog {

    private static final System.Logger LOG = System.getLogger(MmapStorageManager.class.getName());

    /**
     * Writes records back to back from {@code position} of a channel, numbered from {@code sequence}, and
     * returns the offset of the last one.
     */
    @FunctionalInterface
    interface RecordBody {
        long write(RecordWriter writer, FileChannel channel, long position, long sequence) throws IOException;
    }

    /** Where appended records went. */
    static final class Appended {
        final Segment segment;
        final long position;
        /** After the last appended byte. */
        final long end;
        /** Whether the caller must still wait for the records to be forced ({@link GroupCommit}). */
        final boolean awaitForce;

        Appended(Segment segment, long position, long end, boolean awaitForce) {
            this.segment = segment;
            this.position = position;
            this.end = end;
            this.awaitForce = awaitForce;
        }
    }

    private final Path directory;
    private final MmapConfig config;
    private final RecordWriter writer = new RecordWriter();
    /** Writes seals, which may have to go out while {@link #writer} holds records not written yet. */
    private final RecordWriter sealWriter = new RecordWriter(RecordWriter.MIN_BUFFER_BYTES + 8);
    private List<Segment> segments;
    private Segment active;
    private long nextSequence;
    private int lastSegmentNumber;
    /** Record bytes in all segments, seals and tombstones included. */
    private long totalBytes;
    /** Bytes of the records the key directory points at; the rest of {@link #totalBytes} is dead. */
    private long liveBytes;
    /** Whether the hint file on disk describes the log and the key directory as they are. */
    private boolean hintCurrent;
    private volatile long compactions;

    SegmentLog(Path directory, MmapConfig config, List<Segment> segments, long nextSequence, boolean hintCurrent) {
        this.directory = directory;
        this.config = config;
        writer.encodedPoints(config.compressed);
        this.segments = new ArrayList<>(segments);
        this.nextSequence = nextSequence;
        this.hintCurrent = hintCurrent;
        this.lastSegmentNumber = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).number;
    }

    /**
     * Chooses the segment to append to after recovery: the newest, unless it is damaged (left as evidence),
     * sealed or full; then a new one (the newest is sealed first when it is full).
     *
     * @param keys the recovered key directory, for the live bytes
     */
    void start(KeyDirectory keys) throws IOException {
        Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (last != null && last.damaged) {
            newActiveSegment();
        } else if (last != null && !last.sealed && last.end < config.segmentBytes) {
            last.makeWritable();
            active = last;
        } else {
            if (last != null && !last.sealed) {
                last.makeWritable();
                active = last;
                sealActive();
            }
            newActiveSegment();
        }
        recount(keys);
    }

    /** The segments in log order; the last one is the active one. */
    List<Segment> segments() {
        return segments;
    }

    /** The segment that takes the next record. */
    Segment active() {
        return active;
    }

    /** The sequence number the next record gets. */
    long nextSequence() {
        return nextSequence;
    }

    /**
     * Whether automatic compaction is due: the dead bytes exceed {@code compactAt} of all record bytes and
     * reach {@link MmapConfig#minDeadBytes()}.
     */
    boolean compactionDue() {
        long dead = totalBytes - liveBytes;
        return config.compactAt < 1.0 && dead >= config.minDeadBytes() && dead > config.compactAt * totalBytes;
    }

    /** Notes that a record of {@code bytes} is no longer live: overwritten or deleted. */
    void superseded(long bytes) {
        liveBytes -= bytes;
    }

    /**
     * Appends records of {@code length} bytes in all to the active segment, after rolling to a new segment
     * if they would overfill it. On success the records are complete and their sequence numbers used up;
     * with {@code durability=os} they are witnessed, with {@code durability=sync} the caller must then
     * wait for the force ({@link Appended#awaitForce}, {@link GroupCommit}), which witnesses them.
     *
     * <p>A refusal of the caller's series (an {@link IllegalArgumentException}, or the series' own exception as
     * a {@link SeriesFailure}) changes nothing on disk: records of at most {@link RecordWriter#BUFFER_BYTES} are
     * encoded and checked whole before anything is written and before the segment is sealed or grown; a larger
     * record goes out while it is read, into its place without growing the file ahead of it (or, when it needs
     * a segment of its own, into a new segment file not yet renamed into place, the full one sealed only once
     * the record is complete), and a refusal puts the file back to its exact length and bytes (or deletes the
     * new file). After a failed write (a full disk) the segment keeps its end and its witness, the first bytes
     * are zeroed (best effort) and whatever was written beyond the end is cleared by the next append.
     *
     * @param records how many records (sequence numbers) the body writes
     * @param liveLength how many of the bytes are live records (stores and extents, not tombstones)
     * @param what the write for the message, such as {@code "store series 'a'"}
     * @throws StorageException if the write fails, naming {@code what} and the segment file
     */
    Appended append(long length, int records, long liveLength, String what, RecordBody body) {
        // A sealed active segment is one whose successor could not be created (a full disk, say): nothing
        // may follow its seal, so creating the successor is tried again.
        boolean roll = active.sealed || active.end > RecordFormat.SEGMENT_HEADER_BYTES
                && active.end + length > config.segmentBytes;
        if (length <= RecordWriter.BUFFER_BYTES) {
            return appendChecked(length, records, liveLength, what, body, roll);
        }
        return roll ? appendToNewSegment(length, records, liveLength, what, body)
                : appendInPlace(length, records, liveLength, what, body);
    }

    /** Records that fit the writer's buffer: encoded (and so checked) whole, then the roll, then one write. */
    private Appended appendChecked(long length, int records, long liveLength, String what, RecordBody body,
            boolean roll) {
        long sequence = nextSequence + (roll && !active.sealed ? 1 : 0); // the seal, if any, takes the one before
        long position = roll ? RecordFormat.SEGMENT_HEADER_BYTES : active.end;
        long last;
        try {
            last = body.write(writer, null, position, sequence);
        } catch (IOException e) { // nothing was written: the records are only in the buffer
            throw new StorageException("cannot " + what + " in segment file " + active + ": " + e, e);
        }
        Segment s = roll ? roll() : active;
        try {
            s.ensureCapacity(position + length, config.segmentBytes + RecordFormat.SEAL_BYTES, writer, sync());
            writer.writeBuffered(s.channel());
            s.clearStale(writer, position + length);
        } catch (IOException e) {
            rollBack(s, position);
            throw new StorageException("cannot " + what + " in segment file " + s + ": " + e, e);
        } catch (RuntimeException | Error e) {
            rollBack(s, position);
            throw e;
        }
        return appended(s, position, length, last, records, liveLength);
    }

    /** A large record that fits the active segment: written while read, undone exactly if refused or failed. */
    private Appended appendInPlace(long length, int records, long liveLength, String what, RecordBody body) {
        Segment s = active;
        long position = s.end;
        long oldCapacity = s.capacity;
        long last;
        try {
            last = body.write(writer, s.channel(), position, nextSequence);
            s.clearStale(writer, position + length);
        } catch (IOException e) {
            undo(s, position, oldCapacity, e);
            throw new StorageException("cannot " + what + " in segment file " + s + ": " + e, e);
        } catch (RuntimeException | Error e) {
            undo(s, position, oldCapacity, e);
            throw e;
        }
        s.capacity = Math.max(oldCapacity, position + length);
        return appended(s, position, length, last, records, liveLength);
    }

    private void undo(Segment s, long position, long oldCapacity, Throwable failure) {
        try {
            s.undo(writer, position, oldCapacity, Math.max(writer.writtenEnd(), s.dirtyEnd));
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
            rollBack(s, position);
        }
    }

    /**
     * A large record that needs a new segment: written into the new segment's temporary file; only once it is
     * complete is the active segment sealed and the new one renamed into place. A refusal deletes the file.
     */
    private Appended appendToNewSegment(long length, int records, long liveLength, String what, RecordBody body) {
        boolean seal = !active.sealed;
        long sequence = nextSequence + (seal ? 1 : 0);
        Segment full = active;
        Segment next;
        try {
            next = Segment.createPending(directory, lastSegmentNumber + 1, config.windowShift);
        } catch (IOException e) {
            throw new StorageException("cannot start a new segment after " + full + ": " + e, e);
        }
        long position = RecordFormat.SEGMENT_HEADER_BYTES;
        long last;
        try {
            last = body.write(writer, next.channel(), position, sequence);
            if (seal) {
                sealActive(); // takes the sequence number before the record's
                totalBytes += RecordFormat.SEAL_BYTES;
            }
            next.publish(sync());
        } catch (IOException e) {
            next.discard();
            throw new StorageException("cannot " + what + " in a new segment after " + full + ": " + e, e);
        } catch (RuntimeException | Error e) {
            next.discard();
            throw e;
        }
        next.capacity = position + length;
        lastSegmentNumber = next.number;
        segments.add(next);
        active = next;
        hintCurrent = false;
        // Forced whatever the durability: a segment's name must not outlive the names of those before it,
        // or a power loss could leave a gap in the numbers that reads like nothing was lost.
        try {
            DirectorySync.force(directory);
        } catch (IOException e) {
            next.unwrite(position); // refused, so it must not turn up after a restart
            throw new StorageException("cannot " + what + ": the directory " + directory + " cannot be forced to"
                    + " the device after creating " + next + ": " + e, e);
        }
        return appended(next, position, length, last, records, liveLength);
    }

    /** Notes records written complete at {@code position} of {@code s}: witnessed, counted, numbered. */
    private Appended appended(Segment s, long position, long length, long last, int records, long liveLength) {
        s.appended(position, length, writer.headerCrc());
        s.lastRecord = last;
        if (!sync()) {
            witness(s);
        }
        s.dirty = true; // the witness, and the records, are not forced yet
        nextSequence += records;
        hintCurrent = false;
        totalBytes += length;
        liveBytes += liveLength;
        return new Appended(s, position, position + length, sync());
    }

    private void rollBack(Segment s, long position) {
        s.dirtyEnd = Math.max(s.dirtyEnd, writer.writtenEnd());
        s.unwrite(position);
    }

    /** Seals the active segment (unless a failed roll left it sealed) and starts the next. */
    private Segment roll() {
        Segment full = active;
        try {
            if (!active.sealed) {
                sealActive();
                totalBytes += RecordFormat.SEAL_BYTES;
            }
            newActiveSegment();
        } catch (IOException e) {
            throw new StorageException("cannot start a new segment after " + full + ": " + e, e);
        }
        return active;
    }

    private void sealActive() throws IOException {
        active.appendSeal(sealWriter, nextSequence++, Long.MAX_VALUE);
        if (sync()) {
            active.force();
        }
    }

    /**
     * A new, empty segment file with its header. The header is written to a temporary file that is then renamed
     * (after forcing it, with {@code durability=sync}), so that a segment file never exists without its header: a
     * segment file shorter than its header is damage, never a crash outcome. The caller forces the directory.
     */
    private Segment createSegment(int number) throws IOException {
        Segment s = Segment.createPending(directory, number, config.windowShift);
        try {
            s.publish(sync());
        } catch (IOException | RuntimeException e) {
            s.discard();
            throw e;
        }
        return s;
    }

    private void newActiveSegment() throws IOException {
        Segment next = createSegment(lastSegmentNumber + 1);
        lastSegmentNumber = next.number;
        segments.add(next);
        active = next;
        hintCurrent = false;
        if (sync()) {
            next.force();
        }
        DirectorySync.force(directory); // its name before any later segment's, whatever the durability

    }

    /**
     * Updates a segment's witness after a complete record. A failure is logged, not thrown: the record is
     * complete (and acknowledged), and a witness that lags behind is what a crash leaves too.
     */
    private static void witness(Segment s) {
        try {
            s.witness();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot update the witness of segment file " + s + "; it lags behind", e);
        }
    }

    private boolean sync() {
        return config.durability == Durability.SYNC;
    }

    /**
     * Forces every segment's pending writes to the device, then writes the hint file if the log changed
     * since the last one and {@code writeHint}.
     */
    void flush(KeyDirectory keys, boolean writeHint) throws IOException {
        for (Segment s : segments) {
            s.force();
        }
        if (!hintCurrent && writeHint) {
            HintFile.write(directory, segments, keys.entries(), nextSequence);
            hintCurrent = true;
        }
    }

    /** Retires every segment: no more mapping, channels closed; mapped views stay valid. */
    void retire() {
        for (Segment s : segments) {
            s.retire();
        }
    }

    /** What a compaction copies, and the numbers it may use, fixed under the write lock when it starts. */
    static final class CompactionStart {
        /** The segments the copies replace, in log order. */
        final List<Segment> old;
        /** The live entries to copy: the key directory as it was when the active segment was sealed. */
        final List<KeyDirectory.Entry> live;
        /** The first segment number for copies; they stay below {@link #numberLimit}. */
        final int firstNumber;
        /** The number of the segment writers append to meanwhile, after every copy. */
        final int numberLimit;
        /** The first sequence number for the copies' seals and folded records; they stay below the limit. */
        final long firstSequence;
        final long sequenceLimit;

        CompactionStart(List<Segment> old, List<KeyDirectory.Entry> live, int firstNumber, int numberLimit,
                long firstSequence, long sequenceLimit) {
            this.old = old;
            this.live = live;
            this.firstNumber = firstNumber;
            this.numberLimit = numberLimit;
            this.firstSequence = firstSequence;
            this.sequenceLimit = sequenceLimit;
        }
    }

    /**
     * Starts a compaction: seals the active segment (so that every segment but the newest ends in a seal at
     * every moment), reserves segment numbers for the copies ({@code copySegments} of them) and sequence numbers
     * for their seals and folds, and starts the segment writers append to while the copies are made, numbered
     * after the reserved ones: every copy then precedes every later write in log order.
     *
     * @param live the live entries, taken under the same hold of the write lock: every later write goes to the
     *     new segment, after the copies
     */
    CompactionStart beginCompaction(List<KeyDirectory.Entry> live, int copySegments, long sequences)
            throws IOException {
        if (!active.sealed) {
            sealActive();
            totalBytes += RecordFormat.SEAL_BYTES;
        }
        List<Segment> old = List.copyOf(segments);
        int first = lastSegmentNumber + 1;
        if ((long) first + copySegments >= Integer.MAX_VALUE) {
            throw new IOException("segment numbers are used up");
        }
        long firstSequence = nextSequence;
        nextSequence += sequences;
        lastSegmentNumber = first + copySegments - 1;
        newActiveSegment(); // numbered first + copySegments
        return new CompactionStart(old, live, first, first + copySegments, firstSequence, nextSequence);
    }

    /** Adds published copies to the log, right after the segments they replace. */
    void insertCopies(CompactionStart start, List<Segment> copies) {
        segments.addAll(start.old.size(), copies);
        hintCurrent = false;
    }

    /**
     * Ends a compaction once every entry points at a copy (or at a newer record): takes the old segments out of
     * the log and retires them, except those from {@code keep} on, which hold a damaged live record (the
     * evidence, and every later tombstone that may delete a record in them). Returns the segments taken out,
     * oldest first, for the caller to delete in that order (FORMAT.md, "Compaction") without the write lock.
     */
    List<Segment> finishCompaction(CompactionStart start, KeyDirectory keys, Segment keep) {
        List<Segment> dropped = new ArrayList<>();
        for (Segment s : start.old) {
            if (s == keep) {
                break;
            }
            segments.remove(s);
            s.retire();
            dropped.add(s);
        }
        hintCurrent = false;
        recount(keys);
        return dropped;
    }

    /** Counts a completed compaction. */
    void compacted() {
        compactions++;
    }

    /**
     * Deletes segments a compaction (or repair) took out of the log, oldest first, forcing the directory after
     * each: a power loss may undo deletions not yet forced in any order, and an older segment back without a
     * newer one would bring back records whose tombstones went with the newer. Needs no lock: nothing but
     * views already made reads them.
     */
    static void delete(Path directory, List<Segment> dropped, CrashPoints crashPoints) throws IOException {
        for (Segment s : dropped) {
            try {
                Files.deleteIfExists(s.path);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot delete the replaced segment " + s + "; it holds only superseded"
                        + " records and is dropped by a later compaction", e);
                return; // the newer ones stay too, so that no tombstone goes before a record it deletes
            }
            DirectorySync.force(directory);
            crashPoints.reached("deleted " + s.path.getFileName());
        }
    }

    /** How many compactions completed. */
    long compactions() {
        return compactions;
    }

    private void recount(KeyDirectory keys) {
        long total = 0;
        for (Segment s : segments) {
            total += s.end - RecordFormat.SEGMENT_HEADER_BYTES;
        }
        long live = 0;
        for (KeyDirectory.Entry e : keys.entries()) {
            live += e.recordLength();
        }
        totalBytes = total;
        liveBytes = live;
    }
}
