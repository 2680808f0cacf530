package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.tsstore.storage.redis.SeriesPointer.Chunk;

/** The pointer value: hand-computed bytes, round trip, every single-bit corruption caught, chunk search. */
class SeriesPointerTest {

    /** Chunks of random sizes over strictly increasing times; their entries as the pointer keeps them. */
    private static List<Chunk> chunks(Random random, int count) {
        List<Chunk> chunks = new ArrayList<>();
        double time = random.nextGaussian() * 100;
        for (int i = 0; i < count; i++) {
            int points = 1 + random.nextInt(5);
            double first = time + 1 + random.nextInt(3);
            double last = points == 1 ? first : first + random.nextInt(4) + 1;
            chunks.add(new Chunk(random.nextLong(), points, random.nextInt(), first, last));
            time = last;
        }
        return chunks;
    }

    private static int sum(List<Chunk> chunks) {
        return chunks.stream().mapToInt(Chunk::points).sum();
    }

    @Example
    void encodesTheDocumentedLayout() {
        double[] times = {1.5, 2.5, 4.0};
        double[] values = {-0.0, Double.NaN, 1e300};
        HandLayout.Entry first = HandLayout.entry(0x0123456789abcdefL, times, values, 0, 2);
        HandLayout.Entry second = HandLayout.entry(-7L, times, values, 2, 3);
        byte[] expected = HandLayout.pointer("ü/s", 42L, 3, first, second);
        assertEquals(8 + 8 + 4 + 4 + 2 + 4 + 2 * 32 + 4, expected.length, "32 bytes per chunk");
        SeriesPointer pointer = new SeriesPointer("ü/s", 42L, 3, List.of(
                new Chunk(first.key(), 2, first.crc(), 1.5, 2.5), new Chunk(second.key(), 1, second.crc(), 4.0, 4.0)));
        assertArrayEquals(expected, pointer.encode());
        assertEquals(pointer, SeriesPointer.decode(expected));
        assertEquals(4.0, pointer.lastTime());
    }

    @Property(tries = 200)
    void roundTripAndBitFlips(@ForAll @IntRange(min = 0, max = 40) int chunkCount, @ForAll long seed) {
        Random random = new Random(seed);
        String id = "series/" + random.nextInt() + "/ü{*}";
        List<Chunk> chunks = chunks(random, chunkCount);
        SeriesPointer pointer = new SeriesPointer(id, random.nextLong(), sum(chunks), chunks);
        byte[] encoded = pointer.encode();
        assertEquals(pointer, SeriesPointer.decode(encoded));

        byte[] flipped = encoded.clone();
        flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
        assertThrows(IllegalArgumentException.class, () -> SeriesPointer.decode(flipped));
    }

    @Example
    void truncatedAndForeignValuesAreRejected() {
        List<Chunk> chunks = chunks(new Random(1), 3);
        byte[] encoded = new SeriesPointer("a", 1, sum(chunks), chunks).encode();
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            assertThrows(IllegalArgumentException.class, () -> SeriesPointer.decode(truncated));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeriesPointer.decode("some other application's value, long enough to be read as a pointer"
                        .getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Example
    void countsAndTimeOrderMustAddUp() {
        Chunk a = new Chunk(1, 2, 0, 1.0, 2.0);
        Chunk b = new Chunk(2, 1, 0, 3.0, 3.0);
        assertEquals(3, new SeriesPointer("a", 0, 3, List.of(a, b)).points());
        assertThrows(IllegalArgumentException.class, () -> new SeriesPointer("a", 0, 4, List.of(a, b)));
        assertThrows(IllegalArgumentException.class, () -> new SeriesPointer("a", 0, 3, List.of(b, a)));
        assertThrows(IllegalArgumentException.class, () -> new Chunk(1, 0, 0, 1.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Chunk(1, 2, 0, 2.0, 1.0));
    }

    @Property(tries = 500)
    void overlappingChunksAreExactlyThoseALinearScanFinds(@ForAll @IntRange(min = 0, max = 30) int chunkCount,
            @ForAll long seed) {
        Random random = new Random(seed);
        List<Chunk> chunks = chunks(random, chunkCount);
        SeriesPointer pointer = new SeriesPointer("r", 0, sum(chunks), chunks);
        double[] bounds = {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -1e9, 1e9,
            random.nextGaussian() * 100 + random.nextInt(60), random.nextGaussian() * 100 + random.nextInt(60),
            chunkCount == 0 ? 0 : chunks.get(random.nextInt(chunkCount)).firstTime(),
            chunkCount == 0 ? 0 : chunks.get(random.nextInt(chunkCount)).lastTime()};
        for (double from : bounds) {
            for (double to : bounds) {
                List<Integer> expected = new ArrayList<>();
                for (int i = 0; i < chunkCount; i++) {
                    // a chunk may hold a time in [from, to) if its [first, last] meets it
                    if (from < to && chunks.get(i).lastTime() >= from && chunks.get(i).firstTime() < to) {
                        expected.add(i);
                    }
                }
                int[] range = pointer.overlapping(from, to);
                List<Integer> actual = new ArrayList<>();
                for (int i = range[0]; i < range[1]; i++) {
                    actual.add(i);
                }
                assertEquals(expected, actual, "[" + from + ", " + to + ") over " + chunks);
                int before = 0;
                for (int i = 0; i < range[0]; i++) {
                    before += chunks.get(i).points();
                }
                assertEquals(before, pointer.pointsBefore(range[0]));
            }
        }
    }
}
