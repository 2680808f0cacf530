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

    private static long sidecarBytes(int points) {
        return BlockSidecar.HEADER_BYTES + (long) BlockSidecar.ENTRY_BYTES * BlockTable.blocks(points);
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
            // the sidecar, the npy header and the one block holding points 499712 to 503807
            assertEquals(sidecarBytes(MILLION) + 128 + BlockTable.BLOCK_BYTES, first);
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
            assertEquals(sidecarBytes(total) + 128 + 16L * (total - 4 * BlockTable.BLOCK_POINTS), reads.take());
            // after a reopen, an append extends the sidecar it reads (not the data), and ranges stay exact
            m.append("a", series(total, total + 100));
            reads.take();
            assertEquals(series(total - 50, total + 100), range(m, total - 50, 150));
        }
        try (FileStorageManager m = open()) {
            reads.take();
            assertEquals(series(0, 10), range(m, 0, 10));
            assertEquals(sidecarBytes(total + 100) + 128 + BlockTable.BLOCK_BYTES, reads.take());
            assertTrue(m.verify().isClean());
        }
    }

    /** A table is trusted from a sidecar only if it is whole and written for the file's very entry. */
    @Test
    void aTornStaleDamagedOrForeignSidecarIsNeverTrusted() throws IOException {
        int n = 3 * BlockTable.BLOCK_POINTS;
        Path file;
        byte[] before;
        try (FileStorageManager m = open()) {
            m.store("a", series(0, n));
            m.store("b", series(0, n + 1));
            file = m.fileOf("a");
            before = Files.readAllBytes(SeriesPaths.sidecar(file));
            m.append("a", series(n, n + 100));
        }
        Path sidecar = SeriesPaths.sidecar(file);
        byte[] after = Files.readAllBytes(sidecar);
        List<byte[]> bad = List.of(
                // torn: the entries of the append written, not its header
                concat(java.util.Arrays.copyOf(before, BlockSidecar.HEADER_BYTES),
                        java.util.Arrays.copyOfRange(after, BlockSidecar.HEADER_BYTES, after.length)),
                // stale: the sidecar before the append
                before,
                // damaged: one bit of a block's checksum
                flipped(after, BlockSidecar.HEADER_BYTES + BlockSidecar.ENTRY_BYTES + 1),
                // cut short
                java.util.Arrays.copyOf(after, after.length - 3),
                // another series' sidecar
                Files.readAllBytes(SeriesPaths.sidecar(SeriesPaths.file(dir, "b"))));
        for (byte[] b : bad) {
            Files.write(sidecar, b);
            try (FileStorageManager m = open()) {
                reads.take();
                assertEquals(series(n - 20, n + 100), range(m, n - 20, 120));
                assertTrue(reads.take() > 16L * n, "the untrusted sidecar was not used: the file was read whole");
                assertTrue(m.verify().isClean(), "a sidecar no crash explains is ignored, not damage");
            }
            assertArrayEquals(after, Files.readAllBytes(sidecar), "rebuilt by the whole read");
        }
    }

    /** A sidecar whose own checksums hold but whose block checksum is wrong is reported, and repaired. */
    @Test
    void aWellFormedButWrongSidecarIsReportedAndRepaired() throws IOException {
        int n = 3 * BlockTable.BLOCK_POINTS;
        Path file;
        try (FileStorageManager m = open()) {
            m.store("a", series(0, n));
            file = m.fileOf("a");
        }
        Path sidecar = SeriesPaths.sidecar(file);
        IndexEntry entry;
        try (FileStorageManager m = open()) {
            entry = m.entry("a");
        }
        BlockTable good = BlockSidecar.decode(Files.readAllBytes(sidecar), entry);
        assertNotNull(good);
        int[] crcs = new int[good.blocks()];
        double[] firsts = new double[good.blocks()];
        for (int b = 0; b < crcs.length; b++) {
            crcs[b] = good.crc(b) ^ (b == 1 ? 1 : 0);
            firsts[b] = good.firstTime(b);
        }
        BlockSidecar.write(sidecar, BlockTable.of(entry, crcs, firsts));
        try (FileStorageManager m = open()) {
            StorageException e = assertThrows(StorageException.class,
                    () -> range(m, BlockTable.BLOCK_POINTS + 5, 10));
            assertTrue(e.getMessage().contains("block 1 (points 4096 to 8191, bytes 65664 to 131199)"), e.getMessage());
            assertEquals(series(0, 10), range(m, 0, 10));
            IntegrityReport report = m.verify();
            assertEquals(1, report.damage().size());
            assertEquals(sidecar.toString(), report.damage().get(0).location());
            assertTrue(m.repair().isLossless());
            assertTrue(m.verify().isClean());
            assertEquals(series(BlockTable.BLOCK_POINTS + 5, BlockTable.BLOCK_POINTS + 15),
                    range(m, BlockTable.BLOCK_POINTS + 5, 10));
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
        IndexEntry entry;
        Path sidecar;
        try (FileStorageManager m = open()) {
            m.store("a", series(0, n));
            entry = m.entry("a");
            sidecar = SeriesPaths.sidecar(m.fileOf("a"));
        }
        byte[] good = Files.readAllBytes(sidecar);
        assertNotNull(BlockSidecar.decode(good, entry));
        for (int at = 0; at < good.length; at++) {
            assertNull(BlockSidecar.decode(flipped(good, at), entry), "a flip at byte " + at);
        }
        assertNull(BlockSidecar.decode(good, new IndexEntry(entry.points(), entry.fileBytes(), entry.crc() ^ 1)));
        assertNull(BlockSidecar.decode(java.util.Arrays.copyOf(good, good.length - 1), entry));
    }
}
