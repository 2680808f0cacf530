package org.tsstore.storage.file;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tsstore.api.SeriesIds;
import org.tsstore.core.backend.Checksums;

/**
 * The bytes of the {@link Journal}'s records, whose layout the journal's documentation gives: encoding a
 * change or a batch of them, and decoding a record that passed its length check into its changes, or
 * refusing it. Kept apart from the journal's file handling and torn-tail rules.
 */
final class JournalCodec {

    static final byte PUT = 1;
    static final byte DELETE = 2;
    static final byte BATCH = 3;
    /** The longest single-change record body. */
    static final int MAX_BODY = 1 + 2 + SeriesIds.MAX_UTF8_BYTES + 16;
    /** The longest batch record body read: beyond it a length can only be damage. */
    static final int MAX_BATCH_BODY = 1 << 30;

    private JournalCodec() {}

    /** A whole batch record: length, kind, count, the changes, CRC-32C; ready to write. */
    static ByteBuffer batch(List<Journal.Record> changes) {
        int bodyLength = 1 + 4;
        for (Journal.Record r : changes) {
            bodyLength += 3 + r.id().getBytes(StandardCharsets.UTF_8).length + (r.entry() == null ? 0 : 16);
        }
        ByteBuffer b = ByteBuffer.allocate(4 + bodyLength + 4);
        b.putInt(bodyLength).put(BATCH).putInt(changes.size());
        for (Journal.Record r : changes) {
            put(b, r.entry() == null ? DELETE : PUT, r.id(), r.entry());
        }
        b.putInt(Checksums.crc32c(b.array(), 0, b.position()));
        return b.flip();
    }

    /** One change: kind, id length, id, and for a put the entry's 16 bytes. */
    static void put(ByteBuffer b, byte kind, String id, IndexEntry entry) {
        byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
        b.put(kind).putShort((short) utf8.length).put(utf8);
        if (entry != null) {
            b.putInt(entry.points()).putLong(entry.fileBytes()).putInt(entry.crc());
        }
    }

    /** The changes of a record at the start of {@code buf}, or null if it fails its checksum or is malformed. */
    static List<Journal.Record> decode(byte[] buf, int bodyLength) {
        return decode(buf, 0, bodyLength);
    }

    /**
     * The changes of the record at {@code at}, whose length field says {@code bodyLength} and whose bytes are
     * all in {@code buf}, or null if it fails its checksum or is malformed.
     */
    static List<Journal.Record> decode(byte[] buf, int at, int bodyLength) {
        ByteBuffer b = ByteBuffer.wrap(buf);
        int end = at + 4 + bodyLength;
        if (b.getInt(end) != Checksums.crc32c(buf, at, 4 + bodyLength)) {
            return null;
        }
        if (buf[at + 4] != BATCH) {
            b.position(at + 4);
            Journal.Record r = change(b, buf, end);
            return r == null || b.position() != end ? null : List.of(r);
        }
        if (bodyLength < 5) {
            return null;
        }
        int count = b.getInt(at + 5);
        b.position(at + 9);
        List<Journal.Record> changes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Journal.Record r = change(b, buf, end);
            if (r == null) {
                return null;
            }
            changes.add(r);
        }
        return b.position() == end ? changes : null;
    }

    /**
     * What the damaged bytes {@code [from, to)} of a journal still say, unchecked: the changes of the records
     * that start there, read without their checksums (and without trusting a length that points past
     * {@code to}), as far as each change is whole and well formed. Never proof by itself: a change read here
     * is a candidate that a series file's own checksum may confirm.
     */
    static List<Journal.Record> salvage(byte[] buf, int from, int to) {
        List<Journal.Record> found = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(buf, 0, to);
        int at = from;
        while (at + 4 + 3 <= to) {
            int bodyLength = b.getInt(at);
            int body = at + 4;
            if (buf[body] == BATCH) {
                if (body + 5 > to) {
                    break;
                }
                int count = b.getInt(body + 1);
                b.position(body + 5);
                for (int i = 0; i < count && b.position() < to; i++) {
                    Journal.Record r = change(b, buf, to);
                    if (r == null) {
                        break;
                    }
                    found.add(r);
                }
            } else {
                b.position(body);
                Journal.Record r = change(b, buf, to);
                if (r == null) {
                    break;
                }
                found.add(r);
            }
            if (bodyLength < 3 || bodyLength > MAX_BATCH_BODY || (long) at + 8 + bodyLength >= to) {
                break;
            }
            at += 8 + bodyLength;
        }
        return found;
    }

    /** One change at the buffer's position, which it moves past; null if malformed. */
    private static Journal.Record change(ByteBuffer b, byte[] buf, int end) {
        int at = b.position();
        if (at + 3 > end) {
            return null;
        }
        byte kind = buf[at];
        int idLength = b.getShort(at + 1) & 0xffff;
        int length = 3 + idLength + (kind == PUT ? 16 : 0);
        if ((kind != PUT && kind != DELETE) || idLength == 0 || at + length > end) {
            return null;
        }
        String id = new String(buf, at + 3, idLength, StandardCharsets.UTF_8);
        if (!SeriesIds.isValid(id) || !Arrays.equals(id.getBytes(StandardCharsets.UTF_8), 0, idLength, buf, at + 3,
                at + 3 + idLength)) {
            return null;
        }
        b.position(at + length);
        if (kind == DELETE) {
            return new Journal.Record(id, null);
        }
        int e = at + 3 + idLength;
        int points = b.getInt(e);
        long fileBytes = b.getLong(e + 4);
        int fileCrc = b.getInt(e + 12);
        if (points < 0 || fileBytes < 0) {
            return null;
        }
        return new Journal.Record(id, new IndexEntry(points, fileBytes, fileCrc));
    }
}
