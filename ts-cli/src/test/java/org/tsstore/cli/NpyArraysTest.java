package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.npy.NpySeries;

class NpyArraysTest {

    /** An npy file assembled by hand, independently of the writer under test. */
    static byte[] npy(int major, String dict, ByteOrder order, boolean fortran, double[] t, double[] v) {
        byte[] header = (dict + "\n").getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(8 + lengthBytes + header.length + 16 * t.length);
        b.order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) header.length);
        } else {
            b.putInt(header.length);
        }
        b.put(header);
        b.order(order);
        for (int i = 0; i < t.length; i++) {
            if (fortran) {
                b.putDouble(t[i]).putDouble(v[i]);
            }
        }
        if (!fortran) {
            for (double d : t) {
                b.putDouble(d);
            }
            for (double d : v) {
                b.putDouble(d);
            }
        }
        return b.array();
    }

    private static ArrayTimeSeries read(byte[] bytes) throws IOException {
        return NpyArrays.read(new ByteArrayInputStream(bytes), "x.npy");
    }

    private static String problem(byte[] bytes) {
        return assertThrows(InvalidDataException.class, () -> read(bytes)).getMessage();
    }

    private static final double[] T = {0, 0.5, 1, 7};
    private static final double[] V = {1.5, Double.NaN, -0.0, Double.NEGATIVE_INFINITY};

    @Test
    void readsEveryVersionByteOrderAndMemoryOrder() throws IOException {
        for (int major = 1; major <= 3; major++) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                for (boolean fortran : new boolean[] {false, true}) {
                    String dict = "{'descr': '" + (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + "f8', 'fortran_order': "
                            + (fortran ? "True" : "False") + ", 'shape': (2, 4), }";
                    ArrayTimeSeries s = read(npy(major, dict, order, fortran, T, V));
                    String what = "v" + major + " " + order + " fortran=" + fortran;
                    assertArrayEquals(T, s.times(), what);
                    assertEquals(Arrays.toString(V), Arrays.toString(s.values()), what);
                }
            }
        }
    }

    @Test
    void headerSyntaxVariantsAreRead() throws IOException {
        String dict = "{\"shape\":(2,4),\"fortran_order\":False,\"descr\":\"<f8\"}   ";
        assertArrayEquals(T, read(npy(1, dict, ByteOrder.LITTLE_ENDIAN, false, T, V)).times());
        String py2 = "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 4L), }";
        assertArrayEquals(T, read(npy(1, py2, ByteOrder.LITTLE_ENDIAN, false, T, V)).times());
    }

    @Test
    void writtenHeaderIsNumpyLayout() throws IOException {
        for (int n : new int[] {0, 1, 3, 99999, 1234567}) {
            byte[] h = NpySeries.header(n).encode();
            assertEquals(0, h.length % 64, "data starts on a 64-byte boundary");
            assertEquals(1, h[6]);
            assertEquals(0, h[7]);
            int len = (h[8] & 0xff) | (h[9] & 0xff) << 8;
            assertEquals(h.length - 10, len);
            String text = new String(h, 10, len, StandardCharsets.ISO_8859_1);
            assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (2, " + n + "), }", text.trim());
            assertTrue(text.endsWith("\n"));
        }
    }

    @Test
    void writeProducesHeaderThenTimesThenValuesLittleEndian() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyArrays.write(ArrayTimeSeries.of(T, V), out);
        byte[] bytes = out.toByteArray();
        int start = NpySeries.header(T.length).encode().length;
        assertEquals(start + 16 * T.length, bytes.length);
        ByteBuffer data = ByteBuffer.wrap(bytes, start, 16 * T.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double t : T) {
            assertEquals(Double.doubleToRawLongBits(t), Double.doubleToRawLongBits(data.getDouble()));
        }
        for (double v : V) {
            assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(data.getDouble()));
        }
    }

    @Property(tries = 50)
    void roundTripAcrossChunkBoundaries(@ForAll @IntRange(min = 0, max = 20000) int n) throws IOException {
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 0.25 - 100;
            v[i] = i % 17 == 0 ? Double.NaN : Math.sin(i);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyArrays.write(ArrayTimeSeries.of(t, v), out);
        ArrayTimeSeries back = read(out.toByteArray());
        assertArrayEquals(t, back.times());
        assertArrayEquals(v, back.values());
    }

    @Test
    void refusesWhatIsNotATwoRowFloat64Array() {
        double[] t = {1, 2};
        double[] v = {3, 4};
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        assertEquals("x.npy: not an npy file (the magic string \\x93NUMPY is missing)",
                problem("time,value\n1,2\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("x.npy: truncated in the npy preamble", problem(new byte[] {(byte) 0x93, 'N'}));
        assertEquals("x.npy: npy format version 4.0 is not supported (versions 1.0 to 3.0 are)",
                problem(npy(4, "{}", le, false, t, v)));
        assertEquals("x.npy: dtype '<f4' is not float64 ('<f8' or '>f8'); convert it with a.astype('<f8')",
                problem(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", le, false, t, v)));
        assertEquals("x.npy: shape (4,) is not (2, N) with times in row 0 and values in row 1",
                problem(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", le, false, t, v)));
        assertEquals("x.npy: shape (2, 2, 1) is not (2, N) with times in row 0 and values in row 1",
                problem(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 1), }", le, false, t, v)));
        assertTrue(problem(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", le, false, t, v))
                .startsWith("x.npy: shape (1, 2) is not (2, N)"));
        assertEquals("x.npy: the npy header lacks descr, fortran_order or shape: {'descr': '<f8'}",
                problem(npy(1, "{'descr': '<f8'}", le, false, t, v)));
        assertTrue(problem(npy(1, "{'descr': '<f8', 'fortran_order': nope}", le, false, t, v))
                .startsWith("x.npy: malformed npy header (unexpected value at character 34)"));
        assertEquals("x.npy: the npy header declares shape (2, 3), 48 bytes of data, but the file holds 32 (truncated)",
                problem(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", le, false, t, v)));
        assertEquals("x.npy: the npy header declares shape (2, 1), 16 bytes of data, but the file holds 32"
                + " (trailing bytes)",
                problem(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }", le, false, t, v)));
        assertEquals("x.npy: shape (2, 999999999999) has more points than one series may hold",
                problem(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 999999999999), }", le, false,
                        t, v)));
        assertEquals("x.npy: times must be strictly increasing, but time at index 1 (1.0) is not greater than time at"
                        + " index 0 (2.0)",
                problem(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", le, false,
                        new double[] {2, 1}, v)));
    }

    @Test
    void aHeaderLongerThanTheInputIsRefusedBeforeReadingIt() {
        byte[] bytes = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
        assertEquals("x.npy: the npy header declares 2147483647 bytes, more than the 12 bytes of the input",
                problem(bytes));
    }
}
