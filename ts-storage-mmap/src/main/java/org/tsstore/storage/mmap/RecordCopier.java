package org.tsstore.storage.mmap;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;
import org.tsstore.api.SeriesIds;
import org.tsstore.core.AbstractSizedContainerTimeSeries;
import org.tsstore.core.backend.Checksums;

/**
 * Copies the records of a live series into another segment, checking every byte it copies (for compaction and
 * repair): each source record is read through its segment's file channel, never through a mapping (so a file
 * cut short by another process is an {@link EOFException}, not a fault), its header must decode and match the
 * key directory's entry, its end mark must be in place and its data must match the data checksum. A series
 * in one record is copied byte for byte (sequence number and checksums unchanged); a series in several records
 * (a store record and its extents) is folded into one new store record, each source record's checksum
 * computed while its points stream through. A damaged record is never copied: the copy is abandoned and the
 * problem returned. Not thread-safe; one per compaction or repair.
 */
final class RecordCopier {

    private static final int CHUNK = 1 << 20;

    private final RecordWriter writer;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    private final byte[] header = new byte[RecordFormat.MAX_HEADER_BYTES];
    private int copiedHeaderCrc;

    RecordCopier(RecordWriter writer) {
        this.writer = writer;
    }

    /** The header checksum of the record the last successful copy wrote. */
    int headerCrc() {
        return copiedHeaderCrc;
    }

    /**
     * Copies (or folds) the records of an entry to {@code position} of {@code out}.
     *
     * @param sequence the sequence number of a folded record (unused for a series in one record)
     * @return {@code null} when the copy is complete and checked, otherwise what is damaged, naming the segment
     *     file and offset; bytes may then have been written from {@code position} on
     * @throws IOException if writing the copy fails
     */
    String copy(KeyDirectory.Entry e, Segment out, long position, long sequence) throws IOException {
        return e.chain() == null ? copyOne(e, out.channel(), position) : fold(e, out.channel(), position, sequence);
    }

    /**
     * Checks the records of an entry as {@link #copy} would, writing nothing.
     *
     * @return {@code null} when every record holds, otherwise what is damaged, naming the segment file and offset
     */
    String check(KeyDirectory.Entry e) throws IOException {
        Extents chain = e.chain();
        for (int k = 0; k < e.records(); k++) {
            Segment s = chain == null ? e.segment : chain.segment(k);
            long offset = chain == null ? e.offset() : chain.offset(k);
            try {
                RecordHeader h = checkFrame(e, s, offset, k == 0 ? RecordFormat.STORE : RecordFormat.EXTENT,
                        chain == null ? e.size : chain.points(k));
                int stored = storedCrc(s, h);
                CRC32C crc = new CRC32C();
                for (long at = h.dataOffset(); at < h.trailerOffset();) {
                    int n = (int) Math.min(CHUNK, h.trailerOffset() - at);
                    read(s.channel(), s, at, n);
                    crc.update(buffer);
                    at += n;
                }
                int computed = (int) crc.getValue();
                if (computed != stored) {
                    return damaged(e, s, offset, "its data fails the checksum (stored " + Checksums.hex(stored)
                            + ", computed " + Checksums.hex(computed) + ")");
                }
            } catch (CorruptRecordException | EOFException problem) {
                return damaged(e, s, offset, problem.getMessage());
            }
        }
        return null;
    }

    /** Checks one record's header and trailer; returns its header, or throws naming what is wrong. */
    private RecordHeader checkFrame(KeyDirectory.Entry e, Segment s, long offset, byte kind, int points)
            throws IOException, CorruptRecordException {
        int headerLength = RecordFormat.headerLength(SeriesIdBytes.length(e.id));
        FileChannel ch = s.channel();
        read(ch, s, offset, headerLength);
        buffer.get(header, 0, headerLength);
        RecordHeader h = RecordHeader.decode(header, headerLength, offset);
        if (h.kind != kind || !h.id.equals(e.id) || h.points != points) {
            throw new CorruptRecordException("it holds " + h + " instead");
        }
        read(ch, s, h.trailerOffset(), RecordFormat.TRAILER_BYTES);
        if (buffer.getInt(4) != RecordFormat.END_MARK) {
            throw new CorruptRecordException("its end mark is missing");
        }
        return h;
    }

    /** The stored data checksum of a record whose frame was checked. */
    private int storedCrc(Segment s, RecordHeader h) throws IOException {
        read(s.channel(), s, h.trailerOffset(), RecordFormat.TRAILER_BYTES);
        return buffer.getInt(0);
    }

    /** Reads exactly {@code length} bytes (at most a chunk) at {@code offset} into the buffer, from position 0. */
    private void read(FileChannel ch, Segment s, long offset, int length) throws IOException {
        buffer.clear().limit(length);
        while (buffer.hasRemaining()) {
            if (ch.read(buffer, offset + buffer.position()) < 0) {
                throw new EOFException("segment file " + s + " ends at " + ch.size() + ", before offset "
                        + (offset + length));
            }
        }
        buffer.flip();
    }

    private static String damaged(KeyDirectory.Entry e, Segment s, long offset, String problem) {
        return "series " + SeriesIds.quote(e.id) + ": the record at offset " + offset + " of segment file " + s
                + " is damaged: " + problem;
    }

