package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.tsstore.core.ArrayTimeSeries;

/** The writer and reader of series files against the model: plain arrays and {@link NpyModel}'s bytes. */
class SeriesFileCodecTest {

    private static Path dir;
    private static final IoBuffers BUFFERS = new IoBuffers(2);

    @BeforeContainer
    static void makeDirectory() throws IOException {
        dir = Files.createTempDirectory("codec");
    }

    @AfterContainer
    static void removeDirectory() throws IOException {
        TestFiles.deleteRecursively(dir);
    }

    /** Sizes around the buffer's chunk boundaries as well as small and random ones. */
    @Provide
    Arbitrary<Integer> sizes() {
        int chunk = IoBuffers.CAPACITY / 8;
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, 3 * chunk),
                Arbitraries.of(chunk - 16, chunk - 9, chunk - 8, chunk - 1, chunk, chunk + 1, 2 * chunk - 8, 2 * chunk,
                        IoBuffers.CAPACITY / 16));
    }

    static double[][] randomSeries(int n, long seed) {
        Random r = new Random(seed);
        double[] t = new double[n];
        double[] v = new double[n];
        double time = r.nextInt(1000) - 500;
        for (int i = 0; i < n; i++) {
            t[i] = time;
            time = r.nextInt(8) == 0 ? Math.nextUp(time) : time + r.nextDouble() * 10 + 1e-9;
            switch (r.nextInt(10)) {
                case 0:
                    v[i] = Double.NaN;
                    break;
                case 1:
                    v[i] = r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                    break;
                case 2:
                    v[i] = r.nextBoolean() ? -0.0 : Double.MIN_VALUE;
                    break;
                case 3:
                    v[i] = Double.longBitsToDouble(r.nextLong()); // any bit pattern, NaN payloads included
                    break;
                default:
                    v[i] = r.nextGaussian() * 1e6;
            }
        }
        return new double[][] {t, v};
    }

    @Property(tries = 60)
    void writesExactlyNumpysBytes(@ForAll("sizes") int n, @ForAll long seed) throws IOException {
        double[][] s = randomSeries(n, seed);
        Path file = dir.resolve("w" + n + "-" + seed + ".npy");
        IoBuffers.IoBuffer io = BUFFERS.take();
        SeriesFileWriter.Written w;
        try {
            w = SeriesFileWriter.write(file, ArrayTimeSeries.of(s[0], s[1]), io, false);
        } finally {
            BUFFERS.give(io);
        }
        byte[] expected = NpyModel.stored(s[0], s[1]);
        byte[] actual = Files.readAllBytes(file);
        assertArrayEquals(expected, actual);
        CRC32C crc = new CRC32C();
        crc.update(expected);
        assertEquals((int) crc.getValue(), w.crc());
        assertEquals(expected.length, w.fileBytes());
        Files.delete(file);
    }

    @Property(tries = 80)
    void readsEveryLayoutBitForBit(@ForAll("sizes") int n, @ForAll long seed, @ForAll boolean bigEndian,
            @ForAll boolean fortran, @ForAll @IntRange(min = 1, max = 3) int major,
            @ForAll @IntRange(min = 0, max = 40) int extraHeader) throws Exception {
        double[][] s = randomSeries(n, seed);
        // Headers of any length (numpy before 1.? aligned to 16 bytes; hand-made ones to anything).
        String dict = NpyModel.dict(bigEndian ? ">f8" : "<f8", fortran, 2, n) + " ".repeat(extraHeader);
        byte[] header = NpyModel.wrap(dict, major);
        header = Arrays.copyOf(header, header.length - 1 - (extraHeader % 7));
        header[header.length - 1] = '\n';
        fixLength(header, major);
        byte[] bytes = NpyModel.withData(header, s[0], s[1], bigEndian, fortran);
        Path file = dir.resolve("r" + n + "-" + seed + ".npy");
        Files.write(file, bytes);
        IoBuffers.IoBuffer io = BUFFERS.take();
        try (SeriesFileReader reader = SeriesFileReader.open(file, io)) {
            assertArrayEquals(new long[] {2, n}, reader.header().shape());
            assertEquals(major, reader.header().version());
            assertEquals(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, reader.header().byteOrder());
            assertEquals(fortran, reader.header().fortranOrder());
            assertEquals(header.length, reader.header().dataOffset());
            assertEquals(n, reader.points());
            double[] t = new double[n];
            double[] v = new double[n];
            int crc = reader.readData(SeriesFileReader.decoder(reader.header(), t, v));
            assertBitsEqual(s[0], t);
            assertBitsEqual(s[1], v);
            CRC32C expected = new CRC32C();
            expected.update(bytes);
            assertEquals((int) expected.getValue(), crc);
        } finally {
            BUFFERS.give(io);
            Files.delete(file);
        }
    }

    /** Rewrites the header-length field after the header was cut shorter. */
    private static void fixLength(byte[] header, int major) {
        int prefix = major == 1 ? 10 : 12;
        int length = header.length - prefix;
        header[8] = (byte) length;
        header[9] = (byte) (length >>> 8);
        if (major > 1) {
            header[10] = (byte) (length >>> 16);
            header[11] = (byte) (length >>> 24);
        }
    }

    static void assertBitsEqual(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                throw new AssertionError("index " + i + ": expected " + expected[i] + " but was " + actual[i]);
            }
        }
    }

    @Property(tries = 40)
    void timeRuleFindsTheFirstBadTime(@ForAll @IntRange(min = 2, max = 70_000) int n, @ForAll long seed,
            @ForAll boolean fortran) throws Exception {
        double[][] s = randomSeries(n, seed);
        Random r = new Random(seed);
        int bad = 1 + r.nextInt(n - 1);
        s[0][bad] = r.nextBoolean() ? s[0][bad - 1] : Double.NaN;
        Path file = dir.resolve("t" + n + "-" + seed + ".npy");
        Files.write(file, NpyModel.file(s[0], s[1], false, fortran, 1));
        IoBuffers.IoBuffer io = BUFFERS.take();
        try (SeriesFileReader reader = SeriesFileReader.open(file, io)) {
            String m = assertThrows(SeriesFileException.class,
                    () -> reader.readData(SeriesFileReader.timeRule(reader.header()))).getMessage();
            assertTrue(m.contains("time at index " + bad + " "), m);
        } finally {
            BUFFERS.give(io);
            Files.delete(file);
        }
    }

    @Property(tries = 30)
    void aFileThatShrinksWhileReadIsRefused(@ForAll @IntRange(min = 40_000, max = 100_000) int n) throws Exception {
        double[][] s = randomSeries(n, n);
        Path file = dir.resolve("s" + n + ".npy");
        Files.write(file, NpyModel.file(s[0], s[1], false, false, 1));
        IoBuffers.IoBuffer io = BUFFERS.take();
        try (SeriesFileReader reader = SeriesFileReader.open(file, io)) {
            try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(IoBuffers.CAPACITY + 100);
            }
            String m = assertThrows(SeriesFileException.class,
                    () -> reader.readData(SeriesFileReader.decoder(reader.header(), new double[n], new double[n])))
                    .getMessage();
            assertTrue(m.contains("ended"), m);
        } finally {
            BUFFERS.give(io);
            Files.delete(file);
        }
    }
}
