package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Range reads and block tables against plain arrays and CRC-32Cs computed here over {@link NpyModel}'s
 * bytes; a damaged block refuses only the reads that touch it.
 */
class RangeReadTest {

    private static final Map<String, String> UNCACHED = Map.of("cacheBytes", "0");
    private static final IoBuffers BUFFERS = new IoBuffers(1);

    @TempDir
    Path dir;

    private static double[][] points(int from, int to) {
        double[][] p = new double[2][to - from];
        for (int i = from; i < to; i++) {
            p[0][i - from] = i * 2.0;
            p[1][i - from] = Math.sin(i);
        }
        return p;
    }

    private static ArrayTimeSeries series(int from, int to) {
        double[][] p = points(from, to);
        return ArrayTimeSeries.of(p[0], p[1]);
    }

    /** The model: the points of [0, n) whose times lie in [from, to), by a plain loop. */
    private static double[][] model(int n, double from, double to) {
        double[][] all = points(0, n);
        int count = 0;
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            if (all[0][i] >= from && all[0][i] < to) {
                t[count] = all[0][i];
                v[count++] = all[1][i];
            }
        }
        return new double[][] {Arrays.copyOf(t, count), Arrays.copyOf(v, count)};
    }

    private static void assertRange(FileStorageManager m, int n, double from, double to) {
        SizedContainerTimeSeries got = m.get("a", from, to);
        double[][] want = model(n, from, to);
        double[] t = new double[got.size()];
        double[] v = new double[got.size()];
        got.copyTimes(0, t, 0, t.length);
        got.copyValues(0, v, 0, v.length);
        assertArrayEquals(want[0], t, "[" + from + ", " + to + ")");
        assertArrayEquals(want[1], v, "[" + from + ", " + to + ")");
    }

    @Test
    void rangesEqualTheModelAcrossBlocksAppendsAndReopens() {
        int n = 3 * BlockTable.BLOCK_POINTS + 100;
        Random r = new Random(8);
        try (FileStorageManager m = FileStorageManager.open(dir, UNCACHED)) {
            m.store("a", series(0, n));
            double[][] edges = {{Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}, {0, 2}, {-5, 0}, {-5, 1},
                    {8192, 8194}, {8190, 8192}, {8191, 8193}, {2.0 * n - 2, 1e9}, {2.0 * n, 1e9}, {100, 100},
                    {100, 50}, {8191.5, 16384.5}};
            for (double[] e : edges) {
                assertRange(m, n, e[0], e[1]);
            }
            for (int i = 0; i < 200; i++) {
                double a = r.nextDouble() * 2.2 * n - 100;
                assertRange(m, n, a, a + r.nextDouble() * 20_000);
            }
            // Appends carry the table forward: across the partial last block and into new ones.
            int total = n;
            for (int add : new int[] {1, 4000, 10_000}) {
                m.append("a", series(total, total + add));
                total += add;
                for (int i = 0; i < 50; i++) {
                    double a = r.nextDouble() * 2.2 * total - 100;
                    assertRange(m, total, a, a + r.nextDouble() * 30_000);
                }
                assertRange(m, total, 2.0 * total - 40, Double.POSITIVE_INFINITY);
            }
        }
        try (FileStorageManager m = FileStorageManager.open(dir, UNCACHED)) {
            int total = n + 14_001;
            assertRange(m, total, 12_345, 50_001);
            assertRange(m, total, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
    }

    @Test
    void aDamagedBlockRefusesTheReadsThatTouchItOnly() throws IOException {
        int n = 3 * BlockTable.BLOCK_POINTS;
        try (FileStorageManager m = FileStorageManager.open(dir, UNCACHED)) {
            m.store("a", series(0, n));
            assertRange(m, n, 0, 10);
            Path file = m.fileOf("a");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[] {0x55}), 128 + BlockTable.BLOCK_BYTES + 1000);
            }
            // Block 1 holds the times 8192 to 16382.
            assertRange(m, n, 0, 8192);
            assertRange(m, n, 16384, Double.POSITIVE_INFINITY);
            StorageException e = assertThrows(StorageException.class, () -> m.get("a", 8000, 8200));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("block 1 (points 4096 to 8191, bytes 65664 to 131199)"),
                    e.getMessage());
            assertThrows(StorageException.class, () -> m.get("a"));
            assertFalse(m.verify().isClean());
        }
    }

    @Test
    void aTableHoldsEachBlocksCrcAndAnExtendedOneEqualsARebuiltOne() throws IOException, SeriesFileException {
        int n = 2 * BlockTable.BLOCK_POINTS + 7;
        Path file = dir.resolve("a.npy");
        IndexEntry entry = StoreFixtures.writeFile(file, series(0, n));
        double[][] all = points(0, n);
        byte[] bytes = NpyModel.stored(all[0], all[1]);
        BlockTable table = build(file, entry);
        assertEquals(3, table.blocks());
        for (int b = 0; b < 3; b++) {
            int from = 128 + b * BlockTable.BLOCK_BYTES;
            int to = Math.min(bytes.length, from + BlockTable.BLOCK_BYTES);
            CRC32C c = new CRC32C();
            c.update(bytes, from, to - from);
            assertEquals((int) c.getValue(), table.crc(b), "block " + b);
        }
        assertEquals(7, table.pointsIn(2));
        assertArrayEquals(new int[] {1, 2}, table.blocksOf(2.0 * BlockTable.BLOCK_POINTS + 1, 1e9));
        assertArrayEquals(new int[] {0, 0}, table.blocksOf(Double.NEGATIVE_INFINITY, 1));
        assertEquals(null, table.blocksOf(-10, 0));

        IndexEntry bigger = StoreFixtures.writeFile(dir.resolve("b.npy"), series(0, n + 5000));
        BlockTable extended = table.extend(series(n, n + 5000), bigger);
        BlockTable rebuilt = build(dir.resolve("b.npy"), bigger);
        assertEquals(rebuilt.blocks(), extended.blocks());
        for (int b = 0; b < rebuilt.blocks(); b++) {
            assertEquals(rebuilt.crc(b), extended.crc(b), "block " + b);
            assertEquals(rebuilt.firstTime(b), extended.firstTime(b), "block " + b);
        }
        assertArrayEquals(BlockSidecar.encode(rebuilt), BlockSidecar.encode(extended), "the same sidecar");
        // A store computes the same table from the bytes it writes.
        ArrayTimeSeries whole = series(0, n + 5000);
        BlockTable.Builder written = new BlockTable.Builder(whole);
        IoBuffers.IoBuffer io = BUFFERS.take();
        try {
            SeriesFileWriter.Written w = SeriesFileWriter.write(dir.resolve("c.npy"), whole, io, false, written);
            assertEquals(bigger.crc(), w.crc());
        } finally {
            BUFFERS.give(io);
        }
        BlockTable fromWriter = written.table(bigger);
        assertEquals(-1, fromWriter.firstDifference(rebuilt));
        assertArrayEquals(BlockSidecar.encode(rebuilt), BlockSidecar.encode(fromWriter));
    }

    /**
     * Extensions share their arrays with the table they extend: one point at a time across block boundaries
     * they equal a rebuilt table, and the tables before them read as they did.
     */
    @Test
    void extensionsOnePointAtATimeEqualARebuiltTableAndLeaveTheOlderOnesAsTheyWere() throws IOException,
            SeriesFileException {
        int n = BlockTable.BLOCK_POINTS - 6;
        BlockTable first = build(dir.resolve("a.npy"), StoreFixtures.writeFile(dir.resolve("a.npy"), series(0, n)));
        int[] crcs = {first.crc(0)};
        java.util.List<BlockTable> tables = new java.util.ArrayList<>(java.util.List.of(first));
        BlockTable t = first;
        for (int i = n; i < 2 * BlockTable.BLOCK_POINTS + 10; i++) {
            t = t.extend(series(i, i + 1), new IndexEntry(i + 1, 128 + 16L * (i + 1), 0));
            tables.add(t);
        }
        int total = 2 * BlockTable.BLOCK_POINTS + 10;
        BlockTable rebuilt = build(dir.resolve("b.npy"), StoreFixtures.writeFile(dir.resolve("b.npy"), series(0, total)));
        assertEquals(-1, t.firstDifference(rebuilt));
        for (int b = 0; b < rebuilt.blocks(); b++) {
            assertEquals(rebuilt.firstTime(b), t.firstTime(b));
        }
        assertEquals(crcs[0], first.crc(0), "the first table still reads its own last block");
        assertEquals(1, first.blocks());
        for (int k = 0; k < tables.size(); k += 97) {
            BlockTable older = tables.get(k);
            BlockTable again = build(dir.resolve("c.npy"), StoreFixtures.writeFile(dir.resolve("c.npy"),
                    series(0, older.points())));
            assertEquals(-1, older.firstDifference(again), older.points() + " points");
        }
    }

    private static BlockTable build(Path file, IndexEntry entry) throws IOException, SeriesFileException {
        IoBuffers.IoBuffer io = BUFFERS.take();
        try (SeriesFileReader reader = SeriesFileReader.open(file, io)) {
            return BlockTable.build(reader, entry);
        } finally {
            BUFFERS.give(io);
        }
    }
}
