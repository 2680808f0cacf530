package org.tsstore.storage.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.tsstore.core.backend.Checksums;

/**
 * The index's append-only journal, {@value #FILE_NAME}: one checksummed record per store or delete,
 * written with one system call, so that an update never rewrites the index.
 *
 * <p>Layout (big-endian): a header of the magic {@code TSJRNL02}, the generation (the snapshot this
 * journal continues) and the CRC-32C of those 16 bytes; then the <b>witness</b>, {@code [i64 end][u32
 * CRC-32C of the generation and the end]}, the end of the last record written whole; then, from byte
 * {@value #HEADER_BYTES}, records of {@code [u32 body length][u8 kind][u16 id length][id, UTF-8][put only:
 * i32 points, i64 file length, i32 file CRC-32C][u32 CRC-32C of the length and the body]}; a batch record
 * (kind 3) holds {@code [u32 count]} then, per change, {@code [u8 kind][u16 id length][id][put only: the 16
 * bytes]}, so that its changes are read all or none.
 *
 * <p>The witness is rewritten (12 bytes, in place) after every record, and before the call that wrote the
 * record returns; with {@code sync} after the record is forced, and not forced itself: the next record's
 * force (or a flush) carries it, so it never reaches the device ahead of the record it names. It is what
 * tells a torn write from lost records ({@link JournalReader}): only bytes after the witnessed end can be a
 * write a crash cut short; a record that is cut or garbled before it was written whole and acknowledged,
 * and is reported as lost. A {@code TSJRNL01} journal (no witness, records from byte 20) is still read.
 */
final class Journal implements Closeable {

    /** The journal's file name in the store directory. */
    static final String FILE_NAME = "index.journal";
    /** Where the first record starts: the header and the witness. */
    static final int HEADER_BYTES = 32;
    /** The header of a {@code TSJRNL01} journal, which had no witness. */
    static final int LEGACY_HEADER_BYTES = 20;
    /** Where the witness is. */
    static final int WITNESS_AT = 20;

    static final byte[] MAGIC = "TSJRNL02".getBytes(StandardCharsets.US_ASCII);
    static final byte[] LEGACY_MAGIC = "TSJRNL01".getBytes(StandardCharsets.US_ASCII);
    private static final byte PUT = JournalCodec.PUT;
    private static final byte DELETE = JournalCodec.DELETE;
    private static final int MAX_BODY = JournalCodec.MAX_BODY;

    /** How a journal's end looked when it was read. */
    enum Tail {
        /** Every byte belongs to a good record. */
        CLEAN,
        /** The last record, after the witnessed end, was cut short or garbled by a crash: ignored. */
        TORN,
        /** Records were lost: a bad stretch with a good record after it, or before the witnessed end. */
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
     * A stretch of the journal whose records are lost.
     *
     * @param from the offset where it starts
     * @param to the offset where it ends: the next good record, or the end of the file or of the witness
     * @param problem what is wrong, naming the offsets
     */
    record Loss(long from, long to, String problem) {}

    /**
     * What {@link #read} found.
     *
     * @param state whether the file exists and its header could be read
     * @param generation the generation in the header, when readable
     * @param records the good records, in order
     * @param offsets where each of {@code records} starts (the changes of a batch share its offset)
     * @param goodBytes where appending may go on: the end of the last good record before a torn tail
     * @param tail how the file ended
     * @param problem what was wrong with a torn or damaged tail or header, or empty
     * @param witness the witnessed end, or -1 when the journal has none or it cannot be read
     * @param losses the stretches whose records are lost, in order
     * @param salvaged what the lost stretches still say, unchecked ({@link JournalCodec#salvage})
     * @param legacy whether the journal is a {@code TSJRNL01} one
     */
    record Contents(HeaderState state, long generation, List<Record> records, List<Long> offsets, long goodBytes,
            Tail tail, String problem, long witness, List<Loss> losses, List<Record> salvaged, boolean legacy) {

        /** Contents with nothing in them: no file, or a header being written. */
        static Contents empty(HeaderState state, String problem) {
            return new Contents(state, 0, List.of(), List.of(), 0, Tail.CLEAN, problem, -1, List.of(), List.of(),
                    false);
        }
    }

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
    private final ByteBuffer witness = ByteBuffer.allocateDirect(12);
    private long generation;
    private long size;
    private long records;
    private IOException broken;

    private Journal(FileChannel channel, long size, long records, long generation, boolean force) {
        this.channel = channel;
        this.size = size;
        this.records = records;
        this.generation = generation;
        this.force = force;
    }

    /**
     * Reads a journal file ({@link JournalReader}).
     *
     * @param file the journal
     * @return what it holds
     */
    static Contents read(Path file) throws IOException {
        return JournalReader.read(file);
    }

    /**
     * Opens a journal for appending after its first {@code keep} bytes, cutting off anything after them
     * (a torn tail) and witnessing what is kept. With {@code keep} less than a header, writes a new header of
     * the given generation.
     *
     * @param file the journal file, created if missing; a {@code TSJRNL02} journal unless {@code keep} is 0
     * @param keep the bytes to keep
     * @param keptRecords how many records those bytes hold
     * @param generation the generation of the journal (in its header, or for a new header)
     * @param force whether every append is forced to the device before it returns
     */
    static Journal open(Path file, long keep, long keptRecords, long generation, boolean force) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            Journal j = new Journal(ch, keep, keptRecords, generation, force);
            if (keep < HEADER_BYTES) {
                j.reset(generation);
            } else {
                ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
                while (magic.hasRemaining() && ch.read(magic, magic.position()) > 0) {
                    // reads the magic
                }
                if (!java.util.Arrays.equals(magic.array(), MAGIC)) {
                    throw new IOException(file + " is not a " + new String(MAGIC, StandardCharsets.US_ASCII)
                            + " journal: it must be folded and started again, not appended to");
                }
                if (ch.size() != keep) {
                    ch.truncate(keep);
                }
                j.writeWitness(keep);
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

    /**
     * Writes one encoded record at the end with one system call (forced with {@code force}), then witnesses
     * its end with another.
     */
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
            writeWitness(at);
        } catch (IOException e) {
            // Cut off a partial or unwitnessed record so that later ones are not stranded behind it.
            try {
                channel.truncate(size);
                writeWitness(size);
                if (force) {
                    channel.force(false);
                }
            } catch (IOException again) {
                e.addSuppressed(again);
                broken = e;
            }
            throw e;
        }
        size = at;
        records++;
    }

    /** Rewrites the witness in place: 12 bytes, not forced. */
    private void writeWitness(long end) throws IOException {
        ByteBuffer w = witness.clear();
        w.putLong(end).putInt(witnessCrc(generation, end)).flip();
        long at = WITNESS_AT;
        while (w.hasRemaining()) {
            at += channel.write(w, at);
        }
    }

    /** The CRC-32C of a witness: over the generation and the end, so that a witness of another generation fails. */
    static int witnessCrc(long generation, long end) {
        byte[] b = ByteBuffer.allocate(16).putLong(generation).putLong(end).array();
        return Checksums.crc32c(b, 0, 16);
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
        h.putInt(Checksums.crc32c(h.array(), 0, 16));
        h.putLong(HEADER_BYTES).putInt(witnessCrc(generation, HEADER_BYTES)).flip();
        channel.truncate(0);
        long at = 0;
        while (h.hasRemaining()) {
            at += channel.write(h, at);
        }
        if (force) {
            channel.force(false);
        }
        this.generation = generation;
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

    /** Forces every record, and the witness of the last, to the device. */
    synchronized void force() throws IOException {
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
