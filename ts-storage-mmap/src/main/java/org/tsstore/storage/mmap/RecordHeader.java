package org.tsstore.storage.mmap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.tsstore.api.SeriesIds;
import org.tsstore.core.backend.Checksums;

/** A decoded, checksum-verified record header and where its record lies in the segment. */
final class RecordHeader {

    final long offset;
    final byte kind;
    /** The id, or {@code null} for a seal. */
    final String id;
    final int idLength;
    final int points;
    final long sequence;
    final int headerCrc;
    final int headerLength;
    final long length;

    private RecordHeader(long offset, byte kind, String id, int idLength, int points, long sequence, int headerCrc) {
        this(offset, kind, id, idLength, points, sequence, headerCrc, RecordFormat.recordLength(idLength, points));
    }

    private RecordHeader(long offset, byte kind, String id, int idLength, int points, long sequence, int headerCrc,
            long length) {
        this.offset = offset;
        this.kind = kind;
        this.id = id;
        this.idLength = idLength;
        this.points = points;
        this.sequence = sequence;
        this.headerCrc = headerCrc;
        this.headerLength = RecordFormat.headerLength(idLength);
        this.length = length;
    }

    /** Whether the record holds points of its id's series: a store or an extent. */
    boolean holdsPoints() {
        return kind == RecordFormat.STORE || kind == RecordFormat.EXTENT;
    }

    /** The number of points of a store or extent record, 0 for the other kinds (a batch frame's is a count). */
    int pointCount() {
        return holdsPoints() ? points : 0;
    }

    /** File offset of the first time. */
    long dataOffset() {
        return offset + headerLength;
    }

    /** File offset of the data checksum, after the values. */
    long trailerOffset() {
        return offset + length - RecordFormat.TRAILER_BYTES;
    }

    /** File offset just after the record. */
    long end() {
        return offset + length;
    }

    /**
     * Decodes and checks a header.
     *
     * @param bytes the bytes from the record's first byte; at least {@link RecordFormat#FIXED_HEADER_BYTES}
     * @param available how many of {@code bytes} are valid (the rest of the file may be shorter)
     * @param offset the file offset of the record, for the result
     * @throws CorruptRecordException saying what is wrong
     */
    static RecordHeader decode(byte[] bytes, int available, long offset) throws CorruptRecordException {
        if (available < RecordFormat.FIXED_HEADER_BYTES) {
            throw new CorruptRecordException("only " + available + " bytes where a record header should be");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != RecordFormat.RECORD_MAGIC) {
            throw new CorruptRecordException("no record magic (found " + Checksums.hex(b.getInt(0)) + ")");
        }
        int version = b.get(4) & 0xFF;
        if (version != RecordFormat.VERSION) {
            throw new CorruptRecordException("unknown record format version " + version);
        }
        byte kind = b.get(5);
        int idLength = b.get(6) & 0xFF;
        int points = b.getInt(8);
        if (b.get(7) != 0) {
            throw new CorruptRecordException("reserved header byte is " + b.get(7));
        }
        int headerLength = RecordFormat.headerLength(idLength);
        if (available < headerLength) {
            throw new CorruptRecordException("header of " + headerLength + " bytes cut short at " + available);
        }
        int stored = b.getInt(12);
        int computed = RecordFormat.headerCrc(bytes, headerLength);
        if (stored != computed) {
            throw new CorruptRecordException("header checksum mismatch (stored " + Checksums.hex(stored)
                    + ", computed " + Checksums.hex(computed) + ")");
        }
        long sequence = b.getLong(16);
        switch (kind) {
            case RecordFormat.STORE:
            case RecordFormat.TOMBSTONE:
            case RecordFormat.EXTENT:
                if (idLength == 0) {
                    throw new CorruptRecordException("record of kind " + kind + " without an id");
                }
                if (points < 0 || (kind == RecordFormat.TOMBSTONE && points != 0)
                        || (kind == RecordFormat.EXTENT && points == 0)) {
                    throw new CorruptRecordException("record of kind " + kind + " with " + points + " points");
                }
                String id = decodeId(bytes, idLength);
                return new RecordHeader(offset, kind, id, idLength, points, sequence, stored);
            case RecordFormat.SEAL:
                if (idLength != 0 || points != 0) {
                    throw new CorruptRecordException("seal record with an id or points");
                }
                return new RecordHeader(offset, kind, null, 0, 0, sequence, stored);
            case RecordFormat.BATCH_BEGIN:
            case RecordFormat.BATCH_COMMIT:
                if (idLength != 0 || points < 2) {
                    throw new CorruptRecordException("batch record with an id or a count of " + points);
                }
                // the count is a number of records, not of points: the frame record itself holds no data
                return new RecordHeader(offset, kind, null, 0, points, sequence, stored, RecordFormat.FRAME_BYTES);
            default:
                throw new CorruptRecordException("unknown record kind " + kind);
        }
    }

    private static String decodeId(byte[] bytes, int idLength) throws CorruptRecordException {
        byte[] raw = Arrays.copyOfRange(bytes, RecordFormat.FIXED_HEADER_BYTES, RecordFormat.FIXED_HEADER_BYTES + idLength);
        String id = new String(raw, StandardCharsets.UTF_8);
        // A header that passed its CRC but holds no valid id was written by something other than us.
        if (!SeriesIds.isValid(id) || !Arrays.equals(raw, id.getBytes(StandardCharsets.UTF_8))) {
            throw new CorruptRecordException("header holds an invalid id " + SeriesIds.quote(id));
        }
        return id;
    }

    @Override
    public String toString() {
        return "record kind " + kind + (id == null ? "" : " of series " + SeriesIds.quote(id)) + " at offset "
                + offset + " (" + points + " points, " + length + " bytes)";
    }
}
