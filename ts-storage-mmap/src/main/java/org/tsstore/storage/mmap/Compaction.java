package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.tsstore.core.backend.DirectorySync;

/**
 * The copying half of a compaction (or of a repair), which runs without the store's write lock: copies the
 * records of a snapshot of live entries into new segments, byte for byte where a series is one record (so its
 * checksums and sequence number stay) and folding a series appended to into one new store record, every source
 * record checked on the way ({@link RecordCopier}); a damaged record is left where it is and reported, never
 * copied. The new segments are written as temporary files ({@code NNNNNNNNNN.seg.tmp}, deleted by the next
 * open), each sealed, and {@link #publish()} forces them and renames them into place in ascending order. Their
 * numbers come from a range reserved below the segment the writers append to meanwhile, so every copy precedes
 * every write made during the compaction in log order (FORMAT.md, "Compaction").
 */
final class Compaction {

    /** A copied series: the entry as the snapshot had it, and the entry of its copy. */
    static final class Moved {
        final KeyDirectory.Entry from;
        final KeyDirectory.Entry to;

        Moved(KeyDirectory.Entry from, KeyDirectory.Entry to) {
            this.from = from;
            this.to = to;
        }
    }

    /** A live series whose record failed its check: left in its segment, with the problem. */
    static final class Damaged {
        final KeyDirectory.Entry entry;
        final String problem;

        Damaged(KeyDirectory.Entry entry, String problem) {
            this.entry = entry;
            this.problem = problem;
        }
    }

    private final Path directory;
    private final MmapConfig config;
    private final RecordCopier copier;
    private final RecordWriter writer;
    private final BooleanSupplier stop;
    private final List<Segment> created = new ArrayList<>();
    private final List<Moved> moved = new ArrayList<>();
    private final List<Damaged> damaged = new ArrayList<>();
    private int nextNumber;
    private int numberLimit;
    private long nextSequence;
    private long sequenceLimit;

    /**
     * @param stop asked before each record: when it answers {@code true} the copy stops with an IOException
     */
    Compaction(Path directory, MmapConfig config, BooleanSupplier stop) {
        this.directory = directory;
        this.config = config;
        this.writer = new RecordWriter().encodedPoints(config.compressed);
        this.copier = new RecordCopier(writer);
        this.stop = stop;
    }

    /** The live entries in log order of their store records: the order their copies keep. */
    static List<KeyDirectory.Entry> inLogOrder(List<KeyDirectory.Entry> live) {
        List<KeyDirectory.Entry> sorted = new ArrayList<>(live);
        sorted.sort(Comparator.comparingInt((KeyDirectory.Entry e) -> e.segment.number)
                .thenComparingLong(KeyDirectory.Entry::offset));
        return sorted;
    }

    /** The length of an entry's copy: one store record of all its points. */
    static long copyLength(KeyDirectory.Entry e) {
        return RecordFormat.recordLength(SeriesIdBytes.length(e.id), e.size);
    }

    /** Whether a copy of {@code length} bytes starts a new segment after one that holds records up to {@code end}. */
    private boolean full(long end, long length) {
        return end > RecordFormat.SEGMENT_HEADER_BYTES && end + length > config.segmentBytes;
    }

    /**
     * How many segments the copies of {@code entries} series of {@code bytes} in all take at most, in any order:
     * a segment is sealed only when the next copy does not fit it, so any two consecutive segments hold more
     * than {@code segmentBytes - 16} between them, and each holds at least one copy.
     */
    int segmentsAtMost(int entries, long bytes) {
        if (entries == 0) {
            return 0;
        }
        long bound = 2 * bytes / (config.segmentBytes - RecordFormat.SEGMENT_HEADER_BYTES) + 2;
        return (int) Math.min(entries, bound);
    }

    /**
     * Copies the entries, in log order, into new segments numbered from {@code firstNumber} (below
     * {@code numberLimit}), sealing each, with sequence numbers from {@code firstSequence} (below
     * {@code sequenceLimit}).
     *
     * @throws IOException if a copy cannot be written, the reserved numbers run out, or {@code stop} asks; the
     *     caller then {@link #discard()}s what was made
     */
    void run(List<KeyDirectory.Entry> inOrder, int firstNumber, int numberLimit, long firstSequence,
            long sequenceLimit) throws IOException {
        this.nextNumber = firstNumber;
        this.numberLimit = numberLimit;
        this.nextSequence = firstSequence;
        this.sequenceLimit = sequenceLimit;
        Segment out = null;
        long limit = config.segmentBytes + RecordFormat.SEAL_BYTES;
        for (KeyDirectory.Entry e : inOrder) {
            if (stop.getAsBoolean()) {
                throw new IOException("compaction stopped: the store is closing");
            }
            long length = copyLength(e);
            if (out == null || full(out.end, length)) {
                if (out != null) {
                    out.appendSeal(writer, sequence(), limit);
                }
                out = newSegment();
            }
            long position = out.end;
            long sequence = e.chain() == null ? -1 : sequence();
            String problem = copier.copy(e, out, position, sequence);
            if (problem != null) {
                damaged.add(new Damaged(e, problem)); // what it wrote is overwritten by the next copy or cut off
                continue;
            }
            out.appended(position, length, copier.headerCrc());
            moved.add(new Moved(e, new KeyDirectory.Entry(e.id, out, position, e.size, true)));
        }
        if (out != null) {
            out.appendSeal(writer, sequence(), limit); // the last copy is not the newest segment: sealed too
        }
        for (Segment s : created) {
            // nothing maps the new segments yet: the one moment anything after their records can be cut off
            s.channel().truncate(s.end);
            s.capacity = s.end;
            s.witness();
        }
    }

    private long sequence() throws IOException {
        if (nextSequence >= sequenceLimit) {
            throw new IOException("compaction needs more sequence numbers than it reserved");
        }
        return nextSequence++;
    }

    private Segment newSegment() throws IOException {
        if (nextNumber >= numberLimit) {
            throw new IOException("compaction needs more segments than the " + (numberLimit - nextNumber)
                    + " numbers it reserved");
        }
        Segment s = Segment.createPending(directory, nextNumber++, config.windowShift);
        created.add(s);
        return s;
    }

    /** Forces every copy and renames it into place, in ascending order, then forces the directory. */
    void publish() throws IOException {
        for (Segment s : created) {
            s.publish(true);
        }
        if (!created.isEmpty()) {
            DirectorySync.force(directory);
        }
    }

    /** Deletes every copy, renamed into place or not: after a failure, before any entry points at them. */
    void discard() {
        for (Segment s : created) {
            s.discard();
            try {
                java.nio.file.Files.deleteIfExists(s.path);
            } catch (IOException e) {
                // a duplicate of records the old segments still hold: harmless, dropped by a later compaction
            }
        }
    }

    /** The new segments, in order. */
    List<Segment> segments() {
        return created;
    }

    /** The series copied. */
    List<Moved> moved() {
        return moved;
    }

    /** The series whose records failed their check, left where they are. */
    List<Damaged> damaged() {
        return damaged;
    }
}
