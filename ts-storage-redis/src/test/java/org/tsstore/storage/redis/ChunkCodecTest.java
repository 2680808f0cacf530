package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The chunk format against a model (little-endian (time, value) pairs), and CRC32C combination. */
class ChunkCodecTest {

    @Example
    void twoPointsAreFourLittleEndianDoublesTimeThenValue() {
        TestSeries model = new TestSeries(new double[] {1.0, 2.5}, new double[] {-0.0, Double.NaN});
        byte[] expected = {
            0, 0, 0, 0, 0, 0, (byte) 0xf0, 0x3f, // 1.0
            0, 0, 0, 0, 0, 0, 0, (byte) 0x80, // -0.0
            0, 0, 0, 0, 0, 0, 0x04, 0x40, // 2.5
            0, 0, 0, 0, 0, 0, (byte) 0xf8, 0x7f // NaN
        };
        assertArrayEquals(expected, ChunkCodec.encode(model.series(), 0, 2));
        assertArrayEquals(Arrays.copyOfRange(expected, 16, 32), ChunkCodec.encode(model.series(), 1, 1));
        assertArrayEquals(new byte[0], ChunkCodec.encode(model.series(), 2, 0));
    }

    @Property(tries = 200)
    void aRunOfPointsEncodesAsPairsAndDecodesBack(@ForAll @IntRange(min = 1, max = 9000) int size,
            @ForAll long seed) {
        Random random = new Random(seed);
        TestSeries model = TestSeries.random(random, size);
        int from = random.nextInt(size);
        int count = random.nextInt(size - from) + 1;
        byte[] chunk = ChunkCodec.encode(model.series(), from, count);
        ByteBuffer expected = ByteBuffer.allocate(16 * count).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < from + count; i++) {
            expected.putDouble(model.times[i]).putDouble(model.values[i]);
        }
        assertArrayEquals(expected.array(), chunk);

        double[] times = new double[count + 3];
        double[] values = new double[count + 3];
        ChunkCodec.decode(chunk, count, times, values, 2);
        for (int i = 0; i < count; i++) {
            assertEquals(Double.doubleToRawLongBits(model.times[from + i]), Double.doubleToRawLongBits(times[2 + i]));
            assertEquals(Double.doubleToRawLongBits(model.values[from + i]),
                    Double.doubleToRawLongBits(values[2 + i]));
        }
    }

    @Example
    void decodeReadsOnlyTheLeadingPointsOfALongerValue() {
        TestSeries model = TestSeries.random(new Random(3), 5);
        byte[] chunk = ChunkCodec.encode(model.series(), 0, 5);
        double[] times = new double[2];
        double[] values = new double[2];
        ChunkCodec.decode(chunk, 2, times, values, 0);
        assertArrayEquals(Arrays.copyOf(model.times, 2), times);
        assertEquals(crcOf(Arrays.copyOf(chunk, 32)), ChunkCodec.crc(chunk, 32));
    }

    @Property(tries = 300)
    void combinedChecksumsEqualTheChecksumOfTheConcatenation(@ForAll @IntRange(min = 0, max = 5000) int lengthA,
            @ForAll @IntRange(min = 0, max = 5000) int lengthB, @ForAll long seed) {
        Random random = new Random(seed);
        byte[] a = new byte[lengthA];
        byte[] b = new byte[lengthB];
        random.nextBytes(a);
        random.nextBytes(b);
        byte[] both = Arrays.copyOf(a, lengthA + lengthB);
        System.arraycopy(b, 0, both, lengthA, lengthB);
        assertEquals(crcOf(both), ChunkCodec.crcCombine(crcOf(a), crcOf(b), lengthB));
    }

    @Property(tries = 20)
    void combinedChecksumsHoldForLongTails(@ForAll @IntRange(min = 0, max = 100) int lengthA,
            @ForAll @IntRange(min = 5000, max = 3_000_000) int lengthB, @ForAll long seed) {
        combinedChecksumsEqualTheChecksumOfTheConcatenation(lengthA, lengthB, seed);
    }

    @Example
    void combiningKnownValues() {
        // CRC32C("123456789") is the standard check value 0xe3069283
        byte[] digits = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(0xe3069283, crcOf(digits));
        int head = crcOf(Arrays.copyOf(digits, 4));
        int tail = crcOf(Arrays.copyOfRange(digits, 4, 9));
        assertEquals(0xe3069283, ChunkCodec.crcCombine(head, tail, 5));
        assertEquals(head, ChunkCodec.crcCombine(head, 0, 0), "nothing appended changes nothing");
        assertEquals(0xe3069283, ChunkCodec.crcCombine(0, 0xe3069283, 9), "CRC32C of no bytes is 0");
    }

    private static int crcOf(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
