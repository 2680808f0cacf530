package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.spi.StorageOptions;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Block checksums persisted beside each file (issue 16): a range read after a reopen reads only the blocks of
 * its range and the sidecar that locates them, counted through {@link CountingReads}; the sidecar follows
 * appends, and a torn, stale, damaged or foreign one is never trusted; {@code verify()} checks the sidecars it
 * would trust, and damage to a block refuses only the reads that touch it.
 */
class BlockSidecarTest {

    private static final int MILLION = 1_000_000;

    @TempDir
    Path dir;

    private final CountingReads reads = new CountingReads();

    private FileStorageManager open() {
        return FileStorageManager.open(dir, StorageOptions.of("file", Map.of("cacheBytes", "0"),
                FileStorageManager.OPTION_NAMES), reads);
    }

    /** Points {@code [from, to)}: time {@code 2 i}, value {@code sin i}. */
    private static ArrayTimeSeries series(int from, int to) {
        double[] t = new double[to - from];
        double[] v = new double[to - from];
        for (int i = from; i < to; i++) {
            t[i - from] = 2.0 * i;
            v[i - from] = Math.sin(i);
        }
        return ArrayTimeSeries.of(t, v);
    }

    /** The points of {@code [first, first + n)}, by their times. */
    private static SizedContainerTimeSeries range(FileStorageManager m, int first, int n) {
        return m.get("a", 2.0 * first, 2.0 * (first + n));
    }

    /** The bytes of the sidecar of a file of n points: its header and an entry per full block. */
    private static long sidecarBytes(int points) {
        return BlockSidecar.HEADER_BYTES + (long) BlockSidecar.ENTRY_BYTES * (points / BlockTable.BLOCK_POINTS);
    }

    /** The data bytes of a file of n points after its full blocks, which proving its sidecar reads. */
    private static long tailBytes(int points) {
        return 16L * (points % BlockTable.BLOCK_POINTS);
    }

