package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tsstore.core.backend.Checksums;

/**
 * Reads a {@link Journal} and tells a torn write from lost records. A crash cuts short or garbles only the
 * write in flight, and the writer witnesses each record's end once the record is whole, so:
 * <ul>
 *   <li>a bad stretch (cut short, failing its checksum, malformed) after which no good record follows and
 *       which starts at or after the witnessed end is a <b>torn tail</b>: a record that never returned,
 *       ignored and cut off;</li>
 *   <li>a bad stretch followed by a good record, a bad stretch that starts before the witnessed end, or a
 *       journal that ends before it, is a <b>loss</b>: records that were written whole are gone. The good
 *       records after it are still read; what the lost stretch still says is salvaged, unchecked
 *       ({@link JournalCodec#salvage}), for the series files' own checksums to confirm;</li>
 *   <li>a witness that fails its checksum makes the end of the journal a loss, since nothing tells whether
 *       records were cut there.</li>
 * </ul>
 * A {@code TSJRNL01} journal has no witness: a bad stretch with nothing good after it is a torn tail, as
 * before.
 */
final class JournalReader {

    private static final int MAX_BATCH_BODY = JournalCodec.MAX_BATCH_BODY;

    private final Path file;
    private final byte[] bytes;
    private final List<Journal.Record> records = new ArrayList<>();
    private final List<Long> offsets = new ArrayList<>();
    private final List<Journal.Loss> losses = new ArrayList<>();
    private final List<Journal.Record> salvaged = new ArrayList<>();

    private JournalReader(Path file, byte[] bytes) {
        this.file = file;
        this.bytes = bytes;
    }

