package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.tsstore.core.backend.Checksums;
import org.tsstore.core.backend.CorruptDataException;
import org.tsstore.core.backend.DirectorySync;

/**
 * The checkpoint of the key directory ({@code keydir.hint}): every live entry (with its chain of extent
 * records, for a series appended to) and, per segment, the
 * logical end and the last record's header checksum, so that opening a store reads one file instead of
 * scanning every segment. Written whole to a temporary file, forced and renamed into place; checksummed;
 * trusted only while it matches the segments (see {@link Recovery}).
 */
final class HintFile {

    static final String NAME = "keydir.hint";
    static final String TEMP_NAME = "keydir.hint.tmp";
    /** Hint files above this size are ignored (the store is then scanned): about 35 million series. */
    static final long MAX_BYTES = 1L << 30;

    private static final long MAGIC = ByteBuffer.wrap("TSMMHINT".getBytes(StandardCharsets.US_ASCII))
            .order(ByteOrder.LITTLE_ENDIAN).getLong();
    private static final int END_MARK = 0x444E4548; // ASCII "HEND"
    private static final int FIXED_BYTES = 32;
    private static final int SEGMENT_BYTES = 32;

    /** One segment as the hint saw it. */
    static final class SegmentState {
        final int number;
        final boolean sealed;
        final long end;
        final long lastRecord;
        final int lastHeaderCrc;

        SegmentState(int number, boolean sealed, long end, long lastRecord, int lastHeaderCrc) {
            this.number = number;
            this.sealed = sealed;
            this.end = end;
            this.lastRecord = lastRecord;
            this.lastHeaderCrc = lastHeaderCrc;
        }
    }

    /** A decoded hint: segment states and the raw entries, read on demand. */
    static final class Contents {
        final long nextSequence;
        final List<SegmentState> segments;
        private final ByteBuffer entries;
        private final long entryCount;

        Contents(long nextSequence, List<SegmentState> segments, ByteBuffer entries, long entryCount) {
            this.nextSequence = nextSequence;
            this.segments = segments;
            this.entries = entries;
            this.entryCount = entryCount;
        }

        /**
         * Adds every entry to the directory, resolving segment indexes through {@code bySegmentIndex}.
         *
         * @throws CorruptRecordException if an entry does not fit its segment
         */
        void load(KeyDirectory directory, List<Segment> bySegmentIndex) throws CorruptRecordException {
            ByteBuffer b = entries.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            byte[] id = new byte[255];
            for (long i = 0; i < entryCount; i++) {
                if (b.remaining() < 17) {
                    throw new CorruptRecordException("hint entries end early");
                }
                int segmentIndex = b.getInt();
                int points = b.getInt();
                long offset = b.getLong();
                int idLength = b.get() & 0xFF;
                if (segmentIndex < 0 || segmentIndex >= bySegmentIndex.size() || points < 0 || idLength == 0
                        || b.remaining() < idLength) {
                    throw new CorruptRecordException("hint entry " + i + " is malformed");
                }
                b.get(id, 0, idLength);
                Segment segment = bySegmentIndex.get(segmentIndex);
                long length = RecordFormat.recordLength(idLength, points);
                if (offset < RecordFormat.SEGMENT_HEADER_BYTES || (offset & 7) != 0 || offset + length > segment.end) {
                    throw new CorruptRecordException("hint entry " + i + " lies outside segment " + segment);
                }
                String s = new String(id, 0, idLength, StandardCharsets.UTF_8);
                KeyDirectory.Entry entry = new KeyDirectory.Entry(s, segment, offset, points, false);
                if (b.remaining() < 4) {
                    throw new CorruptRecordException("hint entry " + i + " is cut short");
                }
                int extents = b.getInt();
                if (extents < 0 || extents > 0 && points == 0 || b.remaining() < 16L * extents) {
                    throw new CorruptRecordException("hint entry " + i + " has a malformed chain");
                }
                for (int k = 0; k < extents; k++) {
                    int index = b.getInt();
                    int n = b.getInt();
                    long at = b.getLong();
                    if (index < 0 || index >= bySegmentIndex.size() || n <= 0) {
                        throw new CorruptRecordException("hint entry " + i + " has a malformed extent");
                    }
                    Segment in = bySegmentIndex.get(index);
                    if (at < RecordFormat.SEGMENT_HEADER_BYTES || (at & 7) != 0
                            || at + RecordFormat.recordLength(idLength, n) > in.end) {
                        throw new CorruptRecordException(
                                "an extent of hint entry " + i + " lies outside segment " + in);
                    }
                    try {
                        entry = entry.appended(in, at, n);
                    } catch (IllegalArgumentException tooLong) {
                        throw new CorruptRecordException("hint entry " + i + " is longer than a series can be");
                    }
                }
                directory.put(entry);
            }
            if (b.hasRemaining()) {
                throw new CorruptRecordException("hint has " + b.remaining() + " bytes after its entries");
            }
        }
    }