    /** A series in one record: header, data and trailer copied byte for byte, the data checked on the way. */
    private String copyOne(KeyDirectory.Entry e, FileChannel to, long position) throws IOException {
        Segment s = e.segment;
        long offset = e.offset();
        RecordHeader h;
        int stored;
        try {
            h = checkFrame(e, s, offset, RecordFormat.STORE, e.size);
            stored = storedCrc(s, h);
        } catch (CorruptRecordException | EOFException problem) {
            return damaged(e, s, offset, problem.getMessage());
        }
        FileChannel from = s.channel();
        CRC32C crc = new CRC32C();
        long length = h.length;
        for (long done = 0; done < length;) {
            int n = (int) Math.min(CHUNK, length - done);
            try {
                read(from, s, offset + done, n);
            } catch (EOFException cut) {
                return damaged(e, s, offset, cut.getMessage());
            }
            long dataFrom = Math.max(done, h.headerLength);
            long dataTo = Math.min(done + n, length - RecordFormat.TRAILER_BYTES);
            if (dataTo > dataFrom) {
                ByteBuffer data = buffer.duplicate();
                data.limit((int) (dataTo - done)).position((int) (dataFrom - done));
                crc.update(data);
            }
            while (buffer.hasRemaining()) {
                to.write(buffer, position + done + buffer.position());
            }
            done += n;
        }
        int computed = (int) crc.getValue();
        if (computed != stored) {
            return damaged(e, s, offset, "its data fails the checksum (stored " + Checksums.hex(stored) + ", computed "
                    + Checksums.hex(computed) + ")");
        }
        copiedHeaderCrc = h.headerCrc;
        return null;
    }

    /** A series in several records: one new store record of all its points, every source record checked. */
    private String fold(KeyDirectory.Entry e, FileChannel to, long position, long sequence) throws IOException {
        Extents chain = e.chain();
        RecordHeader[] headers = new RecordHeader[chain.count];
        int[] stored = new int[chain.count];
        for (int k = 0; k < chain.count; k++) {
            Segment s = chain.segment(k);
            try {
                headers[k] = checkFrame(e, s, chain.offset(k), k == 0 ? RecordFormat.STORE : RecordFormat.EXTENT,
                        chain.points(k));
                stored[k] = storedCrc(s, headers[k]);
            } catch (CorruptRecordException | EOFException problem) {
                return damaged(e, s, chain.offset(k), problem.getMessage());
            }
        }
        ChainReader points = new ChainReader(chain, headers);
        try {
            writer.writeStore(to, position, SeriesIds.utf8(e.id), sequence, points, chain.size);
        } catch (SeriesFailure failure) {
            int k = points.failedRecord;
            return damaged(e, chain.segment(k), chain.offset(k), failure.getCause().getMessage());
        } catch (IllegalArgumentException brokenRules) { // checked when written: only damage can break them now
            return damaged(e, chain.segment(0), chain.offset(0), "its points break the rules: " + brokenRules.getMessage());
        }
        for (int k = 0; k < chain.count; k++) {
            int computed = (int) points.crcs[k].getValue();
            if (computed != stored[k]) {
                return damaged(e, chain.segment(k), chain.offset(k), "its data fails the checksum (stored "
                        + Checksums.hex(stored[k]) + ", computed " + Checksums.hex(computed) + ")");
            }
        }
        copiedHeaderCrc = writer.headerCrc();
        return null;
    }

    /**
     * The points of a chain read through the segments' channels, in the order the record writer reads them (all
     * times, then all values, each in index order), so that each source record's checksum is computed as they
     * pass. A read that fails or ends early throws an {@link UncheckedIOException}, which the record writer
     * carries out as a {@link SeriesFailure}; {@link #failedRecord} says in which record.
     */
    private final class ChainReader extends AbstractSizedContainerTimeSeries {
        private final Extents chain;
        private final RecordHeader[] headers;
        final CRC32C[] crcs;
        int failedRecord;

        ChainReader(Extents chain, RecordHeader[] headers) {
            this.chain = chain;
            this.headers = headers;
            this.crcs = new CRC32C[chain.count];
            for (int k = 0; k < crcs.length; k++) {
                crcs[k] = new CRC32C();
            }
        }

        @Override
        public int size() {
            return chain.size;
        }

        @Override
        public double time(int index) {
            throw new UnsupportedOperationException("read in bulk only");
        }

        @Override
        public double value(int index) {
            throw new UnsupportedOperationException("read in bulk only");
        }

        @Override
        public void copyTimes(int from, double[] dst, int offset, int length) {
            copy(true, from, dst, offset, length);
        }

        @Override
        public void copyValues(int from, double[] dst, int offset, int length) {
            copy(false, from, dst, offset, length);
        }

        private void copy(boolean times, int from, double[] dst, int offset, int length) {
            int g = from;
            int out = offset;
            int end = from + length;
            while (g < end) {
                int k = chain.recordOf(g);
                int inRecord = g - chain.start(k);
                int run = Math.min(Math.min(end - g, chain.points(k) - inRecord), CHUNK / 8);
                RecordHeader h = headers[k];
                long at = h.dataOffset() + (times ? 0 : 8L * chain.points(k)) + 8L * inRecord;
                failedRecord = k;
                try {
                    read(chain.segment(k).channel(), chain.segment(k), at, 8 * run);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                crcs[k].update(buffer.duplicate());
                buffer.asDoubleBuffer().get(dst, out, run);
                g += run;
                out += run;
            }
        }
    }
}
