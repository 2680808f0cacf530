package org.tsstore.storage.file;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.tsstore.api.SeriesIds;
import org.tsstore.core.backend.DirectorySync;

/**
 * The index's snapshot, {@value #FILE_NAME}: every entry at the moment the journal was last folded,
 * written whole to a temporary file, forced, and renamed over the old one, so that it is always either
 * the old snapshot or the new.
 *
 * <p>Layout (big-endian): the magic {@code TSSNAP02}, the generation, the entry count, then per entry
 * {@code [u16 id length][id, UTF-8][i32 points][i64 file length][i32 file CRC-32C]}; then the count of
 * {@link Held} ids, and per id {@code [u16 id length][id][u16 file length][file, UTF-8][i64 offset][u32
 * problem length][problem, UTF-8][u16 candidate count][candidates, 16 bytes each as above]}; last the
 * CRC-32C of everything before it. A {@code TSSNAP01} snapshot (no held ids) is still read.
 */
final class IndexSnapshot {

    /** The snapshot's file name in the store directory. */
    static final String FILE_NAME = "index.snapshot";

    private static final byte[] MAGIC = "TSSNAP02".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LEGACY_MAGIC = "TSSNAP01".getBytes(StandardCharsets.US_ASCII);
    private static final int MIN_ENTRY_BYTES = 2 + 1 + 16;
    private static final int MAX_PROBLEM_BYTES = 1 << 16;

    /**
     * A snapshot's contents.
     *
     * @param generation the generation: the journal that continues it carries the same number
     * @param entries the index entries by id
     * @param held the held ids
     */
    record Contents(long generation, Map<String, IndexEntry> entries, Map<String, Held> held) {}

    private IndexSnapshot() {}

    /**
     * Reads a snapshot.
     *
     * @param file the snapshot file, which must exist
     * @return its contents
     * @throws SeriesFileException if it is damaged
     */
    static Contents read(Path file) throws IOException, SeriesFileException {
        byte[] bytes = Files.readAllBytes(file);
        Parser p = new Parser(bytes);
        try {
            Contents c = p.parse(true);
            if (p.at + 4 != bytes.length || p.b.getInt(p.at) != crc(bytes, p.at)) {
                throw new SeriesFileException("the index snapshot fails its checksum");
            }
            return c;
        } catch (IndexOutOfBoundsException e) {
            throw new SeriesFileException("the index snapshot is cut short (" + bytes.length + " bytes)");
        }
    }

    /**
     * What a damaged snapshot still says, unchecked: the entries (and held ids) read in order until the first
     * that is malformed or cut short. Never proof by itself: an entry read here is a candidate that a series
     * file's own checksum may confirm.
     *
     * @param file the damaged snapshot
     * @return what could be read; empty maps if nothing
     */
    static Contents salvage(Path file) throws IOException {
        Parser p = new Parser(Files.readAllBytes(file));
        try {
            p.parse(false);
        } catch (IndexOutOfBoundsException | SeriesFileException e) {
            // what was read so far is kept
        }
        return new Contents(p.generation, p.entries, p.held);
    }

    /** Reads a snapshot's bytes strictly (any flaw throws) or as far as they go. */
    private static final class Parser {
        final byte[] bytes;
        final ByteBuffer b;
        int at;
        long generation;
        final Map<String, IndexEntry> entries = new HashMap<>();
        final Map<String, Held> held = new HashMap<>();

        Parser(byte[] bytes) {
            this.bytes = bytes;
            this.b = ByteBuffer.wrap(bytes);
        }

        Contents parse(boolean strict) throws SeriesFileException {
            boolean legacy = Arrays.equals(bytes, 0, Math.min(8, bytes.length), LEGACY_MAGIC, 0, 8);
            if (!legacy && !Arrays.equals(bytes, 0, Math.min(8, bytes.length), MAGIC, 0, 8) && strict) {
                throw new SeriesFileException("the index snapshot has the wrong magic");
            }
            generation = b.getLong(8);
            int count = b.getInt(16);
            at = 20;
            if (count < 0 || count > (bytes.length - 24) / MIN_ENTRY_BYTES) {
                if (strict) {
                    throw new SeriesFileException("the index snapshot declares " + count + " entries in "
                            + bytes.length + " bytes");
                }
                count = Integer.MAX_VALUE;
            }
            for (int i = 0; i < count && (strict || at < bytes.length - 4); i++) {
                String id = id(strict, "entry " + i);
                IndexEntry e = entry();
                if (e == null || entries.containsKey(id)) {
                    throw new SeriesFileException("entry " + i + " of the index snapshot is malformed");
                }
                entries.put(id, e);
            }
            if (legacy) {
                return new Contents(generation, entries, held);
            }
            int heldCount = b.getInt(at);
            at += 4;
            if (heldCount < 0 || heldCount > (bytes.length - at) / MIN_ENTRY_BYTES) {
                throw new SeriesFileException("the index snapshot declares " + heldCount + " held ids");
            }
            for (int i = 0; i < heldCount; i++) {
                String id = id(strict, "held id " + i);
                String file = text(b.getShort(at) & 0xffff, 2, "held id " + i);
                long offset = b.getLong(at);
                at += 8;
                String problem = text(b.getInt(at), 4, "held id " + i);
                int candidates = b.getShort(at) & 0xffff;
                at += 2;
                List<IndexEntry> list = new ArrayList<>(Math.min(candidates, 64));
                for (int k = 0; k < candidates; k++) {
                    IndexEntry e = entry();
                    if (e == null) {
                        throw new SeriesFileException("held id " + i + " of the index snapshot is malformed");
                    }
                    list.add(e);
                }
                if (held.containsKey(id) || entries.containsKey(id)) {
                    throw new SeriesFileException("held id " + i + " of the index snapshot is malformed");
                }
                held.put(id, new Held(file, offset, problem, list));
            }
            return new Contents(generation, entries, held);
        }

