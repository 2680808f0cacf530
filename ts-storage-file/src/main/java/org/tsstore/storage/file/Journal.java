package org.tsstore.storage.file;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tsstore.core.backend.Checksums;

/**
 * The index's append-only journal, {@value #FILE_NAME}: one checksummed record per store or delete,
 * written with one system call, so that an update never rewrites the index.
 *
 * <p>Layout (big-endian): a header of the magic {@code TSJRNL01}, the generation (the snapshot this
 * journal continues) and the CRC-32C of those 16 bytes; then records of
 * {@code [u32 body length][u8 kind][u16 id length][id, UTF-8][put only: i32 points, i64 file length,
 * i32 file CRC-32C][u32 CRC-32C of the length and the body]}; a batch record (kind 3) holds
 * {@code [u32 count]} then, per change, {@code [u8 kind][u16 id length][id][put only: the 16 bytes]}, so
 * that its changes are read all or none. A record that is cut short or fails its
 * checksum with no good record after it is a torn tail: a write that never completed, ignored and cut
 * off. A bad record with a good one after it is damage.
 */
final class Journal implements Closeable {

    /** The journal's file name in the store directory. */
    static final String FILE_NAME = "index.journal";
    static final int HEADER_BYTES = 20;

    private static final byte[] MAGIC = "TSJRNL01".getBytes(StandardCharsets.US_ASCII);
    private static final byte PUT = JournalCodec.PUT;
    private static final byte DELETE = JournalCodec.DELETE;
    private static final int MAX_BODY = JournalCodec.MAX_BODY;
    private static final int MAX_BATCH_BODY = JournalCodec.MAX_BATCH_BODY;

    /** How a journal's end looked when it was read. */
    enum Tail {
        /** Every byte belongs to a good record. */
        CLEAN,
        /** The last record was cut short or garbled by a crash: ignored. */
        TORN,
        /** A bad record with data after it: not a crash's doing. */
        DAMAGED
    }

    /**
     * One record: a put when {@code entry} is present, a delete when it is null.
     *
     * @param id the series id
     * @param entry the new index entry, or null for a delete
     */
    record Record(String id, IndexEntry entry) {}

    /**
     * What {@link #read} found.
     *
     * @param state whether the file exists and its header could be read
     * @param generation the generation in the header, when readable
     * @param records the good records, in order
     * @param goodBytes the length of the file up to the end of the last good record
     * @param tail how the file ended
     * @param problem what was wrong with a torn or damaged tail or header, or empty
     */
    record Contents(HeaderState state, long generation, List<Record> records, long goodBytes, Tail tail,
            String problem) {}

    /** The state of a journal's header. */
    enum HeaderState {
        /** No journal file. */
        ABSENT,
        /** Shorter than a header, or all zeros: the file was being created or reset. */
        TORN,
        /** A header with the wrong magic or checksum. */
        DAMAGED,
        /** A good header. */
        VALID
    }

    private final FileChannel channel;
    private final boolean force;
    private final ByteBuffer record = ByteBuffer.allocateDirect(4 + MAX_BODY + 4);
    private long size;
    private long records;
    private IOException broken;

    private Journal(FileChannel channel, long size, long records, boolean force) {
        this.channel = channel;
        this.size = size;
        this.records = records;
        this.force = force;
    }

    /**
     * Reads a journal file.
     *
     * @param file the journal
     * @return what it holds
     */
    static Contents read(Path file) throws IOException {
        InputStream raw;
        long fileBytes;
        try {
            raw = Files.newInputStream(file);
            fileBytes = Files.size(file);
        } catch (NoSuchFileException e) {
            return new Contents(HeaderState.ABSENT, 0, List.of(), 0, Tail.CLEAN, "");
        }
        try (InputStream in = new BufferedInputStream(raw, 1 << 16)) {
            byte[] header = new byte[HEADER_BYTES];
            int got = in.readNBytes(header, 0, HEADER_BYTES);
            if (got < HEADER_BYTES || isZero(header, got) && zeroRest(in)) {
                return new Contents(HeaderState.TORN, 0, List.of(), 0, Tail.CLEAN,
                        "the journal header is incomplete (" + got + " bytes)");
            }
            ByteBuffer h = ByteBuffer.wrap(header);
            if (!Arrays.equals(header, 0, 8, MAGIC, 0, 8) || h.getInt(16) != Checksums.crc32c(header, 0, 16)) {
                return new Contents(HeaderState.DAMAGED, 0, List.of(), 0, Tail.DAMAGED,
                        "the journal header has the wrong magic or checksum");
            }
            long generation = h.getLong(8);
            List<Record> records = new ArrayList<>();
            long offset = HEADER_BYTES;
            byte[] buf = new byte[4 + MAX_BODY + 4];
            while (true) {
                int n = in.readNBytes(buf, 0, 4);
                if (n == 0) {
                    return new Contents(HeaderState.VALID, generation, records, offset, Tail.CLEAN, "");
                }
                if (n < 4) {
                    return torn(generation, records, offset, "a record's length is cut short");
                }
                int bodyLength = ByteBuffer.wrap(buf).getInt(0);
                if (bodyLength < 3 || bodyLength > MAX_BATCH_BODY
                        || bodyLength > MAX_BODY && offset + 8L + bodyLength > fileBytes) {
                    return bad(in, buf, n, generation, records, offset,
                            "a record declares an impossible length " + bodyLength);
                }
                byte[] rec = buf;
                if (bodyLength > MAX_BODY) {
                    rec = Arrays.copyOf(buf, 4 + bodyLength + 4);
                }
                int m = in.readNBytes(rec, 4, bodyLength + 4);
                if (m < bodyLength + 4) {
                    return torn(generation, records, offset, "the last record is cut short");
                }
                List<Record> r = JournalCodec.decode(rec, bodyLength);
                if (r == null) {
                    return bad(in, rec, 4 + m, generation, records, offset,
                            "a record fails its checksum or is malformed");
                }
                records.addAll(r);
                offset += 4 + bodyLength + 4;
            }
        }
    }

