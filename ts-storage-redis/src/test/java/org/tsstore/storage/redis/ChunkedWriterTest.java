package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

/**
 * The writer alone on a real server: the keys and values it leaves are compared with chunk boundaries and
 * bytes worked out by hand ({@link HandLayout}), not with what the reader makes of them. Chunks of 40
 * bytes hold two points; the seeded random gives the token, then one key per new chunk.
 */
class ChunkedWriterTest {

    private final String prefix = RedisFixtures.freshPrefix("writer");
    private final RedisSettings settings = RedisSettings.parse(
            URI.create("redis://" + RedisFixtures.standalone().address() + "/0?prefix=" + prefix + "&chunkBytes=40"),
            Map.of());
    private final Topology topology = Topology.open(settings);
    private final Jedis jedis = RedisFixtures.standalone().client();

    @AfterEach
    void close() {
        jedis.close();
        topology.close();
    }

    private ChunkedWriter writer(long seed) {
        SeriesKeys keys = new SeriesKeys(prefix);
        return new ChunkedWriter(keys, topology, settings, new ChunkedReader(keys, topology), new Random(seed));
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

    private byte[] value(String key) {
        return jedis.get(HandLayout.bytes(key));
    }

    @Test
    void aSeriesBecomesHandComputedChunksAndPointer() {
        double[] times = {1.5, 2.5, 4.0};
        double[] values = {-0.0, Double.NaN, 1e300};
        writer(42).store(jedis, "s", new TestSeries(times, values).series());

        Random expected = new Random(42);
        long token = expected.nextLong();
        long first = expected.nextLong();
        long second = expected.nextLong();
        // 3 points in chunks of 2: [0, 2) and [2, 3)
        String firstKey = HandLayout.chunkKey(prefix, "s", first);
        String secondKey = HandLayout.chunkKey(prefix, "s", second);
        assertArrayEquals(HandLayout.chunk(times, values, 0, 2), value(firstKey));
        assertArrayEquals(HandLayout.chunk(times, values, 2, 3), value(secondKey));
        assertEquals(32, value(firstKey).length);
        String pointerKey = HandLayout.pointerKey(prefix, "s");
        assertEquals(Set.of(pointerKey, firstKey, secondKey), keys());
        assertEquals(-1, jedis.pttl(firstKey), "a committed chunk does not expire");
        assertEquals(-1, jedis.pttl(secondKey), "a committed chunk does not expire");
        assertArrayEquals(HandLayout.pointer("s", token, 3, HandLayout.entry(first, times, values, 0, 2),
                HandLayout.entry(second, times, values, 2, 3)), value(pointerKey));
    }

    @Test
    void anEmptySeriesIsAPointerWithoutChunks() {
        writer(1).store(jedis, "e", new TestSeries(new double[0], new double[0]).series());
        long token = new Random(1).nextLong();
        String pointerKey = HandLayout.pointerKey(prefix, "e");
        assertEquals(Set.of(pointerKey), keys());
        assertArrayEquals(HandLayout.pointer("e", token, 0), value(pointerKey));
    }

    @Test
    void anOverwriteLeavesOnlyTheNewChunksAndDeleteLeavesNothing() {
        ChunkedWriter writer = writer(2);
        writer.store(jedis, "x", TestSeries.random(new Random(3), 300).series()); // token and 150 keys
        writer.store(jedis, "x", TestSeries.random(new Random(4), 10).series());
        Random expected = new Random(2);
        for (int i = 0; i < 1 + 150 + 1; i++) {
            expected.nextLong();
        }
        Set<String> expectedKeys = new HashSet<>(Set.of(HandLayout.pointerKey(prefix, "x")));
        for (int i = 0; i < 5; i++) { // 10 points in chunks of 2
            expectedKeys.add(HandLayout.chunkKey(prefix, "x", expected.nextLong()));
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
        long token = expected.nextLong();
        long key = expected.nextLong();
        assertArrayEquals(HandLayout.pointer("d", token, 1, HandLayout.entry(key, times, values, 0, 1)),
                value(pointerKey));
        assertArrayEquals(HandLayout.chunk(times, values, 0, 1), value(HandLayout.chunkKey(prefix, "d", key)));
    }

    @Test
    void anAppendFillsTheLastChunkInPlaceThenAddsChunks() {
        double[] times = {1, 2, 3, 4, 5, 6, 7};
        double[] values = {10, 20, 30, 40, 50, 60, 70};
        ChunkedWriter writer = writer(6);
        writer.store(jedis, "a", new TestSeries(new double[] {1, 2, 3}, new double[] {10, 20, 30}).series());
        long token = 0x5eed;
        assertEquals(7, writer.append(jedis, "a", new TestSeries(new double[] {4, 5, 6, 7},
                new double[] {40, 50, 60, 70}).series(), token));

        Random expected = new Random(6);
        expected.nextLong(); // the store's token
        long k0 = expected.nextLong();
        long k1 = expected.nextLong(); // held point 3, now also point 4
        long k2 = expected.nextLong();
        long k3 = expected.nextLong();
        String pointerKey = HandLayout.pointerKey(prefix, "a");
        Set<String> expectedKeys = new HashSet<>(Set.of(pointerKey));
        int[][] runs = {{0, 2}, {2, 4}, {4, 6}, {6, 7}};
        long[] chunkKeys = {k0, k1, k2, k3};
        HandLayout.Entry[] entries = new HandLayout.Entry[4];
        for (int i = 0; i < 4; i++) {
            String key = HandLayout.chunkKey(prefix, "a", chunkKeys[i]);
            expectedKeys.add(key);
            assertArrayEquals(HandLayout.chunk(times, values, runs[i][0], runs[i][1]), value(key), key);
            assertEquals(-1, jedis.pttl(key), "a committed chunk does not expire: " + key);
            entries[i] = HandLayout.entry(chunkKeys[i], times, values, runs[i][0], runs[i][1]);
        }
        assertEquals(expectedKeys, keys());
        byte[] pointer = HandLayout.pointer("a", token, 7, entries);
        assertArrayEquals(pointer, value(pointerKey));

        // a retry of the same append (its reply lost) finds its token and writes nothing
        assertEquals(7, writer.append(jedis, "a", new TestSeries(new double[] {4, 5, 6, 7},
                new double[] {40, 50, 60, 70}).series(), token));
        assertArrayEquals(pointer, value(pointerKey));
        assertEquals(expectedKeys, keys());
    }

    @Test
    void anAppendNotAfterTheLastTimeIsRefusedAndChangesNothing() {
        ChunkedWriter writer = writer(7);
        writer.store(jedis, "o", new TestSeries(new double[] {1, 2, 3}, new double[] {1, 1, 1}).series());
        byte[] before = value(HandLayout.pointerKey(prefix, "o"));
        Set<String> keysBefore = keys();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> writer.append(jedis, "o",
                new TestSeries(new double[] {3, 4}, new double[] {0, 0}).series(), 1));
        assertTrue(e.getMessage().contains("\"o\"") && e.getMessage().contains("3.0"), e.getMessage());
        assertArrayEquals(before, value(HandLayout.pointerKey(prefix, "o")));
        assertEquals(keysBefore, keys());

        // an append to an absent id creates it; its first chunk is new
        assertEquals(1, writer.append(jedis, "new", new TestSeries(new double[] {-5}, new double[] {9}).series(), 2));
        assertTrue(keys().contains(HandLayout.pointerKey(prefix, "new")));
    }
}
