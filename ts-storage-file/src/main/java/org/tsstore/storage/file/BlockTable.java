package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.npy.NpySeries;

/**
 * The block checksums of one Fortran-order series file, kept in memory: for each block of
 * {@value #BLOCK_POINTS} points ({@value #BLOCK_BYTES} data bytes) its CRC-32C and its first time. A range
 * read finds its blocks here without I/O and checks each block it reads. A table is built by one whole
 * read checked against the index's whole-file CRC, carried forward by appends, and dropped by stores and
 * deletes. Immutable.
 */
final class BlockTable {

    /** Points per block. */
    static final int BLOCK_POINTS = 4096;
    /** Data bytes per block. */
    static final int BLOCK_BYTES = 16 * BLOCK_POINTS;

    private final int points;
    private final int[] crcs;
    private final double[] firstTimes;

    private BlockTable(int points, int[] crcs, double[] firstTimes) {
        this.points = points;
        this.crcs = crcs;
        this.firstTimes = firstTimes;
    }

    private static int blocks(int points) {
        return (int) ((points + (long) BLOCK_POINTS - 1) / BLOCK_POINTS);
    }

    /**
     * Reads a whole file, checking it against its entry, and returns its table; null when the file is not
     * in the store's Fortran-order layout (it is then read whole).
     *
     * @throws SeriesFileException if the file does not match its entry
     */
    static BlockTable build(Path file, IndexEntry entry, IoBuffers.IoBuffer io) throws IOException, SeriesFileException {
        try (SeriesFileReader reader = SeriesFileReader.open(file, io)) {
            IndexedRead.checkShape(entry, reader);
            if (!reader.header().equals(NpySeries.fortranHeader(entry.points()))
                    || reader.header().dataOffset() != NpySeries.FORTRAN_HEADER_BYTES) {
                return null;
            }
            int n = blocks(entry.points());
            int[] crcs = new int[n];
            double[] firsts = new double[n];
            CRC32C block = new CRC32C();
            IndexedRead.checkCrc(entry, reader.readData((chunk, offset) -> {
                ByteBuffer c = chunk.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                long at = offset;
                while (c.hasRemaining()) {
                    int b = (int) (at / BLOCK_BYTES);
                    if (at % BLOCK_BYTES == 0) {
                        firsts[b] = c.getDouble(c.position());
                    }
                    int piece = (int) Math.min(c.remaining(), (long) (b + 1) * BLOCK_BYTES - at);
                    block.update(c.slice(c.position(), piece));
                    c.position(c.position() + piece);
                    at += piece;
                    if (at % BLOCK_BYTES == 0 || at == 16L * entry.points()) {
                        crcs[b] = (int) block.getValue();
                        block.reset();
                    }
                }
            }));
            return new BlockTable(entry.points(), crcs, firsts);
        }
    }

    /** The table after appending checked points to its file. */
    BlockTable extend(ArrayTimeSeries added) {
        int n = points + added.size();
        int[] c = Arrays.copyOf(crcs, blocks(n));
        double[] f = Arrays.copyOf(firstTimes, blocks(n));
        ByteBuffer bytes = ByteBuffer.allocate(BLOCK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int i = 0;
        while (i < added.size()) {
            int point = points + i;
            int b = point / BLOCK_POINTS;
            int inBlock = point % BLOCK_POINTS;
            int length = Math.min(BLOCK_POINTS - inBlock, added.size() - i);
            bytes.clear();
            for (int k = i; k < i + length; k++) {
                bytes.putDouble(added.time(k)).putDouble(added.value(k));
            }
            CRC32C piece = new CRC32C();
            piece.update(bytes.flip());
            if (inBlock == 0) {
                f[b] = added.time(i);
                c[b] = (int) piece.getValue();
            } else {
                c[b] = Crc32cShift.concat(c[b], (int) piece.getValue(), 16L * length);
            }
            i += length;
        }
        return new BlockTable(n, c, f);
    }

    /** The number of points the table covers. */
    int points() {
        return points;
    }

    /** The number of blocks. */
    int blocks() {
        return crcs.length;
    }

    /** The CRC-32C of a block's data bytes. */
    int crc(int block) {
        return crcs[block];
    }

    /** The number of points in a block. */
    int pointsIn(int block) {
        return Math.min(BLOCK_POINTS, points - block * BLOCK_POINTS);
    }

    /**
     * The blocks that may hold points in {@code [from, to)}, as {@code {first, last}} inclusive, or null
     * when none can.
     */
    int[] blocksOf(double from, double to) {
        if (points == 0 || !(from < to)) {
            return null;
        }
        int last = lastStartingBefore(to, false);
        if (last < 0) {
            return null;
        }
        int first = Math.max(0, lastStartingBefore(from, true));
        return new int[] {first, last};
    }

    /** The last block whose first time is below {@code t} (or at most {@code t}), or -1. */
    private int lastStartingBefore(double t, boolean inclusive) {
        int lo = 0;
        int hi = firstTimes.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (firstTimes[mid] < t || inclusive && firstTimes[mid] == t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
