package org.tsstore.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class ChecksumsTest {

    /** The CRC-32C check value of RFC 3720 (iSCSI), B.4: 32 bytes of zeros. */
    @Test
    void matchesTheRfc3720CheckValue() {
        assertEquals(0x8a9136aa, Checksums.crc32c(new byte[32], 0, 32));
        assertEquals(0xe3069283, Checksums.crc32c("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 9));
    }

    @Test
    void aFooterIsTheLittleEndianCrcOfWhatPrecedesAndEveryFlippedBitIsCaught() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        Checksums.writeFooter(b);
        assertEquals(16, b.position());
        assertEquals(Checksums.crc32c(b.array(), 0, 12), ByteBuffer.wrap(b.array()).order(ByteOrder.LITTLE_ENDIAN).getInt(12));
        Checksums.checkFooter(b, 16);
        for (int bit = 0; bit < 128; bit++) {
            byte[] damaged = b.array().clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            CorruptDataException e = assertThrows(CorruptDataException.class,
                    () -> Checksums.checkFooter(ByteBuffer.wrap(damaged), 16));
            assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        }
        assertThrows(CorruptDataException.class, () -> Checksums.checkFooter(ByteBuffer.allocate(3), 3));
    }

    @Test
    void headersNameTheFormatTheMagicAndTheVersionsRead() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(8);
        Checksums.writeHeader(b, 0x31535354, 2);
        assertEquals(2, Checksums.checkHeader(b, 0x31535354, 1, 2, "test file"));
        CorruptDataException foreign = assertThrows(CorruptDataException.class,
                () -> Checksums.checkHeader(b, 0x12345678, 1, 2, "test file"));
        assertTrue(foreign.getMessage().startsWith("not a test file (magic 0x31535354"), foreign.getMessage());
        CorruptDataException newer = assertThrows(CorruptDataException.class,
                () -> Checksums.checkHeader(b, 0x31535354, 1, 1, "test file"));
        assertTrue(newer.getMessage().contains("version 2") && newer.getMessage().contains("reads version 1"),
                newer.getMessage());
    }
}
