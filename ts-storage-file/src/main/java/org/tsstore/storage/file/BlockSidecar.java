package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.tsstore.core.backend.Checksums;

/**
 * The block checksums of a series file, persisted beside it as {@code HEX.blocks} (numpy refuses extra
 * header keys, so they cannot go in the {@code .npy}), so that a range read after the store is reopened
 * reads only the blocks of its range. Derived data: a sidecar is trusted only when it is whole and was
 * written for exactly the file's index entry; anything else (missing, torn, stale, damaged) is ignored and
 * the table rebuilt by one whole read, checked against the index's CRC. It is never forced to the device.
 *
 * <p>Layout (big-endian), {@value #HEADER_BYTES} bytes of header, then one {@value #ENTRY_BYTES}-byte
 * entry per block of {@value BlockTable#BLOCK_POINTS} points:
 * <pre>
 * 0   8  magic "TSBLKS01"
 * 8   4  i32 the file's points, as its index entry records them
 * 12  8  i64 the file's length, as its index entry records it
 * 20  4  i32 the file's CRC-32C, as its index entry records it
 * 24  4  i32 the number of blocks B
 * 28  4  i32 CRC-32C of the B entries
 * 32  4  i32 CRC-32C of bytes 0 to 32
 * 36  B x [i32 CRC-32C of the block's data bytes][f64 the block's first time]
 * </pre>
 * A store writes the whole sidecar after its file is renamed into place. An append, after its journal
 * record, rewrites in place the entries from the old last block on, then the header: a kill between the
 * two leaves a header that no longer matches its entries' checksum (or the file's entry), so a torn update
 * is never trusted. A delete removes it after the file; recovery removes one whose series is gone.
 * Files of fewer than {@value #MIN_BLOCKS} blocks get none: reading them whole is reading one block.
 */
final class BlockSidecar {

    /** The header's length. */
    static final int HEADER_BYTES = 36;
    /** One block's entry: its CRC-32C and first time. */
    static final int ENTRY_BYTES = 12;
    /** The fewest blocks a file has for its table to be persisted. */
    static final int MIN_BLOCKS = 2;

    private static final byte[] MAGIC = "TSBLKS01".getBytes(StandardCharsets.US_ASCII);

    private BlockSidecar() {}

    /** Whether a table is worth persisting. */
    static boolean wanted(BlockTable table) {
        return table.blocks() >= MIN_BLOCKS;
    }

    /**
     * Reads the sidecar of a file and returns its table if it is whole and was written for the entry.
     *
     * @param sidecar the sidecar path
     * @param entry the file's index entry
     * @param reads how files are opened for reading
     * @return the table, or null when there is none to trust
     */
    static BlockTable read(Path sidecar, IndexEntry entry, ReadChannels reads) throws IOException {
        int blocks = BlockTable.blocks(entry.points());
        if (blocks < MIN_BLOCKS) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + ENTRY_BYTES * blocks);
        try (FileChannel ch = reads.open(sidecar)) {
            while (b.hasRemaining()) {
                if (ch.read(b, b.position()) < 0) {
                    return null;
                }
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        return decode(b.array(), entry);
    }

    /** The table in a sidecar's bytes if they are whole and were written for the entry, else null. */
    static BlockTable decode(byte[] bytes, IndexEntry entry) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int blocks = BlockTable.blocks(entry.points());
        if (bytes.length < HEADER_BYTES + ENTRY_BYTES * blocks || !Arrays.equals(bytes, 0, 8, MAGIC, 0, 8)
                || b.getInt(32) != Checksums.crc32c(bytes, 0, 32) || b.getInt(8) != entry.points()
                || b.getLong(12) != entry.fileBytes() || b.getInt(20) != entry.crc() || b.getInt(24) != blocks
                || b.getInt(28) != Checksums.crc32c(bytes, HEADER_BYTES, ENTRY_BYTES * blocks)) {
            return null;
        }
        int[] crcs = new int[blocks];
        double[] firsts = new double[blocks];
        for (int i = 0; i < blocks; i++) {
            crcs[i] = b.getInt(HEADER_BYTES + ENTRY_BYTES * i);
            firsts[i] = b.getDouble(HEADER_BYTES + ENTRY_BYTES * i + 4);
        }
        return BlockTable.of(entry, crcs, firsts);
    }

    /** Writes a table's whole sidecar, replacing what was there. */
    static void write(Path sidecar, BlockTable table) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + ENTRY_BYTES * table.blocks());
        b.put(header(table));
        for (int i = 0; i < table.blocks(); i++) {
            b.putInt(table.crc(i)).putDouble(table.firstTime(i));
        }
        try (FileChannel ch = FileChannel.open(sidecar, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, b.flip(), 0);
        }
    }

    /**
     * Updates the sidecar of {@code before}, known to be on disk, to {@code after}, its extension by an
     * append: the entries from the old last block on, then the header.
     */
    static void update(Path sidecar, BlockTable before, BlockTable after) throws IOException {
        int from = Math.max(0, before.blocks() - 1);
        ByteBuffer entries = ByteBuffer.allocate(ENTRY_BYTES * (after.blocks() - from));
        for (int i = from; i < after.blocks(); i++) {
            entries.putInt(after.crc(i)).putDouble(after.firstTime(i));
        }
        try (FileChannel ch = FileChannel.open(sidecar, StandardOpenOption.WRITE)) {
            writeFully(ch, entries.flip(), HEADER_BYTES + (long) ENTRY_BYTES * from);
            writeFully(ch, ByteBuffer.wrap(header(after)), 0);
        }
    }

    private static byte[] header(BlockTable table) {
        IndexEntry e = table.entry();
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
        h.put(MAGIC).putInt(e.points()).putLong(e.fileBytes()).putInt(e.crc()).putInt(table.blocks())
                .putInt(table.entriesCrc());
        h.putInt(Checksums.crc32c(h.array(), 0, 32));
        return h.array();
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
    }
}
