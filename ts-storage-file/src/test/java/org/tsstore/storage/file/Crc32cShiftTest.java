package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Checksum arithmetic against the JDK's CRC32C over the concatenated bytes. */
class Crc32cShiftTest {

    private static int crc(byte[] b, int from, int to) {
        CRC32C c = new CRC32C();
        c.update(b, from, to - from);
        return (int) c.getValue();
    }

    @Test
    void concatAndSuffixMatchTheChecksumOfTheWholeBytes() {
        Random r = new Random(13);
        for (int round = 0; round < 300; round++) {
            byte[] b = new byte[r.nextInt(3) == 0 ? r.nextInt(8) : r.nextInt(70_000)];
            r.nextBytes(b);
            int cut = b.length == 0 ? 0 : r.nextInt(b.length + 1);
            int whole = crc(b, 0, b.length);
            int a = crc(b, 0, cut);
            int tail = crc(b, cut, b.length);
            assertEquals(whole, Crc32cShift.concat(a, tail, b.length - cut), "concat at " + cut + "/" + b.length);
            assertEquals(tail, Crc32cShift.suffix(whole, a, b.length - cut), "suffix at " + cut + "/" + b.length);
        }
    }

    @Test
    void theEmptySuffixChangesNothing() {
        assertEquals(0x12345678, Crc32cShift.concat(0x12345678, 0, 0));
        assertEquals(0, Crc32cShift.suffix(0x12345678, 0x12345678, 0));
    }

    @Test
    void aKnownVector() {
        // CRC-32C("123456789") is e3069283 (RFC 3720's check value).
        byte[] b = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(0xe3069283, Crc32cShift.concat(crc(b, 0, 4), crc(b, 4, 9), 5));
    }
}