    private static Contents torn(long generation, List<Record> records, long offset, String problem) {
        return new Contents(HeaderState.VALID, generation, records, offset, Tail.TORN,
                problem + " at byte " + offset);
    }

    /**
     * A bad record is a torn tail when no good record follows it: a crash garbles or cuts short only the
     * last write, and leaves at most garbage or zeros after it. A good record after a bad one means the
     * journal was damaged some other way.
     */
    private static Contents bad(InputStream in, byte[] read, int readLength, long generation, List<Record> records,
            long offset, String problem) throws IOException {
        byte[] after = in.readAllBytes();
        byte[] rest = Arrays.copyOf(read, readLength + after.length);
        System.arraycopy(after, 0, rest, readLength, after.length);
        byte[] candidate = new byte[4 + MAX_BODY + 4];
        for (int at = 1; at + 4 + 3 + 4 <= rest.length; at++) {
            int bodyLength = ByteBuffer.wrap(rest, at, 4).getInt();
            if (bodyLength < 3 || bodyLength > MAX_BATCH_BODY || at + 4L + bodyLength + 4 > rest.length) {
                continue;
            }
            byte[] c = bodyLength > MAX_BODY ? new byte[4 + bodyLength + 4] : candidate;
            System.arraycopy(rest, at, c, 0, 4 + bodyLength + 4);
            if (JournalCodec.decode(c, bodyLength) != null) {
                return new Contents(HeaderState.VALID, generation, records, offset, Tail.DAMAGED,
                        problem + " at byte " + offset + ", and a good record follows it at byte " + (offset + at));
            }
        }
        return torn(generation, records, offset, problem);
    }

    private static boolean isZero(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeroRest(InputStream in) throws IOException {
        byte[] rest = new byte[8192];
        int n;
        while ((n = in.read(rest)) > 0) {
            if (!isZero(rest, n)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Opens a journal for appending after its first {@code keep} bytes, cutting off anything after them
     * (a torn tail). With {@code keep} less than a header, writes a new header of the given generation.
     *
     * @param file the journal file, created if missing
     * @param keep the bytes to keep
     * @param keptRecords how many records those bytes hold
     * @param generation the generation for a new header
     * @param force whether every append is forced to the device before it returns
     */
    static Journal open(Path file, long keep, long keptRecords, long generation, boolean force) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            Journal j = new Journal(ch, keep, keptRecords, force);
            if (keep < HEADER_BYTES) {
                j.reset(generation);
            } else if (ch.size() != keep) {
                ch.truncate(keep);
                ch.force(false);
            }
            return j;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Appends the record of a store. */
    synchronized void appendPut(String id, IndexEntry entry) throws IOException {
        append(PUT, id, entry);
    }

    /** Appends the record of a delete. */
    synchronized void appendDelete(String id) throws IOException {
        append(DELETE, id, null);
    }

    /**
     * Appends one record holding several changes, read back all or none: puts where the entry is present,
     * deletes where it is null.
     */
    synchronized void appendBatch(List<Record> changes) throws IOException {
        write(JournalCodec.batch(changes));
    }

    private void append(byte kind, String id, IndexEntry entry) throws IOException {
        byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
        int bodyLength = 3 + utf8.length + (entry == null ? 0 : 16);
        ByteBuffer b = record;
        b.clear();
        b.putInt(bodyLength);
        JournalCodec.put(b, kind, id, entry);
        b.putInt(Checksums.crc32c(b, 0, b.position()));
        write(b.flip());
    }

    /** Writes one encoded record at the end with one system call (forced with {@code force}). */
    private void write(ByteBuffer b) throws IOException {
        if (broken != null) {
            throw new IOException("the journal is unusable since an earlier write failed: " + broken.getMessage(),
                    broken);
        }
        long at = size;
        try {
            while (b.hasRemaining()) {
                at += channel.write(b, at);
            }
            if (force) {
                channel.force(false);
            }
        } catch (IOException e) {
            // Cut off a partial record so that later ones are not stranded behind it.
            try {
                channel.truncate(size);
            } catch (IOException again) {
                e.addSuppressed(again);
                broken = e;
            }
            throw e;
        }
        size = at;
        records++;
    }

    /**
     * Empties the journal and starts it again at a generation: called once the snapshot holding
     * everything it recorded is safely in place. Forced to the device only with {@code sync} durability,
     * where the forced appends that follow depend on it; otherwise a journal that comes back from a power
     * loss unreset is older than the snapshot, or holds records the snapshot already has, and replaying
     * them changes nothing.
     */
    synchronized void reset(long generation) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
        h.put(MAGIC).putLong(generation);
        h.putInt(Checksums.crc32c(h.array(), 0, 16)).flip();
        channel.truncate(0);
        long at = 0;
        while (h.hasRemaining()) {
            at += channel.write(h, at);
        }
        if (force) {
            channel.force(false);
        }
        size = at;
        records = 0;
        broken = null;
    }

    /** The journal's length in bytes. */
    synchronized long size() {
        return size;
    }

    /** The number of records since the last reset. */
    synchronized long records() {
        return records;
    }

    /** Forces every record to the device. */
    synchronized void force() throws IOException {
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