    private HintFile() {}

    /**
     * Reads and checks a hint file.
     *
     * @return the contents, or {@code null} when there is no hint file
     * @throws CorruptRecordException if the file is damaged or of another format
     */
    static Contents read(Path directory) throws IOException, CorruptRecordException {
        Path path = directory.resolve(NAME);
        if (!Files.exists(path)) {
            return null;
        }
        long size = Files.size(path);
        if (size > MAX_BYTES) {
            throw new CorruptRecordException("hint file of " + size + " bytes is larger than " + MAX_BYTES);
        }
        if (size < FIXED_BYTES + 8) {
            throw new CorruptRecordException("hint file of " + size + " bytes is too short");
        }
        byte[] bytes = Files.readAllBytes(path);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int n = bytes.length;
        if (b.getInt(n - 4) != END_MARK) {
            throw new CorruptRecordException("hint file has no end mark");
        }
        try {
            Checksums.checkFooter(b, n - 4); // the CRC32C of every byte before it
        } catch (CorruptDataException e) {
            throw new CorruptRecordException("hint file " + e.getMessage());
        }
        if (b.getLong(0) != MAGIC || b.getInt(8) != RecordFormat.VERSION) {
            throw new CorruptRecordException("not a version " + RecordFormat.VERSION + " hint file");
        }
        int segmentCount = b.getInt(12);
        long nextSequence = b.getLong(16);
        long entryCount = b.getLong(24);
        if (segmentCount < 0 || entryCount < 0 || FIXED_BYTES + (long) segmentCount * SEGMENT_BYTES > n - 8) {
            throw new CorruptRecordException("hint file counts do not fit the file");
        }
        List<SegmentState> segments = new ArrayList<>(segmentCount);
        b.position(FIXED_BYTES);
        for (int i = 0; i < segmentCount; i++) {
            int number = b.getInt();
            int flags = b.getInt();
            long end = b.getLong();
            long lastRecord = b.getLong();
            int lastCrc = b.getInt();
            b.getInt();
            segments.add(new SegmentState(number, (flags & 1) != 0, end, lastRecord, lastCrc));
        }
        ByteBuffer entries = b.slice().limit(n - 8 - b.position());
        return new Contents(nextSequence, segments, entries, entryCount);
    }

    /** Writes a hint file for these segments (in order) and entries, replacing the old one atomically. */
    static void write(Path directory, List<Segment> segments, List<KeyDirectory.Entry> entries, long nextSequence)
            throws IOException {
        Path temp = directory.resolve(TEMP_NAME);
        Map<Segment, Integer> index = new HashMap<>();
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            Output out = new Output(ch);
            out.ensure(FIXED_BYTES);
            out.buffer.putLong(MAGIC).putInt(RecordFormat.VERSION).putInt(segments.size()).putLong(nextSequence)
                    .putLong(entries.size());
            for (Segment s : segments) {
                index.put(s, index.size());
                out.ensure(SEGMENT_BYTES);
                out.buffer.putInt(s.number).putInt(s.sealed ? 1 : 0).putLong(s.end).putLong(s.lastRecord)
                        .putInt(s.lastHeaderCrc).putInt(0);
            }
            for (KeyDirectory.Entry e : entries) {
                byte[] id = e.id.getBytes(StandardCharsets.UTF_8);
                Integer segmentIndex = index.get(e.segment);
                if (segmentIndex == null) {
                    throw new IllegalStateException("entry for " + e.id + " in unknown segment " + e.segment);
                }
                Extents chain = e.chain();
                int first = chain == null ? e.size : chain.points(0);
                out.ensure(21 + id.length);
                out.buffer.putInt(segmentIndex).putInt(first).putLong(e.offset()).put((byte) id.length).put(id)
                        .putInt(chain == null ? 0 : chain.count - 1);
                for (int k = 1; chain != null && k < chain.count; k++) {
                    Integer in = index.get(chain.segment(k));
                    if (in == null) {
                        throw new IllegalStateException(
                                "extent of " + e.id + " in unknown segment " + chain.segment(k));
                    }
                    out.ensure(16);
                    out.buffer.putInt(in).putInt(chain.points(k)).putLong(chain.offset(k));
                }
            }
            out.finish();
            ch.force(true);
        }
        Files.move(temp, directory.resolve(NAME), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        DirectorySync.force(directory);
    }

    /** Buffered, checksummed output to a channel. */
    private static final class Output {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private final FileChannel channel;
        private final CRC32C crc = new CRC32C();

        Output(FileChannel channel) {
            this.channel = channel;
        }

        void ensure(int bytes) throws IOException {
            if (buffer.remaining() < bytes) {
                drain();
            }
        }

        private void drain() throws IOException {
            buffer.flip();
            crc.update(buffer.duplicate());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }

        void finish() throws IOException {
            drain();
            buffer.putInt((int) crc.getValue()).putInt(END_MARK).flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }
}
