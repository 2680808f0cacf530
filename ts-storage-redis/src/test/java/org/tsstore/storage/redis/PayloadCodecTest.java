package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.tsstore.core.ArrayTimeSeries;

/** The chunked payload format against a model: plain little-endian doubles, times then values. */
class PayloadCodecTest {

    @Property(tries = 300)
    void chunksConcatenateToTheLittleEndianPayload(@ForAll @IntRange(min = 0, max = 300) int size,
            @ForAll @IntRange(min = 16, max = 200) int chunkBytes, @ForAll long seed) {
        TestSeries model = TestSeries.random(new Random(seed), size);
        PayloadEncoder encoder = new PayloadEncoder(model.series(), chunkBytes);
        List<byte[]> chunks = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (encoder.hasNext()) {
            byte[] chunk = encoder.next();
            chunks.add(chunk);
            int length = chunk.length - 4;
            all.write(chunk, 0, length);
            assertEquals(crcOf(java.util.Arrays.copyOf(chunk, length)),
                    ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).getInt(length),
                    "each chunk ends with the CRC32C of its payload bytes");
        }
        assertEquals((16L * size + chunkBytes - 1) / chunkBytes, chunks.size());
        for (int i = 0; i < chunks.size() - 1; i++) {
            assertEquals(chunkBytes + 4, chunks.get(i).length, "every chunk but the last is full");
        }
        ByteBuffer expected = ByteBuffer.allocate(16 * size).order(ByteOrder.LITTLE_ENDIAN);
        for (double t : model.times) {
            expected.putDouble(t);
        }
        for (double v : model.values) {
            expected.putDouble(v);
        }
        assertTrue(java.util.Arrays.equals(expected.array(), all.toByteArray()), "payload bytes");
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(expected.array());
        assertEquals((int) crc.getValue(), encoder.crc());

        ArrayTimeSeries decoded = ArrayTimeSeries.fill(size, (t, v) -> {
            PayloadDecoder decoder = new PayloadDecoder(t, v);
            chunks.forEach(decoder::accept);
            decoder.finish((int) crc.getValue());
        });
        model.assertSameAs(decoded);
    }

    @Property(tries = 100)
    void aFlippedBitFailsTheChecksum(@ForAll @IntRange(min = 1, max = 100) int size,
            @ForAll @IntRange(min = 16, max = 100) int chunkBytes, @ForAll long seed) {
        Random random = new Random(seed);
        TestSeries model = TestSeries.random(random, size);
        PayloadEncoder encoder = new PayloadEncoder(model.series(), chunkBytes);
        List<byte[]> chunks = new ArrayList<>();
        while (encoder.hasNext()) {
            chunks.add(encoder.next());
        }
        byte[] victim = chunks.get(random.nextInt(chunks.size()));
        victim[random.nextInt(victim.length)] ^= (byte) (1 << random.nextInt(8));
        PayloadDecoder decoder = new PayloadDecoder(new double[size], new double[size]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            for (byte[] chunk : chunks) {
                decoder.accept(chunk);
            }
        });
        assertTrue(e.getMessage().contains("chunk checksum mismatch"), "the chunk itself is caught: " + e.getMessage());
    }

    @Property(tries = 100)
    void chunksThatAreEachIntactButSwappedFailThePayloadChecksum(@ForAll @IntRange(min = 3, max = 100) int size,
            @ForAll long seed) {
        Random random = new Random(seed);
        TestSeries model = TestSeries.random(random, size);
        PayloadEncoder encoder = new PayloadEncoder(model.series(), 16);
        List<byte[]> chunks = new ArrayList<>();
        while (encoder.hasNext()) {
            chunks.add(encoder.next());
        }
        int a = random.nextInt(chunks.size());
        int b = (a + 1 + random.nextInt(chunks.size() - 1)) % chunks.size();
        if (java.util.Arrays.equals(chunks.get(a), chunks.get(b))) {
            return; // equal doubles: swapping changes nothing
        }
        java.util.Collections.swap(chunks, a, b);
        PayloadDecoder decoder = new PayloadDecoder(new double[size], new double[size]);
        chunks.forEach(decoder::accept);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder.finish(encoder.crc()));
        assertTrue(e.getMessage().contains("payload checksum mismatch"), e.getMessage());
    }

    @Example
    void chunkValuesShorterThanTheirChecksumAreRejected() {
        PayloadDecoder decoder = new PayloadDecoder(new double[1], new double[1]);
        for (int length = 0; length < 4; length++) {
            byte[] value = new byte[length];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder.accept(value));
            assertTrue(e.getMessage().contains("shorter than its checksum"), e.getMessage());
        }
    }

    @Example
    void missingAndSurplusBytesAreRejected() {
        TestSeries model = TestSeries.random(new Random(1), 10);
        PayloadEncoder encoder = new PayloadEncoder(model.series(), 64);
        List<byte[]> chunks = new ArrayList<>();
        while (encoder.hasNext()) {
            chunks.add(encoder.next());
        }
        PayloadDecoder shortOne = new PayloadDecoder(new double[10], new double[10]);
        chunks.subList(0, chunks.size() - 1).forEach(shortOne::accept);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> shortOne.finish(encoder.crc()));
        assertTrue(e.getMessage().contains("expected 160"), e.getMessage());

        PayloadDecoder longOne = new PayloadDecoder(new double[10], new double[10]);
        chunks.forEach(longOne::accept);
        byte[] surplus = new byte[5]; // one zero byte and its intact checksum
        ByteBuffer.wrap(surplus).order(ByteOrder.LITTLE_ENDIAN).putInt(1, crcOf(new byte[1]));
        IllegalArgumentException surplusError = assertThrows(IllegalArgumentException.class,
                () -> longOne.accept(surplus));
        assertTrue(surplusError.getMessage().contains("more than the 160 bytes"), surplusError.getMessage());
    }

    private static int crcOf(byte[] bytes) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
