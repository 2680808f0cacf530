package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tsstore.api.IntegrityReport;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Appends in place against hand-computed bytes ({@link NpyModel}) and CRC-32Cs computed here, and each
 * state a crash can leave an append in, built by hand, with what opening the store makes of it.
 */
class AppendTest {

    @TempDir
    Path dir;

    private static double[][] points(int from, int to) {
        double[][] p = new double[2][to - from];
        for (int i = from; i < to; i++) {
            p[0][i - from] = i * 0.5;
            p[1][i - from] = i % 4 == 0 ? Double.NaN : i * -1.5;
        }
        return p;
    }

    private static ArrayTimeSeries series(int from, int to) {
        double[][] p = points(from, to);
        return ArrayTimeSeries.of(p[0], p[1]);
    }

    private static int crc(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b);
        return (int) c.getValue();
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    @Test
    void anAppendWritesTheNewPointsIntoTheSameFile() throws IOException {
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", series(0, 1000));
            Path file = m.fileOf("a");
            Object key = fileKey(file);
            for (int[] cut : new int[][] {{1000, 1001}, {1001, 1300}, {1300, 40_000}}) {
                assertEquals(cut[1], m.append("a", series(cut[0], cut[1])));
                double[][] all = points(0, cut[1]);
                byte[] expected = NpyModel.stored(all[0], all[1]);
                assertArrayEquals(expected, Files.readAllBytes(file));
                assertEquals(key, fileKey(file), "the file is extended, not replaced");
                IndexEntry e = m.entry("a");
                assertEquals(new IndexEntry(cut[1], expected.length, crc(expected)), e);
                assertEquals(series(0, cut[1]), m.get("a"));
            }
        }
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.of(), m.repairs().stream().map(Repair::kind).collect(Collectors.toSet()));
            assertEquals(series(0, 40_000), m.get("a"));
            assertTrue(m.verify().isClean());
        }
    }

    @Test
    void anAppendOutOfOrderChangesNoByte() throws IOException {
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", series(0, 10));
            byte[] before = Files.readAllBytes(m.fileOf("a"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.append("a", series(9, 12)));
            assertTrue(e.getMessage().contains("4.5"), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(m.fileOf("a")));
            assertEquals(10, m.size("a"));
        }
    }

    @Test
    void anEmptyAppendCreatesNothing() {
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(0, m.append("none", ArrayTimeSeries.empty()));
            assertFalse(m.contains("none"));
            assertFalse(Files.exists(m.fileOf("none")));
            assertEquals(3, m.append("new", series(0, 3)));
            assertEquals(series(0, 3), m.get("new"));
        }
    }

    /** How far an append got before the crash. */
    enum Cut {
        /** Part of the new points written after the end. */
        PART_OF_THE_POINTS,
        /** Every new point written, the header not yet. */
        THE_POINTS,
        /** The points and the new header written, the journal record not. */
        THE_HEADER,
        /** Everything, the journal record included: the append happened. */
        THE_RECORD
    }

    @ParameterizedTest
    @EnumSource(Cut.class)
    void anAppendCutByACrashIsWhollyPresentOrWhollyAbsent(Cut cut) throws IOException {
        Path file;
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", series(0, 100));
            file = m.fileOf("a");
        }
        double[][] all = points(0, 150);
        byte[] after = NpyModel.stored(all[0], all[1]);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            int end = 128 + 16 * (cut == Cut.PART_OF_THE_POINTS ? 120 : 150) - 5;
            ch.write(ByteBuffer.wrap(Arrays.copyOfRange(after, 128 + 1600, end)), 128 + 1600);
            if (cut == Cut.THE_HEADER || cut == Cut.THE_RECORD) {
                ch.write(ByteBuffer.wrap(Arrays.copyOfRange(after, 0, 128)), 0);
                ch.write(ByteBuffer.wrap(Arrays.copyOfRange(after, end, after.length)), end);
            }
        }
        if (cut == Cut.THE_RECORD) {
            try (Journal j = StoreFixtures.appendTo(dir)) {
                j.appendPut("a", new IndexEntry(150, after.length, crc(after)));
            }
        }
        try (StoreFixtures.LogCapture log = new StoreFixtures.LogCapture();
                FileStorageManager m = FileStorageManager.open(dir)) {
            if (cut == Cut.THE_RECORD) {
                assertEquals(Set.of(), m.repairs().stream().map(Repair::kind).collect(Collectors.toSet()));
                assertEquals(series(0, 150), m.get("a"));
                assertArrayEquals(after, Files.readAllBytes(file));
            } else {
                assertEquals(Set.of(Repair.Kind.APPEND_DISCARDED),
                        m.repairs().stream().map(Repair::kind).collect(Collectors.toSet()));
                assertTrue(log.logged(Level.INFO, "APPEND_DISCARDED", "\"a\"", file.toString()));
                assertEquals(series(0, 100), m.get("a"));
                double[][] before = points(0, 100);
                assertArrayEquals(NpyModel.stored(before[0], before[1]), Files.readAllBytes(file));
            }
            assertTrue(m.verify().isClean());
            int from = cut == Cut.THE_RECORD ? 150 : 100;
            assertEquals(from + 10, m.append("a", series(from, from + 10)));
            assertEquals(series(0, from + 10), m.get("a"));
        }
    }

    @Test
    void bytesAfterTheEndOfADamagedFileAreNotCutOff() throws IOException {
        Path file;
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", series(0, 100));
            file = m.fileOf("a");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 200);
            ch.write(ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).putDouble(1e6).flip(), 128 + 1600);
        }
        long length = Files.size(file);
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertFalse(m.repairs().stream().anyMatch(r -> r.kind() == Repair.Kind.APPEND_DISCARDED));
            assertEquals(length, Files.size(file));
            IntegrityReport report = m.verify();
            assertEquals(Map.of("a", file.toString()), report.damage().stream()
                    .collect(Collectors.toMap(IntegrityReport.Damage::id, IntegrityReport.Damage::location)));
        }
    }

    @Test
    void roughTimingOfAppendsInPlace() {
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("big", series(0, 1_000_000));
            long start = System.nanoTime();
            int rounds = 200;
            for (int r = 0; r < rounds; r++) {
                m.append("big", series(1_000_000 + 10 * r, 1_000_010 + 10 * r));
            }
            long inPlace = (System.nanoTime() - start) / rounds;
            start = System.nanoTime();
            for (int r = 0; r < 5; r++) {
                m.store("big", series(0, 1_002_000));
            }
            long whole = (System.nanoTime() - start) / 5;
            System.out.printf("append of 10 points to a 1M-point series: %.3f ms in place, %.3f ms for a whole"
                    + " rewrite%n", inPlace / 1e6, whole / 1e6);
            assertEquals(1_002_000, m.size("big"));
        }
    }
}
