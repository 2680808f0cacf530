package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.tsstore.core.backend.Checksums;
import org.tsstore.npy.NpySeries;

/**
 * The block checksums of a series file, persisted beside it as {@code HEX.blocks} (numpy refuses extra
 * header keys, so they cannot go in the {@code .npy}), so that a range read after the store is reopened
 * reads only the blocks of its range and what locating them needs. It holds the <b>full</b> blocks only
 * (every {@value BlockTable#BLOCK_POINTS} points of the file but the last, partial block), which an append
 * never changes; so an append leaves it as it is until it completes a block, and only then rewrites it.
 *
 * <p>Layout (big-endian): {@value #HEADER_BYTES} bytes of header, then one {@value #ENTRY_BYTES}-byte entry
 * per full block:
 * <pre>
 * 0   8  magic "TSBLKS01"
 * 8   4  i32 the number of full blocks F
 * 12  4  i32 CRC-32C of the F entries
 * 16  4  i32 reserved, 0
 * 20  4  i32 CRC-32C of bytes 0 to 20
 * 24  F x [i32 CRC-32C of the block's 65,536 data bytes][f64 the block's first time]
 * </pre>
 *
 * <p>Derived data, trusted only once the file proves it: a sidecar whose own checksums hold is read with
 * the file's bytes after its F blocks (the partial last block, and any blocks completed since it was
 * written, at most {@value #MAX_TAIL_BLOCKS} blocks), and its block CRCs, the CRC of those bytes and of
 * the header for the entry's N, combined by CRC arithmetic ({@link Crc32cShift}), must give the CRC-32C of
 * the whole file that the index entry records. So a torn or damaged sidecar, one of another file or of an
 * older version of this one, is never trusted (the table is then rebuilt by one whole read, checked against
 * the entry, which writes the sidecar again), while one written before appends that only added points
 * after its blocks still serves. It is never forced to the device, and files of one block have none.
 */
final class BlockSidecar {

    /** The header's length. */
    static final int HEADER_BYTES = 24;
    /** One block's entry: its CRC-32C and first time. */
    static final int ENTRY_BYTES = 12;
    /** The most blocks after a sidecar's full blocks that reading it may read from the file to prove it. */
    static final int MAX_TAIL_BLOCKS = 4;

    private static final byte[] MAGIC = "TSBLKS01".getBytes(StandardCharsets.US_ASCII);

    private BlockSidecar() {}

    /** The full blocks of a file of n points. */
    static int fullBlocks(int points) {
        return points / BlockTable.BLOCK_POINTS;
    }

    /** Whether a file of n points gets a sidecar: when it has more than one block. */
    static boolean wanted(int points) {
        return points > BlockTable.BLOCK_POINTS;
    }

