package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

/**
 * The writer alone on a real server: the keys and values it leaves are compared with chunk boundaries and
 * bytes worked out by hand ({@link HandLayout}), not with what the reader makes of them.
 */
class ChunkedWriterTest {

    private final String prefix = RedisFixtures.freshPrefix("writer");
    private final RedisSettings settings = RedisSettings.parse(
            URI.create("redis://" + RedisFixtures.standalone().address() + "/0?prefix=" + prefix + "&chunkBytes=20"),
            Map.of());
    private final Topology topology = Topology.open(settings);
    private final Jedis jedis = RedisFixtures.standalone().client();

    @AfterEach
    void close() {
        jedis.close();
        topology.close();
    }

    private ChunkedWriter writer(long seed) {
        return new ChunkedWriter(new SeriesKeys(prefix), topology, settings, new Random(seed));
    }

    private Set<String> keys() {
        Set<String> keys = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            var page = jedis.scan(cursor, new ScanParams().match(prefix + ":*").count(1000));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    @Test
    void aSeriesBecomesHandComputedChunksAndPointer() {
        double[] times = {1.5, 2.5, 4.0};
        double[] values = {-0.0, Double.NaN, 1e300};
        writer(42).store(jedis, "s", new TestSeries(times, values).series());

        Random expected = new Random(42);
        long high = expected.nextLong();
        long low = expected.nextLong();
        String generation = HandLayout.generation(high, low);
        // 48 payload bytes in 20-byte chunks: [0, 20), [20, 40), [40, 48), each with its 4-byte checksum
        byte[] payload = HandLayout.payload(times, values);
        List<byte[]> chunks = List.of(
                HandLayout.withCrc(java.util.Arrays.copyOfRange(payload, 0, 20)),
                HandLayout.withCrc(java.util.Arrays.copyOfRange(payload, 20, 40)),
                HandLayout.withCrc(java.util.Arrays.copyOfRange(payload, 40, 48)));
        assertEquals(List.of(24, 24, 12), chunks.stream().map(c -> c.length).toList());

        String pointerKey = HandLayout.pointerKey(prefix, "s");
        Set<String> expectedKeys = new HashSet<>(Set.of(pointerKey));
        for (int i = 0; i < 3; i++) {
            String chunkKey = HandLayout.chunkKey(prefix, "s", generation, i);
            expectedKeys.add(chunkKey);
            assertArrayEquals(chunks.get(i), jedis.get(HandLayout.bytes(chunkKey)), chunkKey);
            assertEquals(-1, jedis.pttl(chunkKey), "a committed chunk does not expire: " + chunkKey);
        }
        assertEquals(expectedKeys, keys());
        assertArrayEquals(HandLayout.pointer("s", high, low, 3, 20, 3, HandLayout.crc(payload)),
                jedis.get(HandLayout.bytes(pointerKey)));
    }

    @Test
    void anEmptySeriesIsAPointerWithoutChunks() {
        writer(1).store(jedis, "e", new TestSeries(new double[0], new double[0]).series());
        Random expected = new Random(1);
        long high = expected.nextLong();
        long low = expected.nextLong();
        String pointerKey = HandLayout.pointerKey(prefix, "e");
        assertEquals(Set.of(pointerKey), keys());
        assertArrayEquals(HandLayout.pointer("e", high, low, 0, 20, 0, 0), jedis.get(HandLayout.bytes(pointerKey)));
    }

    @Test
    void anOverwriteLeavesOnlyTheNewGenerationAndDeleteLeavesNothing() {
        ChunkedWriter writer = writer(2);
        writer.store(jedis, "x", TestSeries.random(new Random(3), 300).series());
        writer.store(jedis, "x", TestSeries.random(new Random(4), 10).series());
        Random expected = new Random(2);
        expected.nextLong();
        expected.nextLong();
        String second = HandLayout.generation(expected.nextLong(), expected.nextLong());
        Set<String> expectedKeys = new HashSet<>(Set.of(HandLayout.pointerKey(prefix, "x")));
        for (int i = 0; i < 8; i++) { // 160 bytes in 20-byte chunks
            expectedKeys.add(HandLayout.chunkKey(prefix, "x", second, i));
        }
        assertEquals(expectedKeys, keys());

        assertTrue(writer.delete(jedis, "x"));
        assertEquals(Set.of(), keys());
        assertFalse(writer.delete(jedis, "x"));
    }

    @Test
    void aDamagedPointerIsReplacedByTheNextStore() {
        String pointerKey = HandLayout.pointerKey(prefix, "d");
        jedis.set(HandLayout.bytes(pointerKey), HandLayout.bytes("not a pointer"));
        double[] times = {7};
        double[] values = {8};
        writer(5).store(jedis, "d", new TestSeries(times, values).series());
        Random expected = new Random(5);
        long high = expected.nextLong();
        long low = expected.nextLong();
        byte[] payload = HandLayout.payload(times, values);
        assertArrayEquals(HandLayout.pointer("d", high, low, 1, 20, 1, HandLayout.crc(payload)),
                jedis.get(HandLayout.bytes(pointerKey)));
        assertArrayEquals(HandLayout.withCrc(payload),
                jedis.get(HandLayout.bytes(HandLayout.chunkKey(prefix, "d", HandLayout.generation(high, low), 0))));
    }
}
