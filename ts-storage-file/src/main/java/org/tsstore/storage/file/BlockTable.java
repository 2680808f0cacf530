package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.npy.NpySeries;

/**
 * The block checksums of one Fortran-order series file, for one index entry of it: for each block of
 * {@value #BLOCK_POINTS} points ({@value #BLOCK_BYTES} data bytes) its CRC-32C and its first time. A range
 * read finds its blocks here without I/O and checks each block it reads. A table comes from the bytes a
 * store writes ({@link Builder}), from a sidecar file that the file proves ({@link BlockSidecar}), or from
 * one whole read checked against the index's whole-file CRC ({@link #build}); an append extends it.
 *
 * <p>Immutable as seen: an extension shares its arrays with the table it extends, writing only where that
 * table never reads (the final CRC of its last block, which it keeps in a field of its own, and the blocks
 * after it), so an append costs time in proportion to the points it adds, not to the file's length.
 */
final class BlockTable {

    /** Points per block. */
    static final int BLOCK_POINTS = 4096;
    /** Data bytes per block. */
    static final int BLOCK_BYTES = 16 * BLOCK_POINTS;

    private final IndexEntry entry;
    /** The CRCs of the blocks before the last; at least {@link #blocks} long, maybe shared with extensions. */
    private final int[] crcs;
    /** The first time of every block; at least {@link #blocks} long, maybe shared with extensions. */
    private final double[] firstTimes;
    private final int blocks;
    /** The CRC of the last block (which an append may still change). */
    private final int lastCrc;
    /** Blocks from this one on have no checksum to trust (their file fails its whole-file CRC). */
    private final int verified;

    private BlockTable(IndexEntry entry, int[] crcs, double[] firstTimes, int blocks, int lastCrc, int verified) {
        this.entry = entry;
        this.crcs = crcs;
        this.firstTimes = firstTimes;
        this.blocks = blocks;
        this.lastCrc = lastCrc;
        this.verified = verified;
    }

    /** The number of blocks of a file of n points. */
    static int blocks(int points) {
        return (int) ((points + (long) BLOCK_POINTS - 1) / BLOCK_POINTS);
    }

    /** A table of given blocks. */
    static BlockTable of(IndexEntry entry, int[] crcs, double[] firstTimes) {
        if (crcs.length != blocks(entry.points()) || firstTimes.length != crcs.length) {
            throw new IllegalArgumentException(crcs.length + " blocks for " + entry.points() + " points");
        }
        return new BlockTable(entry, crcs.clone(), firstTimes.clone(), crcs.length,
                crcs.length == 0 ? 0 : crcs[crcs.length - 1], crcs.length);
    }

    /**
     * The table of a file that fails its whole-file checksum but whose sidecar's own checksums hold: the
     * sidecar's full blocks are located by their recorded first times and checked one by one as they are
     * read; the blocks after them (the partial last one, blocks completed since the sidecar was written) have
     * no checksum or first time to trust, and a range read that may reach them is refused.
     */
    static BlockTable ofRecorded(IndexEntry entry, int[] recorded, double[] recordedFirstTimes) {
        int n = blocks(entry.points());
        double[] firsts = Arrays.copyOf(recordedFirstTimes, n);
        Arrays.fill(firsts, recordedFirstTimes.length, n, Double.NaN);
        int[] crcs = Arrays.copyOf(recorded, n);
        return new BlockTable(entry, crcs, firsts, n, crcs[n - 1], recorded.length);
    }

    /** Whether a block has a checksum to trust. */
    boolean verified(int block) {
        return block < verified;
    }

    /** Whether every block has a checksum to trust. */
    boolean wholeVerified() {
        return verified == blocks;
    }

    /**
     * Reads a whole file, checking it against its entry, and returns its table; null when the file is not
     * in the store's Fortran-order layout (it is then read whole).
     *
     * @throws SeriesFileException if the file does not match its entry
     */
    static BlockTable build(SeriesFileReader reader, IndexEntry entry) throws IOException, SeriesFileException {
        IndexedRead.checkShape(entry, reader);
        if (!isBlocked(reader, entry)) {
            return null;
        }
        Scan scan = new Scan(entry.points());
        IndexedRead.checkCrc(entry, reader.readData(scan::accept));
        return scan.table(entry);
    }

    /** Whether a file is in the layout block tables describe. */
    static boolean isBlocked(SeriesFileReader reader, IndexEntry entry) {
        return reader.header().equals(NpySeries.fortranHeader(entry.points()))
                && reader.header().dataOffset() == NpySeries.FORTRAN_HEADER_BYTES;
    }

    /** Computes each block's CRC-32C and first time from the data bytes of a file as they are read. */
    static final class Scan {
        private final int points;
        private final int[] crcs;
        private final double[] firsts;
        private final CRC32C block = new CRC32C();

        Scan(int points) {
            this.points = points;
            this.crcs = new int[blocks(points)];
            this.firsts = new double[crcs.length];
        }

        /** Takes the data bytes from offset {@code offset} of the data on, in order. */
        void accept(ByteBuffer chunk, long offset) {
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
                if (at % BLOCK_BYTES == 0 || at == 16L * points) {
                    crcs[b] = (int) block.getValue();
                    block.reset();
                }
            }
        }

