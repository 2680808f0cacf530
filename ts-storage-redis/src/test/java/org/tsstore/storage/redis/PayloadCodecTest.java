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
            all.writeBytes(chunk);
        }
        assertEquals((16L * size + chunkBytes - 1) / chunkBytes, chunks.size());
        for (int i = 0; i < chunks.size() - 1; i++) {
            assertEquals(chunkBytes, chunks.get(i).length, "every chunk but the last is full");
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
        chunks.forEach(decoder::accept);
        int crc = encoder.crc();
        assertThrows(IllegalArgumentException.class, () -> decoder.finish(crc));
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
        assertThrows(IllegalArgumentException.class, () -> longOne.accept(new byte[1]));
    }
}