    /** A sidecar's bytes: the full blocks of a table. */
    static byte[] encode(BlockTable table) {
        int full = fullBlocks(table.points());
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + ENTRY_BYTES * full);
        b.position(HEADER_BYTES);
        for (int i = 0; i < full; i++) {
            b.putInt(table.crc(i)).putDouble(table.firstTime(i));
        }
        byte[] bytes = b.array();
        b.position(0);
        b.put(MAGIC).putInt(full).putInt(Checksums.crc32c(bytes, HEADER_BYTES, ENTRY_BYTES * full)).putInt(0);
        b.putInt(Checksums.crc32c(bytes, 0, 20));
        return bytes;
    }

    /** Writes a table's sidecar, replacing what was there. */
    static void write(Path sidecar, BlockTable table) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(encode(table));
        try (FileChannel ch = FileChannel.open(sidecar, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long at = 0;
            while (b.hasRemaining()) {
                at += ch.write(b, at);
            }
        }
    }

    /**
     * The full blocks a sidecar's bytes hold, if its own checksums hold and it has no more than a file of
     * {@code points} points: {@code {crcs, firstTimes}}, or null.
     */
    static Object[] decode(byte[] bytes, int length, int points) {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
        if (length < HEADER_BYTES || !Arrays.equals(bytes, 0, 8, MAGIC, 0, 8)
                || b.getInt(20) != Checksums.crc32c(bytes, 0, 20)) {
            return null;
        }
        int full = b.getInt(8);
        if (full < 1 || full > fullBlocks(points) || length < HEADER_BYTES + ENTRY_BYTES * full
                || b.getInt(12) != Checksums.crc32c(bytes, HEADER_BYTES, ENTRY_BYTES * full)) {
            return null;
        }
        int[] crcs = new int[full];
        double[] firsts = new double[full];
        for (int i = 0; i < full; i++) {
            crcs[i] = b.getInt(HEADER_BYTES + ENTRY_BYTES * i);
            firsts[i] = b.getDouble(HEADER_BYTES + ENTRY_BYTES * i + 4);
        }
        return new Object[] {crcs, firsts};
    }

    /**
     * Reads a file's sidecar and the file's bytes after its blocks, and returns the file's whole table if
     * together they give the CRC-32C the entry records.
     *
     * @param sidecar the sidecar path
     * @param file the series file, in the Fortran-order layout of its entry
     * @param entry the file's index entry
     * @param reads how files are opened for reading
     * @return the table, or null when there is none to trust
     */
    static BlockTable read(Path sidecar, Path file, IndexEntry entry, ReadChannels reads) throws IOException {
        int points = entry.points();
        if (!wanted(points) || entry.fileBytes() != NpySeries.FORTRAN_HEADER_BYTES + 16L * points) {
            return null;
        }
        Object[] decoded = readFullBlocks(sidecar, points, reads);
        if (decoded == null) {
            return null;
        }
        int[] full = (int[]) decoded[0];
        double[] fullFirsts = (double[]) decoded[1];
        int blocks = BlockTable.blocks(points);
        if (blocks - full.length > MAX_TAIL_BLOCKS) {
            return null;
        }
        long tailFrom = (long) BlockTable.BLOCK_BYTES * full.length;
        long tailBytes = 16L * points - tailFrom;
        ByteBuffer tail = ByteBuffer.allocate((int) tailBytes);
        try (FileChannel ch = reads.open(file)) {
            if (readUpTo(ch, tail, NpySeries.FORTRAN_HEADER_BYTES + tailFrom) != tailBytes) {
                return null;
            }
        }
        BlockTable.Scan scan = new BlockTable.Scan(points);
        scan.accept(tail.flip(), tailFrom);
        BlockTable table = scan.table(entry);
        int[] crcs = new int[blocks];
        double[] firsts = new double[blocks];
        int whole = crc(NpySeries.fortranHeader(points).encode());
        for (int i = 0; i < blocks; i++) {
            crcs[i] = i < full.length ? full[i] : table.crc(i);
            firsts[i] = i < full.length ? fullFirsts[i] : table.firstTime(i);
            whole = Crc32cShift.concat(whole, crcs[i], 16L * Math.min(BlockTable.BLOCK_POINTS,
                    points - i * BlockTable.BLOCK_POINTS));
        }
        return whole == entry.crc() ? BlockTable.of(entry, crcs, firsts) : null;
    }

    /**
     * The full blocks of a file's sidecar, {@code {crcs, firstTimes}}, if its own checksums hold, unproved by
     * the file: for a file that fails its whole-file checksum, whose blocks are then checked against them
     * one by one.
     */
    static Object[] readFullBlocks(Path sidecar, int points, ReadChannels reads) throws IOException {
        byte[] bytes = new byte[HEADER_BYTES + ENTRY_BYTES * fullBlocks(points)];
        int length;
        try (FileChannel ch = reads.open(sidecar)) {
            length = readUpTo(ch, ByteBuffer.wrap(bytes), 0);
        } catch (NoSuchFileException e) {
            return null;
        }
        return decode(bytes, length, points);
    }

    private static int crc(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b);
        return (int) c.getValue();
    }

    /** Reads into a buffer from an offset until it is full or the file ends; returns the bytes read. */
    private static int readUpTo(FileChannel ch, ByteBuffer b, long at) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            int n = ch.read(b, at + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
