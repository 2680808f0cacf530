package org.tsstore.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The frame around the dict, against lengths and bytes worked out by hand. */
class NpyPreambleTest {

    @Test
    void wrappedLengthEndsOnA64ByteBoundaryWithAtLeastOneSpace() {
        // 10 + text + newline, rounded up to a multiple of 64; exactly a multiple still gets 64 spaces.
        assertEquals(64, NpyPreamble.wrappedLength(0));
        assertEquals(64, NpyPreamble.wrappedLength(52));
        assertEquals(128, NpyPreamble.wrappedLength(53));
        assertEquals(128, NpyPreamble.wrappedLength(79));
        assertEquals(1, NpyPreamble.version(65_400));
        // 10 + 65,525 + 1 = 65,536 = 1024 * 64, so 64 spaces more: 65,600 - 10 = 65,590 > 0xffff.
        assertEquals(2, NpyPreamble.version(65_525));
    }

    @Test
    void wrapIsMagicVersionLengthTextSpacesNewline() {
        byte[] expected = new byte[64];
        byte[] head = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 54, 0, '{', '}'};
        System.arraycopy(head, 0, expected, 0, head.length);
        for (int i = head.length; i < 63; i++) {
            expected[i] = ' ';
        }
        expected[63] = '\n';
        assertArrayEquals(expected, NpyPreamble.wrap(new byte[] {'{', '}'}));
    }

    @Test
    void headerEndReadsTheLengthFieldOfEachVersion() throws NpyFormatException {
        byte[] v1 = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0x36, 0x00};
        assertEquals(10 + 0x36, NpyPreamble.headerEnd(ByteBuffer.wrap(v1), 1000));
        byte[] v3 = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 3, 0, 0x34, 0x01, 0, 0};
        assertEquals(12 + 0x134, NpyPreamble.headerEnd(ByteBuffer.wrap(v3), 1000));
        assertEquals(NpyFormatException.Problem.HEADER_LENGTH,
                assertThrows(NpyFormatException.class, () -> NpyPreamble.headerEnd(ByteBuffer.wrap(v3), 300))
                        .problem());
    }

    @Test
    void version3TextIsUtf8AndEarlierOnesLatin1() throws NpyFormatException {
        byte[] raw = {(byte) 0xc3, (byte) 0xa9};
        assertEquals("\u00e9", NpyPreamble.text(raw, 3));
        assertEquals("\u00c3\u00a9", NpyPreamble.text(raw, 1));
        assertEquals(NpyFormatException.Problem.MALFORMED, assertThrows(NpyFormatException.class,
                () -> NpyPreamble.text(new byte[] {(byte) 0xc3, '('}, 3)).problem());
    }
}