    private static void patch(Path file, long at, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), at);
        }
    }

    @Test
    void aRangeReadAfterReopenReadsOnlyItsBlocks() {
        ArrayTimeSeries all = series(0, MILLION);
        try (FileStorageManager m = open()) {
            m.store("a", all);
        }
        try (FileStorageManager m = open()) {
            reads.take();
            SizedContainerTimeSeries got = range(m, 500_000, 100);
            long first = reads.take();
            assertEquals(all.slice(1e6, 1e6 + 200), got);
            // the sidecar (244 full blocks), the 576 points after them (which prove it against the index's
            // CRC), the npy header and the one block holding points 499712 to 503807
            assertEquals(sidecarBytes(MILLION) + tailBytes(MILLION) + 128 + BlockTable.BLOCK_BYTES, first);
            range(m, 700_000, 100);
            assertEquals(128 + BlockTable.BLOCK_BYTES, reads.take(), "the table is then in memory");
            m.get("a");
            long whole = reads.take();
            System.out.println("range read of 100 points of a " + MILLION + "-point series after reopen: " + first
                    + " bytes read (the whole file: " + whole + " bytes)");
            assertEquals(128 + 16L * MILLION, whole);
        }
    }

    @Test
    void theSidecarFollowsAppendsAcrossReopens() throws IOException {
        int n = 3 * BlockTable.BLOCK_POINTS + 10;
        try (FileStorageManager m = open()) {
            m.store("a", series(0, n));
            m.append("a", series(n, n + 5));
            m.append("a", series(n + 5, n + 5000));
        }
        int total = n + 5000;
        Path sidecar = SeriesPaths.sidecar(SeriesPaths.file(dir, "a"));
        assertEquals(sidecarBytes(total), Files.size(sidecar));
        try (FileStorageManager m = open()) {
            reads.take();
            assertEquals(series(total - 30, total), range(m, total - 30, 30));
            assertEquals(sidecarBytes(total) + tailBytes(total) + 128 + tailBytes(total), reads.take());
            // an append that completes no block leaves the sidecar as it is: its blocks are still the file's
            byte[] sidecarBefore = Files.readAllBytes(sidecar);
            m.append("a", series(total, total + 100));
            assertArrayEquals(sidecarBefore, Files.readAllBytes(sidecar));
            reads.take();
            assertEquals(series(total - 50, total + 100), range(m, total - 50, 150));
        }
        try (FileStorageManager m = open()) {
            reads.take();
            assertEquals(series(0, 10), range(m, 0, 10));
            assertEquals(sidecarBytes(total + 100) + tailBytes(total + 100) + 128 + BlockTable.BLOCK_BYTES,
                    reads.take());
            assertTrue(m.verify().isClean());
        }
    }

    /**
     * A table is trusted from a sidecar only if the file proves it: a torn, damaged or foreign sidecar, one of
     * another version of the file, or one whose own checksums hold but whose block checksum is wrong, is
     * never used; the range is read whole (checked against the index) and the sidecar written again.
     */
    @Test
    void aSidecarTheFileDoesNotProveIsNeverTrusted() throws IOException {
        int n = 3 * BlockTable.BLOCK_POINTS + 50;
        Path file;
        IndexEntry entry;
        byte[] oldVersion;
        try (FileStorageManager m = open()) {
            m.store("a", ArrayTimeSeries.of(series(0, n).times(), new double[n]));
            file = m.fileOf("a");
            oldVersion = Files.readAllBytes(SeriesPaths.sidecar(file));
            m.store("a", series(0, n));
            m.store("b", ArrayTimeSeries.of(series(0, n).times(), new double[n]));
            entry = m.entry("a");
        }
        Path sidecar = SeriesPaths.sidecar(file);
        byte[] good = Files.readAllBytes(sidecar);
        BlockTable table = BlockSidecar.read(sidecar, file, entry, ReadChannels.PLAIN);
        assertNotNull(table);
        int[] crcs = new int[table.blocks()];
        double[] firsts = new double[table.blocks()];
        for (int b = 0; b < crcs.length; b++) {
            crcs[b] = table.crc(b) ^ (b == 1 ? 1 : 0);
            firsts[b] = table.firstTime(b);
        }
        List<byte[]> bad = List.of(
                java.util.Arrays.copyOf(good, good.length - 3), // cut short
                flipped(good, BlockSidecar.HEADER_BYTES + BlockSidecar.ENTRY_BYTES + 1), // a block's checksum
                flipped(good, 9), // the header
                Files.readAllBytes(SeriesPaths.sidecar(SeriesPaths.file(dir, "b"))), // another series' sidecar
                oldVersion, // this id's sidecar before it was stored again with other values
                BlockSidecar.encode(BlockTable.of(entry, crcs, firsts))); // whole, but a wrong block checksum
        for (byte[] b : bad) {
            Files.write(sidecar, b);
            try (FileStorageManager m = open()) {
                reads.take();
                assertEquals(series(BlockTable.BLOCK_POINTS, BlockTable.BLOCK_POINTS + 20),
                        range(m, BlockTable.BLOCK_POINTS, 20));
                assertTrue(reads.take() > 16L * n, "the sidecar was not used: the file was read whole");
                assertTrue(m.verify().isClean(), "a sidecar that is not used is not damage");
            }
            assertArrayEquals(good, Files.readAllBytes(sidecar), "written again by the whole read");
        }
    }

    /**
     * A sidecar written before appends that completed more blocks (a crash before it was written again) is
     * still proved by the file: its blocks are unchanged, and the blocks after them are read to prove it.
     */
    @Test
    void anOlderSidecarTheFileStillProvesIsUsed() throws IOException {
        int n = 3 * BlockTable.BLOCK_POINTS + 50;
        int total = n + 2 * BlockTable.BLOCK_POINTS;
        Path sidecar;
        byte[] older;
        try (FileStorageManager m = open()) {
            m.store("a", series(0, n));
            sidecar = SeriesPaths.sidecar(m.fileOf("a"));
            older = Files.readAllBytes(sidecar);
            m.append("a", series(n, total));
            assertEquals(sidecarBytes(total), Files.size(sidecar));
        }
        Files.write(sidecar, older);
        try (FileStorageManager m = open()) {
            reads.take();
            assertEquals(series(10, 30), range(m, 10, 20));
            long proof = 16L * (total - 3 * BlockTable.BLOCK_POINTS);
            assertEquals(older.length + proof + 128 + BlockTable.BLOCK_BYTES, reads.take());
            assertTrue(m.verify().isClean());
        }
    }

    /** Damage in the last, partial block (whose checksum no sidecar records) refuses only the ranges that reach it. */
    @Test
    void damageInThePartialLastBlockRefusesOnlyTheRangesThatMayReachIt() throws IOException {
        int n = 4 * BlockTable.BLOCK_POINTS + 100;
        Path file;
        try (FileStorageManager m = open()) {
            m.store("a", series(0, n));
            file = m.fileOf("a");
        }
        patch(file, 128 + 16L * (n - 3), new byte[] {0x7f});
        try (FileStorageManager m = open()) {
            assertEquals(series(5, 25), range(m, 5, 20));
            assertEquals(series(4 * BlockTable.BLOCK_POINTS - 30, 4 * BlockTable.BLOCK_POINTS - 10),
                    range(m, 4 * BlockTable.BLOCK_POINTS - 30, 20));
            // a range up to the end of the last recorded block may go on into the next: refused
            assertThrows(StorageException.class, () -> range(m, 4 * BlockTable.BLOCK_POINTS - 20, 20));
            StorageException e = assertThrows(StorageException.class, () -> range(m, n - 10, 10));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("block 4 (points 16384"),
                    e.getMessage());
            IntegrityReport report = m.verify();
            assertEquals(1, report.damage().size());
            assertTrue(report.damage().get(0).problem().contains("so the damage is in block 4 (points 16384 to 16483,"
                    + " bytes 262272 to 263871) or after it"), report.toString());
        }
    }

    /**
     * After a reopen, damage to a block refuses the range reads that touch it (naming the file, the block and
     * its bytes) and serves the others; {@code verify()} reports the file, naming the damaged block.
     */
    @Test
    void aDamagedBlockRefusesOnlyTheRangesThatTouchItAfterReopen() throws IOException {
        int n = 5 * BlockTable.BLOCK_POINTS;
        Path file;
        try (FileStorageManager m = open()) {
            m.store("a", series(0, n));
            file = m.fileOf("a");
        }
        patch(file, 128 + 3L * BlockTable.BLOCK_BYTES + 77, new byte[] {0x7f});
        try (FileStorageManager m = open()) {
            StorageException e = assertThrows(StorageException.class, () -> range(m, 3 * BlockTable.BLOCK_POINTS, 4));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("\"a\"")
                    && e.getMessage().contains("block 3 (points 12288 to 16383, bytes 196736 to 262271)"),
                    e.getMessage());
            assertEquals(series(100, 200), range(m, 100, 100));
            assertEquals(series(4 * BlockTable.BLOCK_POINTS, n), range(m, 4 * BlockTable.BLOCK_POINTS, 10_000));
            StorageException whole = assertThrows(StorageException.class, () -> m.get("a"));
            assertTrue(whole.getMessage().contains("block 3 (points 12288"), whole.getMessage());
            IntegrityReport report = m.verify();
            assertEquals(1, report.damage().size());
            assertEquals(file.toString(), report.damage().get(0).location());
            assertTrue(report.damage().get(0).problem().contains("bytes 196736 to 262271"), report.toString());
        }
    }

    /** Recovery removes the sidecar of a series that is gone (a delete cut short); a delete removes its own. */
    @Test
    void aSidecarWithoutItsSeriesIsRemoved() throws IOException {
        int n = 2 * BlockTable.BLOCK_POINTS;
        Path sidecarA;
        Path sidecarB;
        try (FileStorageManager m = open()) {
            m.store("a", series(0, n));
            m.store("b", series(0, n));
            sidecarA = SeriesPaths.sidecar(m.fileOf("a"));
            sidecarB = SeriesPaths.sidecar(m.fileOf("b"));
            assertTrue(Files.exists(sidecarA) && Files.exists(sidecarB));
            m.delete("a");
            assertFalse(Files.exists(sidecarA));
        }
        byte[] kept = Files.readAllBytes(sidecarB);
        Files.write(sidecarA, kept);
        try (FileStorageManager m = open()) {
            assertEquals(List.of(), m.repairs());
            assertFalse(Files.exists(sidecarA));
            assertTrue(Files.exists(sidecarB));
        }
    }

    /** Small files get no sidecar: reading them whole is reading one block. */
    @Test
    void aFileOfOneBlockHasNoSidecar() {
        try (FileStorageManager m = open()) {
            m.store("a", series(0, BlockTable.BLOCK_POINTS));
            assertFalse(Files.exists(SeriesPaths.sidecar(m.fileOf("a"))));
            m.append("a", series(BlockTable.BLOCK_POINTS, BlockTable.BLOCK_POINTS + 1));
            assertEquals(series(BlockTable.BLOCK_POINTS - 1, BlockTable.BLOCK_POINTS + 1),
                    range(m, BlockTable.BLOCK_POINTS - 1, 2));
            assertTrue(Files.exists(SeriesPaths.sidecar(m.fileOf("a"))), "written once it has two blocks");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] flipped(byte[] b, int at) {
        byte[] c = b.clone();
        c[at] ^= 0x10;
        return c;
    }

    @Test
    void decodingRefusesEveryFlawedSidecar() throws IOException {
        int n = 2 * BlockTable.BLOCK_POINTS + 1;
        Path sidecar;
        try (FileStorageManager m = open()) {
            m.store("a", series(0, n));
            sidecar = SeriesPaths.sidecar(m.fileOf("a"));
        }
        byte[] good = Files.readAllBytes(sidecar);
        assertEquals(sidecarBytes(n), good.length);
        assertNotNull(BlockSidecar.decode(good, good.length, n));
        for (int at = 0; at < good.length; at++) {
            assertNull(BlockSidecar.decode(flipped(good, at), good.length, n), "a flip at byte " + at);
        }
        assertNull(BlockSidecar.decode(good, good.length - 1, n), "cut short");
        assertNull(BlockSidecar.decode(good, good.length, BlockTable.BLOCK_POINTS + 1), "more blocks than the file");
    }
}
