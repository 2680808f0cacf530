package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tsstore.storage.file.StoreFixtures.series;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;

/**
 * One test per way a stored series' file can be damaged or replaced: {@code get} throws a
 * {@link StorageException} naming the id, the file and what is wrong, {@code verify} reports it, and
 * nothing wrong is ever returned or allocated from a declared size.
 */
class CorruptFileTest {

    private static final String ID = "sensor/1";
    private static final ArrayTimeSeries STORED = series(1000, 5);

    @TempDir
    Path dir;

    /** Stores the series, closes, damages its file, reopens (no cache) and returns the refusal's message. */
    private String damagedRead(FileDamage damage, String... expected) throws IOException {
        Path file;
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store(ID, STORED);
            m.store("healthy", series(10, 1));
            file = m.fileOf(ID);
        }
        damage.apply(file);
        try (FileStorageManager m = FileStorageManager.open(dir, Map.of("cacheBytes", "0"))) {
            StorageException e = assertThrows(StorageException.class, () -> m.get(ID));
            String message = e.getMessage();
            assertTrue(message.contains(file.toString()), message);
            assertTrue(message.contains("\"sensor/1\""), message);
            for (String part : expected) {
                assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
            }
            assertTrue(m.contains(ID), "damage is reported, not dropped");
            assertEquals(series(10, 1), m.get("healthy"));
            IntegrityReport report = m.verify();
            assertEquals(2, report.seriesChecked());
            assertEquals(1, report.damage().size(), report.toString());
            assertEquals(ID, report.damage().get(0).id());
            assertEquals(file.toString(), report.damage().get(0).location());
            return message;
        }
    }

    @FunctionalInterface
    private interface FileDamage {
        void apply(Path file) throws IOException;
    }

    private static void truncate(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
        }
    }

    private static void patch(Path file, int at, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), at);
        }
    }

    @Test
    void truncatedData() throws IOException {
        damagedRead(f -> truncate(f, Files.size(f) - 8), "truncated", "(2, 1000)");
    }

    @Test
    void truncatedInsideTheHeader() throws IOException {
        damagedRead(f -> truncate(f, 40), "truncated");
    }

    @Test
    void emptyFile() throws IOException {
        damagedRead(f -> truncate(f, 0), "too short");
    }

    @Test
    void headerDeclaresMorePointsThanTheFileHolds() throws IOException {
        // Same header length: the new digits take the place of growth padding.
        damagedRead(f -> {
            String header = new String(Files.readAllBytes(f), 0, 128, StandardCharsets.ISO_8859_1);
            patch(f, 0, header.replace("(2, 1000), }   ", "(2, 1000000), }").getBytes(StandardCharsets.ISO_8859_1));
        }, "truncated", "(2, 1000000)");
    }

    /** A declared size near the array limit in a small file: refused before anything is allocated. */
    @Test
    void hugeDeclaredShapeIsRefusedWithoutAllocating() throws IOException {
        damagedRead(f -> {
            String header = new String(Files.readAllBytes(f), 0, 128, StandardCharsets.ISO_8859_1);
            patch(f, 0, header.replace("(2, 1000), }         ", "(2, 2147483639), }")
                    .getBytes(StandardCharsets.ISO_8859_1));
        }, "truncated", "(2, 2147483639)");
        damagedRead(f -> {
            String header = new String(Files.readAllBytes(f), 0, 128, StandardCharsets.ISO_8859_1);
            patch(f, 0, header.replace("(2, 1000), }                 ", "(2, 99999999999999), }")
                    .getBytes(StandardCharsets.ISO_8859_1));
        }, "more points than a series can hold");
    }

    @Test
    void garbageHeader() throws IOException {
        byte[] garbage = new byte[100];
        new java.util.Random(3).nextBytes(garbage);
        damagedRead(f -> patch(f, 10, garbage), "npy header");
    }

    @Test
    void wrongMagic() throws IOException {
        damagedRead(f -> patch(f, 0, "PK\u0003\u0004".getBytes(StandardCharsets.ISO_8859_1)), "magic");
    }

    @Test
    void oneFlippedBitInTheData() throws IOException {
        damagedRead(f -> {
            byte[] b = Files.readAllBytes(f);
            patch(f, 5000, new byte[] {(byte) (b[5000] ^ 0x04)});
        }, "CRC-32C", "corrupt");
    }

    /** A change that still parses (a space of the padding made a tab) is caught by the checksum. */
    @Test
    void aHarmlessLookingHeaderChange() throws IOException {
        damagedRead(f -> patch(f, 120, new byte[] {'\t'}), "CRC-32C");
    }

    /** A valid npy file of the same shape written over the stored one cannot be told from corruption. */
    @Test
    void replacedByAnotherValidFileOfTheSameSize() throws IOException {
        damagedRead(f -> {
            ArrayTimeSeries other = series(1000, 6);
            Files.write(f, NpyModel.file(other.times(), other.values(), false, false, 1));
        }, "CRC-32C");
    }

    @Test
    void replacedByAFileOfAnotherShape() throws IOException {
        damagedRead(f -> Files.write(f, NpyModel.file(new double[] {1}, new double[] {2}, false, false, 1)),
                "holds 1 points", "index records 1000 points");
    }

    @Test
    void replacedByAnotherDtype() throws IOException {
        damagedRead(f -> {
            byte[] header = NpyModel.wrap(NpyModel.dict("<f4", false, 2, 1000), 1);
            Files.write(f, Arrays.copyOf(header, header.length + 8000));
        }, "'<f4'", "float64");
    }

    /** Damage inside the first read chunk and far beyond it, in a series larger than the I/O buffer. */
    @Test
    void damageDeepInALargeSeries() throws IOException {
        ArrayTimeSeries large = series(100_000, 1);
        Path file;
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("large", large);
            file = m.fileOf("large");
        }
        ByteBuffer nan = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(Double.NaN);
        patch(file, 128 + 8 * 150_000, nan.array());
        try (FileStorageManager m = FileStorageManager.open(dir, Map.of("cacheBytes", "0"))) {
            StorageException e = assertThrows(StorageException.class, () -> m.get("large"));
            assertTrue(e.getMessage().contains("CRC-32C"), e.getMessage());
            assertEquals(1, m.verify().damage().size());
        }
    }
}
