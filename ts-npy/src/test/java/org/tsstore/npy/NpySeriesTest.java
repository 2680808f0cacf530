package org.tsstore.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.Random;
import java.util.zip.CRC32C;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Reading and writing whole series against {@link NpyModel}'s bytes and plain arrays. */
class NpySeriesTest {

    private static double[][] series(int n, long seed) {
        Random r = new Random(seed);
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 0.25 - 100;
            v[i] = r.nextInt(9) == 0 ? Double.longBitsToDouble(r.nextLong()) : r.nextGaussian();
        }
        return new double[][] {t, v};
    }

    private static NpySeries.Rows rows(double[][] s) {
        return (row, from, into, at, length) -> System.arraycopy(s[row], from, into, at, length);
    }

    private static double[][] read(byte[] bytes) throws IOException {
        return NpySeries.read(Channels.newChannel(new ByteArrayInputStream(bytes)), bytes.length);
    }

    private static void assertBitsEqual(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), "at " + i);
        }
    }

    @Property(tries = 50)
    void writesNumpysBytes(@ForAll @IntRange(min = 0, max = 20_000) int n, @ForAll long seed) throws IOException {
        double[][] s = series(n, seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpySeries.write(out, n, rows(s));
        assertArrayEquals(NpyModel.file(s[0], s[1], false, false, 1), out.toByteArray());
    }

    @Property(tries = 30)
    void writesThroughAnySmallBufferWithItsChecksum(@ForAll @IntRange(min = 0, max = 3000) int n,
            @ForAll @IntRange(min = 256, max = 2000) int capacity, @ForAll @IntRange(min = 1, max = 300) int scratch,
            @ForAll long seed) throws IOException {
        double[][] s = series(n, seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CRC32C crc = new CRC32C();
        long written = NpySeries.write(Channels.newChannel(out), n, rows(s), ByteBuffer.allocateDirect(capacity),
                new double[scratch], crc);
        byte[] expected = NpyModel.file(s[0], s[1], false, false, 1);
        assertArrayEquals(expected, out.toByteArray());
        assertEquals(expected.length, written);
        CRC32C model = new CRC32C();
        model.update(expected);
        assertEquals(model.getValue(), crc.getValue());
    }

    @Property(tries = 60)
    void readsEveryVersionByteOrderAndMemoryOrder(@ForAll @IntRange(min = 0, max = 9000) int n,
            @ForAll boolean bigEndian, @ForAll boolean fortran, @ForAll @IntRange(min = 1, max = 3) int major,
            @ForAll long seed) throws IOException {
        double[][] s = series(n, seed);
        double[][] back = read(NpyModel.file(s[0], s[1], bigEndian, fortran, major));
        assertBitsEqual(s[0], back[0]);
        assertBitsEqual(s[1], back[1]);
    }

    @Property(tries = 20)
    void readDataStartsFromBytesAlreadyBuffered(@ForAll @IntRange(min = 1, max = 5000) int n,
            @ForAll @IntRange(min = 0, max = 100) int buffered, @ForAll boolean fortran, @ForAll long seed)
            throws IOException {
        double[][] s = series(n, seed);
        byte[] file = NpyModel.file(s[0], s[1], false, fortran, 1);
        NpyHeader header = NpyHeader.parse(ByteBuffer.wrap(file), file.length);
        int start = header.dataOffset();
        int already = Math.min(buffered, file.length - start);
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        buffer.put(file, start, already).flip();
        double[] t = new double[n];
        double[] v = new double[n];
        NpySeries.readData(Channels.newChannel(new ByteArrayInputStream(file, start + already, file.length)),
                header, buffer, NpySeries.decoder(header, t, v));
        assertBitsEqual(s[0], t);
        assertBitsEqual(s[1], v);
    }

    @Property(tries = 20)
    void anInputThatEndsEarlyIsRefused(@ForAll @IntRange(min = 1, max = 5000) int n, @ForAll long seed) {
        double[][] s = series(n, seed);
        byte[] file = NpyModel.file(s[0], s[1], false, false, 1);
        int cut = new Random(seed).nextInt(16 * n);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> {
            NpyHeader header = NpyHeader.parse(ByteBuffer.wrap(file), file.length);
            NpySeries.readData(Channels.newChannel(new ByteArrayInputStream(file, header.dataOffset(), cut)),
                    header, ByteBuffer.allocate(1024).flip(), NpySeries.decoder(header, new double[n],
                            new double[n]));
        });
        assertEquals(NpyFormatException.Problem.LENGTH, e.problem());
        assertTrue(e.getMessage().contains("ended after " + (128 + cut) + " bytes"), e.getMessage());
    }
}
