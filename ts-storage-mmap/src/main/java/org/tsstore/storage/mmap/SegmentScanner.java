package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.tsstore.core.backend.Checksums;

/**
 * Walks the records of a segment through a {@link SegmentReader}: complete records (header checksum
 * right, end mark present) go to the visitor; an invalid stretch is resynchronised past by searching for
 * the next complete record on an 8-byte boundary, and reported as damage; the walk ends at a seal, at the
 * reader's limit, at a zero tail (unused, sparse room) or at a torn tail (non-zero bytes with no complete
 * record after them, or a batch without its commit record: a write cut short). The records of a batch
 * reach the visitor only once its commit record is found ({@link BatchGate}).
 */
final class SegmentScanner {

    /** What a scan reports as it goes. */
    interface Visitor {
        /** A complete record, in file order. */
        void record(RecordHeader header);

        /**
         * A damaged stretch {@code [from, to)}: a record whose data fails its checksum, or bytes that hold no
         * valid record. {@code id} is known only when the stretch is exactly one record whose header is
         * intact (a data checksum or end mark failed); it is null when the stretch may have held records of
         * any id.
         */
        void damaged(long from, long to, String id, String problem);
    }

    /** How a scan ended. */
    enum EndKind {
        /** At a seal record. */
        SEALED,
        /** At the limit, or at bytes that are all zero up to the limit. */
        CLEAN,
        /** At bytes that are not zero but hold no complete record up to the limit. */
        TORN
    }

    /** Where and how a scan ended. */
    static final class End {
        final EndKind kind;
        final long offset;

        End(EndKind kind, long offset) {
            this.kind = kind;
            this.offset = offset;
        }
    }

    private final SegmentReader reader;
    private final byte[] header = new byte[RecordFormat.MAX_HEADER_BYTES];
    private final byte[] tailBytes = new byte[8];
    /** The last header that decoded but whose record was incomplete, for naming the id in damage. */
    private RecordHeader incomplete;

    SegmentScanner(SegmentReader reader) {
        this.reader = reader;
    }

    /**
     * Scans from {@code from} (a record boundary) to the reader's limit.
     *
     * @param checkData whether to check each record's data checksum (reported through {@code damaged})
     */
    End scan(long from, boolean checkData, Visitor visitor) throws IOException {
        BatchGate batch = new BatchGate(visitor);
        End end = walk(from, checkData, batch);
        long open = batch.openAt();
        // an uncommitted batch is a write cut short: the segment's records end before it
        return open >= 0 ? new End(EndKind.TORN, open) : end;
    }

    private End walk(long from, boolean checkData, BatchGate batch) throws IOException {
        long p = from;
        long limit = reader.limit();
        while (true) {
            if (p >= limit) {
                return new End(EndKind.CLEAN, p);
            }
            String problem;
            incomplete = null;
            try {
                RecordHeader h = complete(p);
                String bad = checkData && h.pointCount() > 0 ? checkData(h) : null;
                batch.record(h, bad);
                if (h.kind == RecordFormat.SEAL) {
                    return new End(EndKind.SEALED, h.end());
                }
                p = h.end();
                continue;
            } catch (CorruptRecordException e) {
                problem = e.getMessage();
            }
            String id = incomplete == null ? null : incomplete.id;
            long next = nextRecordAfter(p);
            if (next == ZERO_TAIL) {
                return new End(EndKind.CLEAN, p);
            }
            if (next == TORN_TAIL) {
                return new End(EndKind.TORN, p);
            }
            if (incomplete != null && next != incomplete.end()) {
                id = null; // the stretch holds more than the record whose header is intact: any id
            }
            batch.damaged(p, next, id, problem);
            p = next;
        }
    }

    /** Decodes the record at {@code p} and checks that it is complete within the limit. */
    RecordHeader complete(long p) throws IOException, CorruptRecordException {
        int n = reader.read(p, header, header.length);
        RecordHeader h = RecordHeader.decode(header, n, p);
        if (h.end() > reader.limit()) {
            incomplete = h;
            throw new CorruptRecordException(h + " runs past the end at " + reader.limit());
        }
        int mark = reader.getInt(h.end() - 4);
        if (mark != RecordFormat.END_MARK) {
            incomplete = h;
            throw new CorruptRecordException(h + " has no end mark: written partly, or damaged");
        }
        return h;
    }

    /** The data checksum problem of a complete record, or {@code null} when it matches. */
    String checkData(RecordHeader h) throws IOException {
        CRC32C crc = new CRC32C();
        long position = h.dataOffset();
        long end = h.trailerOffset();
        while (position < end) {
            int len = (int) Math.min(reader.capacity(), end - position);
            ByteBuffer b = reader.at(position, len);
            b.limit(b.position() + len);
            crc.update(b);
            position += len;
        }
        int stored = reader.getInt(end);
        int computed = (int) crc.getValue();
        return stored == computed ? null
                : "data checksum mismatch (stored " + Checksums.hex(stored) + ", computed " + Checksums.hex(computed) + ")";
    }

    private static final long ZERO_TAIL = -1;
    private static final long TORN_TAIL = -2;

    /**
     * After an invalid record at {@code p}: the offset of the next complete record, or whether the rest
     * up to the limit is all zero or holds no complete record.
     */
    private long nextRecordAfter(long p) throws IOException {
        long limit = reader.limit();
        boolean nonZero = false;
        long q = p;
        for (; q + 8 <= limit; q += 8) {
            long word = reader.getLong(q);
            if (word != 0) {
                nonZero = true;
                if (q > p && (int) word == RecordFormat.RECORD_MAGIC) {
                    try {
                        complete(q);
                        return q;
                    } catch (CorruptRecordException e) {
                        // not a record after all: keep searching
                    }
                }
            }
        }
        int rest = reader.read(q, tailBytes, (int) (limit - q));
        for (int i = 0; i < rest; i++) {
            nonZero |= tailBytes[i] != 0;
        }
        return nonZero ? TORN_TAIL : ZERO_TAIL;
    }
}