        /** The table of what was read, for an entry. */
        BlockTable table(IndexEntry entry) {
            return of(entry, crcs, firsts);
        }
    }

    /**
     * Takes every byte a store writes to a Fortran-order file (the 128-byte header, then the data), as the
     * file's {@link Checksum}: keeps the whole file's CRC-32C and each block's.
     */
    static final class Builder implements Checksum {
        private final CRC32C whole = new CRC32C();
        private final Scan scan;
        private final ArrayTimeSeries series;
        private long at;

        Builder(ArrayTimeSeries series) {
            this.series = series;
            this.scan = new Scan(series.size());
        }

        @Override
        public void update(int b) {
            update(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void update(byte[] b, int off, int len) {
            update(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public void update(ByteBuffer buffer) {
            ByteBuffer b = buffer.duplicate();
            whole.update(b.duplicate());
            int header = (int) Math.max(0, Math.min(b.remaining(), NpySeries.FORTRAN_HEADER_BYTES - at));
            if (b.remaining() > header) {
                scan.accept(b.slice(b.position() + header, b.remaining() - header), at + header
                        - NpySeries.FORTRAN_HEADER_BYTES);
            }
            at += buffer.remaining();
            buffer.position(buffer.limit());
        }

        @Override
        public long getValue() {
            return whole.getValue();
        }

        @Override
        public void reset() {
            throw new UnsupportedOperationException("a block table builder is used once");
        }

        /** The table of what was written, for the entry it was journaled as. */
        BlockTable table(IndexEntry entry) {
            for (int b = 0; b < scan.firsts.length; b++) {
                scan.firsts[b] = series.time(b * BLOCK_POINTS);
            }
            return scan.table(entry);
        }
    }

    /** The table after appending checked points to its file, for the file's new entry; whole-verified only. */
    BlockTable extend(ArrayTimeSeries added, IndexEntry next) {
        if (!wholeVerified()) {
            throw new IllegalStateException("a table with unverified blocks is not extended");
        }
        int points = entry.points();
        int n = blocks(points + added.size());
        int[] c = crcs;
        double[] f = firstTimes;
        if (n > c.length) {
            int capacity = Math.max(n, 2 * c.length);
            c = Arrays.copyOf(c, capacity);
            f = Arrays.copyOf(f, capacity);
        }
        int last = lastCrc;
        ByteBuffer bytes = ByteBuffer.allocate(16 * Math.min(BLOCK_POINTS, added.size())).order(ByteOrder.LITTLE_ENDIAN);
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
                if (b > 0) {
                    // The block before is full now: its CRC goes where no table before this one reads.
                    c[b - 1] = last;
                }
                f[b] = added.time(i);
                last = (int) piece.getValue();
            } else {
                last = Crc32cShift.concat(last, (int) piece.getValue(), 16L * length);
            }
            i += length;
        }
        return new BlockTable(next, c, f, n, last, n);
    }

    /** The index entry of the file this table is for. */
    IndexEntry entry() {
        return entry;
    }

    /** The number of points the table covers. */
    int points() {
        return entry.points();
    }

    /** The number of blocks. */
    int blocks() {
        return blocks;
    }

    /** The CRC-32C of a block's data bytes. */
    int crc(int block) {
        java.util.Objects.checkIndex(block, blocks);
        return block == blocks - 1 ? lastCrc : crcs[block];
    }

    /** The first time of a block. */
    double firstTime(int block) {
        java.util.Objects.checkIndex(block, blocks);
        return firstTimes[block];
    }

    /** The number of points in a block. */
    int pointsIn(int block) {
        return Math.min(BLOCK_POINTS, entry.points() - block * BLOCK_POINTS);
    }

    /**
     * The first verified block whose CRC differs from another table's for the same points; when none does,
     * the first block that is not verified, if any; else -1.
     */
    int firstDifference(BlockTable other) {
        int n = Math.min(verified, other.blocks);
        for (int b = 0; b < n; b++) {
            if (crc(b) != other.crc(b)) {
                return b;
            }
        }
        return verified < blocks ? verified : blocks == other.blocks ? -1 : n;
    }

    /** A block's place in the file, for messages: its points and bytes. */
    String describe(int block) {
        long from = NpySeries.FORTRAN_HEADER_BYTES + (long) BLOCK_BYTES * block;
        return "block " + block + " (points " + (block * BLOCK_POINTS) + " to " + (block * BLOCK_POINTS
                + pointsIn(block) - 1) + ", bytes " + from + " to " + (from + 16L * pointsIn(block) - 1) + ")";
    }

    /**
     * The blocks that may hold points in {@code [from, to)}, as {@code {first, last}} inclusive, or null
     * when none can; only verified blocks, so the caller refuses a range that may go on after the last of
     * them when later blocks are not verified.
     */
    int[] blocksOf(double from, double to) {
        if (entry.points() == 0 || !(from < to)) {
            return null;
        }
        int last = lastStartingBefore(to, false);
        if (last < 0) {
            return null;
        }
        int first = Math.max(0, lastStartingBefore(from, true));
        return new int[] {first, last};
    }

    /** The last verified block whose first time is below {@code t} (or at most {@code t}), or -1. */
    private int lastStartingBefore(double t, boolean inclusive) {
        int lo = 0;
        int hi = verified - 1;
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