        private String id(boolean strict, String what) throws SeriesFileException {
            int length = b.getShort(at) & 0xffff;
            if (length == 0 || length > SeriesIds.MAX_UTF8_BYTES) {
                throw new SeriesFileException(what + " of the index snapshot has an id of " + length + " bytes");
            }
            String id = new String(bytes, at + 2, length, StandardCharsets.UTF_8);
            if (!SeriesIds.isValid(id) || !Arrays.equals(id.getBytes(StandardCharsets.UTF_8), 0, length, bytes,
                    at + 2, at + 2 + length)) {
                throw new SeriesFileException(what + " of the index snapshot is malformed");
            }
            at += 2 + length;
            return id;
        }

        private IndexEntry entry() {
            int points = b.getInt(at);
            long fileBytes = b.getLong(at + 4);
            int fileCrc = b.getInt(at + 12);
            at += 16;
            return points < 0 || fileBytes < 0 ? null : new IndexEntry(points, fileBytes, fileCrc);
        }

        private String text(int length, int lengthBytes, String what) throws SeriesFileException {
            if (length < 0 || length > MAX_PROBLEM_BYTES || at + lengthBytes + length > bytes.length) {
                throw new SeriesFileException(what + " of the index snapshot is malformed");
            }
            String s = new String(bytes, at + lengthBytes, length, StandardCharsets.UTF_8);
            at += lengthBytes + length;
            return s;
        }
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, 0, length);
        return (int) c.getValue();
    }

    /**
     * Writes a snapshot: to a temporary file, forced to the device, renamed into place, the directory
     * forced too.
     *
     * @param directory the store directory
     * @param generation the new generation
     * @param entries the entries
     * @param held the held ids
     * @return the snapshot's length in bytes
     */
    static long write(Path directory, long generation, Map<String, IndexEntry> entries, Map<String, Held> held)
            throws IOException {
        Path file = directory.resolve(FILE_NAME);
        Path temporary = directory.resolve(FILE_NAME + ".tmp");
        CRC32C crc = new CRC32C();
        long size;
        try (FileChannel ch = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            DataOutputStream out = new DataOutputStream(
                    new CheckedOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16), crc));
            out.write(MAGIC);
            out.writeLong(generation);
            out.writeInt(entries.size());
            int written = 0;
            for (Map.Entry<String, IndexEntry> e : entries.entrySet()) {
                writeId(out, e.getKey());
                writeEntry(out, e.getValue());
                written++;
            }
            if (written != entries.size()) {
                throw new IllegalStateException("the index changed while its snapshot was written");
            }
            out.writeInt(held.size());
            for (Map.Entry<String, Held> e : held.entrySet()) {
                Held h = e.getValue();
                writeId(out, e.getKey());
                byte[] f = h.file().getBytes(StandardCharsets.UTF_8);
                out.writeShort(f.length);
                out.write(f);
                out.writeLong(h.offset());
                byte[] p = h.problem().getBytes(StandardCharsets.UTF_8);
                p = p.length > MAX_PROBLEM_BYTES ? Arrays.copyOf(p, MAX_PROBLEM_BYTES) : p;
                out.writeInt(p.length);
                out.write(p);
                List<IndexEntry> candidates = h.candidates().subList(0, Math.min(h.candidates().size(), 0xffff));
                out.writeShort(candidates.size());
                for (IndexEntry c : candidates) {
                    writeEntry(out, c);
                }
            }
            out.flush();
            out.writeInt((int) crc.getValue());
            out.flush();
            size = ch.position();
            ch.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        DirectorySync.force(directory);
        return size;
    }

    /** Writes a snapshot without held ids. */
    static long write(Path directory, long generation, Map<String, IndexEntry> entries) throws IOException {
        return write(directory, generation, entries, Map.of());
    }

    private static void writeId(DataOutputStream out, String id) throws IOException {
        byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
        out.writeShort(utf8.length);
        out.write(utf8);
    }

    private static void writeEntry(DataOutputStream out, IndexEntry entry) throws IOException {
        out.writeInt(entry.points());
        out.writeLong(entry.fileBytes());
        out.writeInt(entry.crc());
    }
}
