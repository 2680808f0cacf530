package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tsstore.api.Durability;
import org.tsstore.api.SeriesIds;
import org.tsstore.core.backend.DirectorySync;

/**
 * Copies the live records into new segments, numbered after every existing one, byte for byte (so their
 * checksums and sequence numbers stay), folds the records of each series appended to into one store
 * record, and forces them and the directory. The caller then points the key
 * directory at the copies and deletes the old segments, oldest first: the order FORMAT.md, "Compaction",
 * shows safe at any crash.
 */
final class Compaction {

    /** The new segments, in order (the last one open for appends), and the moved entries. */
    static final class Result {
        final List<Segment> segments;
        final List<KeyDirectory.Entry> moved;

        Result(List<Segment> segments, List<KeyDirectory.Entry> moved) {
            this.segments = segments;
            this.moved = moved;
        }
    }

    private final Path directory;
    private final MmapConfig config;
    private final RecordWriter writer;
    private final List<Segment> created = new ArrayList<>();

    Compaction(Path directory, MmapConfig config, RecordWriter writer) {
        this.directory = directory;
        this.config = config;
        this.writer = writer;
    }

    /** The segments this compaction created so far, for cleaning up after a failure. */
    List<Segment> created() {
        return created;
    }

    /**
     * Copies the live entries.
     *
     * @param live the live entries
     * @param firstNumber the number of the first new segment
     * @param sequences the sequence numbers for seal records, advanced as seals are written
     */
    Result run(List<KeyDirectory.Entry> live, int firstNumber, long[] sequences) throws IOException {
        List<KeyDirectory.Entry> sorted = new ArrayList<>(live);
        sorted.sort(Comparator.comparingInt((KeyDirectory.Entry e) -> e.segment.number)
                .thenComparingLong(KeyDirectory.Entry::offset));
        List<KeyDirectory.Entry> moved = new ArrayList<>(sorted.size());
        int number = firstNumber;
        Segment out = newSegment(number++);
        long limit = config.segmentBytes + RecordFormat.SEAL_BYTES;
        for (KeyDirectory.Entry e : sorted) {
            long length = RecordFormat.recordLength(SeriesIdBytes.length(e.id), e.size);
            if (out.end > RecordFormat.SEGMENT_HEADER_BYTES && out.end + length > config.segmentBytes) {
                out.appendSeal(writer, sequences[0]++, limit);
                if (config.durability == Durability.SYNC) {
                    out.force(); // the seal is on the device before the next segment exists (FORMAT.md)
                }
                out = newSegment(number++);
            }
            long position = out.end;
            out.ensureCapacity(position + length, limit, writer, false);
            if (e.chain() == null) {
                copy(e.segment.channel(), e.offset(), length, out.channel(), position);
                out.appended(position, length, headerCrc(out.channel(), position));
                moved.add(new KeyDirectory.Entry(e.id, out, position, e.size, e.verified()));
            } else {
                fold(e, out, position, sequences[0]++);
                out.appended(position, length, writer.headerCrc());
                moved.add(new KeyDirectory.Entry(e.id, out, position, e.size, true));
            }
        }
        for (Segment s : created) {
            // Nothing maps the new segments yet: the one moment their sparse room can be trimmed safely.
            s.channel().truncate(s.end);
            s.capacity = s.end;
            s.witness();
            s.force();
        }
        DirectorySync.force(directory);
        return new Result(List.copyOf(created), moved);
    }

    private Segment newSegment(int number) throws IOException {
        // forced before it is renamed into place, so that no crash leaves a segment file without its header
        Segment s = Segment.create(directory, number, config.windowShift, true);
        created.add(s);
        return s;
    }

    /**
     * Writes the points of a series' chain (a store record and its extents) as one store record with a
     * new sequence number, after checking every record of the chain (a damaged one fails the compaction,
     * rather than being sealed under a fresh checksum).
     */
    private void fold(KeyDirectory.Entry e, Segment out, long position, long sequence) throws IOException {
        Extents chain = e.chain();
        try {
            if (!e.verified()) {
                Verifier.checkRecords(e, true);
            }
            chain.map();
        } catch (SegmentRetiredException retired) {
            throw new IOException("a record of series " + e.id + " was compacted away while folded", retired);
        }
        writer.writeStore(out.channel(), position, SeriesIds.utf8(e.id), sequence, new ChainedSeries(chain, 0,
                chain.size), chain.size);
    }

    private static void copy(FileChannel from, long position, long length, FileChannel to, long target)
            throws IOException {
        to.position(target);
        long done = 0;
        while (done < length) {
            long n = from.transferTo(position + done, length - done, to);
            if (n <= 0) {
                throw new IOException("cannot copy a record: its segment ends at " + (position + done));
            }
            done += n;
        }
    }

    private static int headerCrc(FileChannel channel, long record) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (channel.read(b, record + 12 + b.position()) < 0) {
                throw new IOException("record at " + record + " was cut short while copied");
            }
        }
        return b.getInt(0);
    }
}
