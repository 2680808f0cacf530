package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The pointer header: round trip, and every single-bit corruption is caught. */
class SeriesPointerTest {

    @Property(tries = 200)
    void roundTripAndBitFlips(@ForAll @IntRange(min = 0, max = 100_000) int points,
            @ForAll @IntRange(min = 16, max = 1 << 20) int chunkBytes, @ForAll long seed) {
        Random random = new Random(seed);
        String id = "series/" + random.nextInt() + "/ü{*}";
        SeriesPointer pointer = new SeriesPointer(id, random.nextLong(), random.nextLong(), points, chunkBytes,
                SeriesPointer.chunkCount(points, chunkBytes), random.nextInt());
        byte[] encoded = pointer.encode();
        assertEquals(pointer, SeriesPointer.decode(encoded));

        byte[] flipped = encoded.clone();
        flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
        assertThrows(IllegalArgumentException.class, () -> SeriesPointer.decode(flipped));
    }

    @Example
    void truncatedAndForeignValuesAreRejected() {
        byte[] encoded = new SeriesPointer("a", 1, 2, 3, 16, 3, 4).encode();
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(encoded, length);
            assertThrows(IllegalArgumentException.class, () -> SeriesPointer.decode(truncated));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeriesPointer.decode("some other application's value, long enough to be read as a pointer".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Example
    void chunkCountMustMatchTheLayout() {
        assertEquals(0, SeriesPointer.chunkCount(0, 16));
        assertEquals(1, SeriesPointer.chunkCount(1, 16));
        assertEquals(2, SeriesPointer.chunkCount(3, 24));
        assertThrows(IllegalArgumentException.class, () -> new SeriesPointer("a", 0, 0, 3, 24, 3, 0));
    }
}
