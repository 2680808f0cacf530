package org.tsstore.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fortran-order writing against hand-built bytes: the 128-byte header (numpy's, which says C order for
 * N below 2, where both orders are the same bytes) and the interleaved points.
 */
class NpyFortranTest {

    /** The header numpy writes for a Fortran (2, n) float64 array, built by hand. */
    private static byte[] expectedHeader(long n) {
        String order = n > 1 ? "True" : "False";
        String dict = "{'descr': '<f8', 'fortran_order': " + order + ", 'shape': (2, " + n + "), }";
        StringBuilder text = new StringBuilder(dict);
        while (10 + text.length() + 1 < 128) {
            text.append(' ');
        }
        text.append('\n');
        ByteBuffer b = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) 118).put(text.toString().getBytes(StandardCharsets.US_ASCII));
        assertEquals(128, b.position());
        return b.array();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4096, 1_000_000, NpySeries.MAX_POINTS})
    void theHeaderIsNumpysAnd128BytesForEveryN(int n) {
        byte[] encoded = NpySeries.fortranHeader(n).encode();
        assertEquals(NpySeries.FORTRAN_HEADER_BYTES, encoded.length);
        assertArrayEquals(expectedHeader(n), encoded);
        assertEquals(128, NpySeries.fortranHeader(n).dataOffset());
    }

    @Test
    void aSeriesIsWrittenTimeValueTimeValue() throws IOException {
        double[][] s = {{1, 2, 3}, {-1.5, 0.25, 8}};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CRC32C crc = new CRC32C();
        long bytes = NpySeries.writeFortran(Channels.newChannel(out), 3, rows(s), ByteBuffer.allocate(256),
                new double[2], crc);
        ByteBuffer expected = ByteBuffer.allocate(128 + 48).order(ByteOrder.LITTLE_ENDIAN).put(expectedHeader(3));
        expected.putDouble(1).putDouble(-1.5).putDouble(2).putDouble(0.25).putDouble(3).putDouble(8);
        assertArrayEquals(expected.array(), out.toByteArray());
        assertEquals(176, bytes);
        CRC32C model = new CRC32C();
        model.update(expected.array());
        assertEquals(model.getValue(), crc.getValue());
        double[][] back = NpySeries.read(Channels.newChannel(new ByteArrayInputStream(out.toByteArray())), 176);
        assertArrayEquals(s[0], back[0]);
        assertArrayEquals(s[1], back[1]);
    }

    @Test
    void dataAloneIsThePointsFromFromToTo() throws IOException {
        int n = 1000;
        double[][] s = new double[2][n];
        for (int i = 0; i < n; i++) {
            s[0][i] = i;
            s[1][i] = i * 10.0;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long bytes = NpySeries.writeFortranData(Channels.newChannel(out), 10, 700, rows(s), ByteBuffer.allocate(256),
                new double[6], null);
        assertEquals(690 * 16, bytes);
        ByteBuffer got = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 10; i < 700; i++) {
            assertEquals(i, got.getDouble());
            assertEquals(i * 10.0, got.getDouble());
        }
        assertEquals(0, got.remaining());
    }

    private static NpySeries.Rows rows(double[][] s) {
        return (row, from, into, at, length) -> System.arraycopy(s[row], from, into, at, length);
    }
}