    /**
     * Reads a journal file, whole.
     *
     * @param file the journal
     * @return what it holds, and what was torn or lost
     */
    static Journal.Contents read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Journal.Contents.empty(Journal.HeaderState.ABSENT, "");
        }
        return new JournalReader(file, bytes).parse();
    }

    private Journal.Contents parse() {
        int length = bytes.length;
        boolean legacy = length >= 8 && Arrays.equals(bytes, 0, 8, Journal.LEGACY_MAGIC, 0, 8);
        int header = legacy ? Journal.LEGACY_HEADER_BYTES : Journal.HEADER_BYTES;
        if (length < header || isZero(0, length)) {
            return Journal.Contents.empty(Journal.HeaderState.TORN, "the journal header is incomplete (" + length
                    + " bytes)");
        }
        ByteBuffer h = ByteBuffer.wrap(bytes);
        if (!legacy && !Arrays.equals(bytes, 0, 8, Journal.MAGIC, 0, 8)
                || h.getInt(16) != Checksums.crc32c(bytes, 0, 16)) {
            // The records are still read, unchecked against any generation, for what they can prove.
            salvaged.addAll(salvageRecords(header));
            return new Journal.Contents(Journal.HeaderState.DAMAGED, 0, List.of(), List.of(), 0, Journal.Tail.DAMAGED,
                    "the journal header has the wrong magic or checksum", -1,
                    List.of(new Journal.Loss(0, length, "the journal header at byte 0 has the wrong magic or"
                            + " checksum, so none of its " + length + " bytes can be trusted")),
                    List.copyOf(salvaged), legacy);
        }
        long generation = h.getLong(8);
        long witness = -1;
        boolean witnessDamaged = false;
        if (!legacy) {
            long w = h.getLong(Journal.WITNESS_AT);
            if (h.getInt(Journal.WITNESS_AT + 8) == Journal.witnessCrc(generation, w) && w >= header) {
                witness = w;
            } else {
                witnessDamaged = true;
            }
        }
        int offset = header;
        Journal.Tail tail = Journal.Tail.CLEAN;
        String problem = "";
        long goodBytes = length;
        boolean badEnd = false;
        while (offset < length) {
            int good = goodRecord(offset);
            if (good > 0) {
                offset += good;
                continue;
            }
            String what = what(offset);
            int next = nextGoodRecord(offset + 1);
            if (next >= 0) {
                lose(offset, next, what + " at byte " + offset + ", and a good record follows it at byte " + next);
                offset = next;
                continue;
            }
            if (witness >= 0 && offset < witness) {
                lose(offset, length, what + " at byte " + offset + ", before byte " + witness
                        + ", where the last record written whole ended: records written whole are lost");
            } else if (witnessDamaged) {
                lose(offset, length, what + " at byte " + offset + ", and the witness of the last record written"
                        + " whole fails its checksum: whether records were lost there cannot be told");
            } else {
                tail = Journal.Tail.TORN;
                problem = what + " at byte " + offset;
            }
            goodBytes = offset;
            badEnd = true;
            break;
        }
        if (!badEnd && witness > length) {
            lose(length, witness, "the journal ends at byte " + length + ", before byte " + witness
                    + ", where the last record written whole ended: it was cut, and records written whole are lost");
        } else if (!badEnd && witnessDamaged) {
            lose(length, length, "the witness of the last record written whole (at byte " + Journal.WITNESS_AT
                    + ") fails its checksum: whether records were cut off the end at byte " + length
                    + " cannot be told");
        }
        if (!losses.isEmpty()) {
            tail = Journal.Tail.DAMAGED;
            problem = losses.get(0).problem();
        }
        return new Journal.Contents(Journal.HeaderState.VALID, generation, List.copyOf(records), List.copyOf(offsets),
                goodBytes, tail, problem, witness, List.copyOf(losses), List.copyOf(salvaged), legacy);
    }

    /** Reads the good record at an offset into the lists and returns its length, or 0 if there is none. */
    private int goodRecord(int at) {
        List<Journal.Record> r = decode(at);
        if (r == null) {
            return 0;
        }
        records.addAll(r);
        for (int i = 0; i < r.size(); i++) {
            offsets.add((long) at);
        }
        return 8 + ByteBuffer.wrap(bytes).getInt(at);
    }

    /** The changes of a good record at an offset, or null. */
    private List<Journal.Record> decode(int at) {
        if (at + 4 + 3 + 4 > bytes.length) {
            return null;
        }
        int bodyLength = ByteBuffer.wrap(bytes).getInt(at);
        if (bodyLength < 3 || bodyLength > MAX_BATCH_BODY || at + 8L + bodyLength > bytes.length) {
            return null;
        }
        return JournalCodec.decode(bytes, at, bodyLength);
    }

    /** Why there is no good record at an offset. */
    private String what(int at) {
        if (bytes.length - at < 4) {
            return "a record's length is cut short";
        }
        int bodyLength = ByteBuffer.wrap(bytes).getInt(at);
        if (bodyLength < 3 || bodyLength > MAX_BATCH_BODY) {
            return "a record declares an impossible length " + bodyLength;
        }
        if (at + 8L + bodyLength > bytes.length) {
            return "the last record is cut short";
        }
        return "a record fails its checksum or is malformed";
    }

    /** The first offset from {@code from} on where a good record starts, or -1. */
    private int nextGoodRecord(int from) {
        for (int at = from; at + 4 + 3 + 4 <= bytes.length; at++) {
            if (decode(at) != null) {
                return at;
            }
        }
        return -1;
    }

    private void lose(int from, long to, String problem) {
        losses.add(new Journal.Loss(from, to, problem + " (" + file + ")"));
        salvaged.addAll(JournalCodec.salvage(bytes, from, (int) Math.min(to, bytes.length)));
    }

    /** Every change of the good records after a damaged header, for what they can prove. */
    private List<Journal.Record> salvageRecords(int from) {
        List<Journal.Record> found = new ArrayList<>();
        int at = from;
        while (at < bytes.length) {
            List<Journal.Record> r = decode(at);
            if (r == null) {
                found.addAll(JournalCodec.salvage(bytes, at, bytes.length));
                at = nextGoodRecord(at + 1);
                if (at < 0) {
                    break;
                }
                continue;
            }
            found.addAll(r);
            at += 8 + ByteBuffer.wrap(bytes).getInt(at);
        }
        return found;
    }

    private boolean isZero(int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
