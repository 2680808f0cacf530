package org.tsstore.storage.mmap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The byte layout of segment files and their records, as {@code FORMAT.md} describes it. Every integer is
 * little-endian; every record starts on an 8-byte boundary, so its times and values are 8-byte aligned.
 */
final class RecordFormat {

    /** Bytes 0-7 of every segment file: ASCII {@code TSMMSEG} and a zero byte. */
    static final long SEGMENT_MAGIC = ByteBuffer.wrap("TSMMSEG\0".getBytes(StandardCharsets.US_ASCII))
            .order(ByteOrder.LITTLE_ENDIAN).getLong();
    /** The format version written in segment headers, records and hint files. */
    static final int VERSION = 2;
    /** Length of the segment file header; the first record follows it. */
    static final int SEGMENT_HEADER_BYTES = 16;
    /** Offset of the segment header's witness: u32, the acknowledged end of the records in 8-byte units. */
    static final int WITNESS_OFFSET = 12;

    /** First four bytes of every record: ASCII {@code TSRC}. */
    static final int RECORD_MAGIC = 0x43525354;
    /** Last four bytes of every complete record: ASCII {@code TEND}. */
    static final int END_MARK = 0x444E4554;

    /** A series: id and points. */
    static final byte STORE = 1;
    /** A deletion: id, no points. */
    static final byte TOMBSTONE = 2;
    /** The last record of a segment that takes no more records: no id, no points. */
    static final byte SEAL = 3;
    /** Points appended to the series of its id: id and at least one point. */
    static final byte EXTENT = 4;
    /** Opens a batch: no id; its point count field holds the number of records in the batch. */
    static final byte BATCH_BEGIN = 5;
    /** Commits the batch opened before it: no id; the same count as its begin record. */
    static final byte BATCH_COMMIT = 6;
    /** Length of a batch's begin and commit records, as of a seal. */
    static final int FRAME_BYTES = 32;

    /** Fixed part of a record header; the id follows, padded to 8 bytes. */
    static final int FIXED_HEADER_BYTES = 24;
    /** Data checksum and end mark after the values. */
    static final int TRAILER_BYTES = 8;
    /** The longest header: fixed part and a 255-byte id padded to 256. */
    static final int MAX_HEADER_BYTES = FIXED_HEADER_BYTES + 256;
    /** Length of a seal record. */
    static final int SEAL_BYTES = FIXED_HEADER_BYTES + TRAILER_BYTES;

    private RecordFormat() {}

    /** The witness value for records ending at {@code end}: its 8-byte units, modulo 2^32 (0 = none). */
    static int witnessOf(long end) {
        return (int) (end >>> 3);
    }

    static int align8(int n) {
        return (n + 7) & ~7;
    }

    static int headerLength(int idLength) {
        return FIXED_HEADER_BYTES + align8(idLength);
    }

    static long recordLength(int idLength, int points) {
        return headerLength(idLength) + 16L * points + TRAILER_BYTES;
    }

    /**
     * Writes a record header into {@code dst} from index 0: fixed part, id, zero padding, header CRC.
     *
     * @return the header length
     */
    static int encodeHeader(byte[] dst, byte kind, byte[] id, int points, long sequence) {
        int length = headerLength(id.length);
        ByteBuffer b = ByteBuffer.wrap(dst, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, RECORD_MAGIC);
        b.put(4, (byte) VERSION);
        b.put(5, kind);
        b.put(6, (byte) id.length);
        b.put(7, (byte) 0);
        b.putInt(8, points);
        b.putInt(12, 0);
        b.putLong(16, sequence);
        System.arraycopy(id, 0, dst, FIXED_HEADER_BYTES, id.length);
        for (int i = FIXED_HEADER_BYTES + id.length; i < length; i++) {
            dst[i] = 0;
        }
        b.putInt(12, headerCrc(dst, length));
        return length;
    }

    /** CRC32C of a header's bytes {@code [0, 12)} and {@code [16, length)}: all but the CRC field. */
    static int headerCrc(byte[] header, int length) {
        CRC32C crc = new CRC32C();
        crc.update(header, 0, 12);
        crc.update(header, 16, length - 16);
        return (int) crc.getValue();
    }
}
