package org.tsstore.storage.file;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.tsstore.api.SeriesIds;
import org.tsstore.core.backend.DirectorySync;

/**
 * The index's snapshot, {@value #FILE_NAME}: every entry at the moment the journal was last folded,
 * written whole to a temporary file, forced, and renamed over the old one, so that it is always either
 * the old snapshot or the new.
 *
 * <p>Layout (big-endian): the magic {@code TSSNAP01}, the generation, the entry count, then per entry
 * {@code [u16 id length][id, UTF-8][i32 points][i64 file length][i32 file CRC-32C]}, and last the CRC-32C
 * of everything before it.
 */
final class IndexSnapshot {

    /** The snapshot's file name in the store directory. */
    static final String FILE_NAME = "index.snapshot";

    private static final byte[] MAGIC = "TSSNAP01".getBytes(StandardCharsets.US_ASCII);
    private static final int MIN_ENTRY_BYTES = 2 + 1 + 16;

    /**
     * A snapshot's contents.
     *
     * @param generation the generation: the journal that continues it carries the same number
     * @param entries the index entries by id
     */
    record Contents(long generation, Map<String, IndexEntry> entries) {}

    private IndexSnapshot() {}

    /**
     * Reads a snapshot.
     *
     * @param file the snapshot file, which must exist
     * @return its contents
     * @throws SeriesFileException if it is damaged
     */
    static Contents read(Path file) throws IOException, SeriesFileException {
        long size = Files.size(file);
        CRC32C crc = new CRC32C();
        try (InputStream raw = Files.newInputStream(file);
                CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(raw, 1 << 16), crc);
                DataInputStream in = new DataInputStream(checked)) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new SeriesFileException("the index snapshot has the wrong magic");
            }
            long generation = in.readLong();
            int count = in.readInt();
            if (count < 0 || count > (size - 24) / MIN_ENTRY_BYTES) {
                throw new SeriesFileException("the index snapshot declares " + count + " entries in " + size + " bytes");
            }
            Map<String, IndexEntry> entries = new HashMap<>(Math.max(16, count * 4 / 3 + 1));
            byte[] idBytes = new byte[SeriesIds.MAX_UTF8_BYTES];
            for (int i = 0; i < count; i++) {
                int length = in.readUnsignedShort();
                if (length == 0 || length > SeriesIds.MAX_UTF8_BYTES) {
                    throw new SeriesFileException("entry " + i + " of the index snapshot has an id of " + length + " bytes");
                }
                in.readFully(idBytes, 0, length);
                String id = new String(idBytes, 0, length, StandardCharsets.UTF_8);
                int points = in.readInt();
                long fileBytes = in.readLong();
                int fileCrc = in.readInt();
                if (!SeriesIds.isValid(id) || points < 0 || fileBytes < 0 || entries.containsKey(id)) {
                    throw new SeriesFileException("entry " + i + " of the index snapshot is malformed");
                }
                entries.put(id, new IndexEntry(points, fileBytes, fileCrc));
            }
            int expected = (int) crc.getValue();
            int stored = in.readInt();
            if (stored != expected || in.read() >= 0) {
                throw new SeriesFileException("the index snapshot fails its checksum");
            }
            return new Contents(generation, entries);
        } catch (EOFException e) {
            throw new SeriesFileException("the index snapshot is cut short (" + size + " bytes)");
        }
    }

    /**
     * Writes a snapshot: to a temporary file, forced to the device, renamed into place, the directory
     * forced too.
     *
     * @param directory the store directory
     * @param generation the new generation
     * @param entries the entries
     * @return the snapshot's length in bytes
     */
    static long write(Path directory, long generation, Map<String, IndexEntry> entries) throws IOException {
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
                byte[] id = e.getKey().getBytes(StandardCharsets.UTF_8);
                IndexEntry entry = e.getValue();
                out.writeShort(id.length);
                out.write(id);
                out.writeInt(entry.points());
                out.writeLong(entry.fileBytes());
                out.writeInt(entry.crc());
                written++;
            }
            if (written != entries.size()) {
                throw new IllegalStateException("the index changed while its snapshot was written");
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
}
