package org.tsstore.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Exact header bytes for a few shapes, worked out by hand from the npy format specification (and numpy's
 * {@code _write_array_header}): magic {@code 93 4E 55 4D 50 59}, version, little-endian header length, the
 * dict, 21 - len(str(growing axis)) spaces, then 1 to 64 spaces and a newline to end on a multiple of 64.
 */
class NpyHeaderBytesTest {

    /** Preamble of a version 1.0 header of 118 bytes (0x76): 10 + 118 = 128. */
    private static final byte[] PREAMBLE_128 = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0x76, 0};

    private static byte[] expected(byte[] preamble, String dict, int spaces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(preamble);
        out.writeBytes(dict.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(" ".repeat(spaces).getBytes(StandardCharsets.US_ASCII));
        out.write('\n');
        return out.toByteArray();
    }

    @Test
    void emptySeries() {
        // dict 59 chars + 20 growth spaces = 79, + newline = 80; 10 + 80 = 90, so 38 more: 58 spaces in all.
        byte[] bytes = expected(PREAMBLE_128, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 0), }", 58);
        assertEquals(128, bytes.length);
        assertArrayEquals(bytes, NpySeries.header(0).encode());
        assertEquals(128, NpySeries.header(0).dataOffset());
    }

    @Test
    void seriesOfSevenDigitLength() {
        // dict 65 chars + 20 = 85, + newline = 86; 10 + 86 = 96, so 32 more: 52 spaces.
        byte[] bytes = expected(PREAMBLE_128,
                "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1234567), }", 52);
        assertArrayEquals(bytes, NpySeries.header(1_234_567).encode());
    }

    @Test
    void seriesOfTenDigitLength() {
        // dict 68 chars + 20 = 88, + newline = 89; 10 + 89 = 99, so 29 more: 49 spaces.
        byte[] bytes = expected(PREAMBLE_128,
                "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2147483639), }", 49);
        assertArrayEquals(bytes, NpySeries.header(2_147_483_639).encode());
    }

    @Test
    void oneDimensional() {
        // dict 57 chars + 20 = 77, + newline = 78; 10 + 78 = 88, so 40 more: 60 spaces.
        byte[] bytes = expected(PREAMBLE_128, "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", 60);
        assertArrayEquals(bytes, NpyHeader.of(ByteOrder.LITTLE_ENDIAN, false, 4).encode());
    }

    @Test
    void fortranBigEndianGrowsTheLastAxis() {
        // dict 58 chars + 20 (for the 5) = 78, + newline = 79; 10 + 79 = 89, so 39 more: 59 spaces.
        byte[] bytes = expected(PREAMBLE_128, "{'descr': '>f8', 'fortran_order': True, 'shape': (3, 5), }", 59);
        assertArrayEquals(bytes, NpyHeader.of(ByteOrder.BIG_ENDIAN, true, 3, 5).encode());
    }

    @Test
    void scalarHasNoGrowthRoom() {
        // dict 55 chars, + newline = 56; 10 + 56 = 66, so 62 spaces.
        byte[] bytes = expected(PREAMBLE_128, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", 62);
        assertArrayEquals(bytes, NpyHeader.of(ByteOrder.LITTLE_ENDIAN, false).encode());
    }

    @Test
    void aHeaderTooLongForVersion1IsVersion2() {
        long[] shape = new long[22_000];
        java.util.Arrays.fill(shape, 1);
        // 50 + (22,000 * 3 - 2 + 2) + 3 = 66,053 chars + 20 + newline = 66,074, over 0xffff: version 2.0 with a
        // 4-byte length. 12 + 66,074 = 66,086 = 1032 * 64 + 38, so 26 more spaces: 66,112 bytes in all,
        // 66,100 = 0x10234 of them after the preamble.
        byte[] bytes = NpyHeader.of(ByteOrder.LITTLE_ENDIAN, false, shape).encode();
        assertEquals(66_112, bytes.length);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0x34, 0x02, 0x01, 0},
                java.util.Arrays.copyOf(bytes, 12));
        assertEquals(2, NpyHeader.of(ByteOrder.LITTLE_ENDIAN, false, shape).version());
    }
}
