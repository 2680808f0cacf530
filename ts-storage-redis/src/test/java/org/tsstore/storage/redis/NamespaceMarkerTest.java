package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The namespace marker value against its documented layout; any damage to it is refused. */
class NamespaceMarkerTest {

    @Example
    void encodesMagicLayoutAndChecksumLittleEndian() {
        ByteBuffer expected = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        expected.put("TSRN".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(2);
        CRC32C crc = new CRC32C();
        crc.update(expected.array(), 0, 8);
        expected.putInt((int) crc.getValue());
        assertArrayEquals(expected.array(), NamespaceMarker.encode());
        NamespaceMarker.check(expected.array());
    }

    @Property(tries = 96)
    void everyBitFlipIsRefused(@ForAll @IntRange(min = 0, max = 95) int bit) {
        byte[] value = NamespaceMarker.encode();
        value[bit / 8] ^= (byte) (1 << (bit % 8));
        assertThrows(IllegalArgumentException.class, () -> NamespaceMarker.check(value));
    }

    @Property(tries = 40)
    void everyOtherLengthIsRefused(@ForAll @IntRange(min = 0, max = 40) int length) {
        if (length == NamespaceMarker.BYTES) {
            return;
        }
        byte[] value = Arrays.copyOf(NamespaceMarker.encode(), length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NamespaceMarker.check(value));
        assertTrue(e.getMessage().contains(length + " bytes"), e.getMessage());
    }

    @Example
    void anotherLayoutVersionIsRefusedSayingSo() {
        ByteBuffer other = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        other.putInt(NamespaceMarker.MAGIC).putInt(1); // the layout before chunks of whole points
        CRC32C crc = new CRC32C();
        crc.update(other.array(), 0, 8);
        other.putInt((int) crc.getValue());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NamespaceMarker.check(other.array()));
        assertTrue(e.getMessage().contains("layout version 1"), e.getMessage());
    }
}
