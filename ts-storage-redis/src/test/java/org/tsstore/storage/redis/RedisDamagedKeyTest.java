package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.StorageException;
import redis.clients.jedis.Jedis;

/**
 * Damage to one key is refused naming that very key: a chunk's checksum and length (kept in the pointer)
 * name the chunk, so do chunks that are each intact but swapped, and a damaged namespace marker refuses
 * the open naming the marker. {@code verify()} reports what {@code get()} refuses, at the same key, and
 * every other series still reads back equal to the model.
 */
class RedisDamagedKeyTest {

    private static final Map<String, String> SMALL_CHUNKS = Map.of("chunkBytes", "64");

    private static String name(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    /** Stores the model's series; each of 50 points spans 13 chunks of 64 bytes (4 points). */
    private static Map<String, TestSeries> populate(RedisStorageManager store) {
        Random random = new Random(31);
        Map<String, TestSeries> model = new LinkedHashMap<>();
        for (String id : List.of("a", "b", "c")) {
            TestSeries s = TestSeries.random(random, 50);
            store.store(id, s.series());
            model.put(id, s);
        }
        return model;
    }

    @Test
    void aDamagedChunkIsRefusedAndReportedNamingThatChunkKey() {
        String prefix = RedisFixtures.freshPrefix("damaged-chunk");
        String address = RedisFixtures.standalone().address();
        List<UnaryOperator<byte[]>> damages = List.of(
                v -> flip(v, 0), v -> flip(v, v.length - 1), v -> flip(v, v.length / 2),
                v -> Arrays.copyOf(v, v.length - 1), v -> Arrays.copyOf(v, 0), v -> Arrays.copyOf(v, v.length + 8),
                v -> new byte[v.length], v -> null);
        try (RedisStorageManager store = RedisFixtures.openStandalone(prefix, SMALL_CHUNKS);
                Jedis jedis = RedisFixtures.standalone().client()) {
            Map<String, TestSeries> model = populate(store);
            SeriesPointer pointer = SeriesPointer.decode(jedis.get(store.keys().pointer("b")));
            assertEquals(13, pointer.chunkCount());
            Random random = new Random(5);
            for (UnaryOperator<byte[]> damage : damages) {
                byte[] chunkKey = store.keys().chunk("b", pointer.chunks().get(random.nextInt(13)).key());
                byte[] intact = jedis.get(chunkKey);
                byte[] damaged = damage.apply(intact.clone());
                if (damaged == null) {
                    jedis.del(chunkKey);
                } else {
                    jedis.set(chunkKey, damaged);
                }
                StorageException e = assertThrows(StorageException.class, () -> store.get("b"));
                assertTrue(e.getMessage().contains("key " + name(chunkKey) + ":"), e.getMessage());
                assertEquals(50, store.size("b"), "the pointer is intact");

                IntegrityReport report = store.verify();
                assertEquals(1, report.damage().size(), report.toString());
                IntegrityReport.Damage d = report.damage().get(0);
                assertEquals("b", d.id());
                assertEquals(address + " " + name(chunkKey), d.location());
                assertEquals(2, report.seriesChecked());
                model.get("a").assertSameAs(store.get("a"));
                model.get("c").assertSameAs(store.get("c"));

                jedis.set(chunkKey, intact);
                model.get("b").assertSameAs(store.get("b"));
                assertTrue(store.verify().isClean());
            }
        }
    }

    @Test
    void chunksIntactEachButSwappedAreRefusedNamingTheChunk() {
        String prefix = RedisFixtures.freshPrefix("swapped-chunks");
        try (RedisStorageManager store = RedisFixtures.openStandalone(prefix, SMALL_CHUNKS);
                Jedis jedis = RedisFixtures.standalone().client()) {
            Map<String, TestSeries> model = populate(store);
            byte[] pointerKey = store.keys().pointer("c");
            SeriesPointer pointer = SeriesPointer.decode(jedis.get(pointerKey));
            byte[] first = store.keys().chunk("c", pointer.chunks().get(1).key());
            byte[] second = store.keys().chunk("c", pointer.chunks().get(2).key());
            byte[] one = jedis.get(first);
            jedis.set(first, jedis.get(second));
            jedis.set(second, one);

            StorageException e = assertThrows(StorageException.class, () -> store.get("c"));
            assertTrue(e.getMessage().contains("key " + name(first) + ":")
                    && e.getMessage().contains("chunk 1 checksum mismatch"), e.getMessage());
            IntegrityReport report = store.verify();
            assertEquals(1, report.damage().size(), report.toString());
            assertTrue(report.damage().get(0).location().endsWith(" " + name(first)), report.toString());
            model.get("a").assertSameAs(store.get("a"));
            model.get("b").assertSameAs(store.get("b"));
        }
    }

    @Test
    void aDamagedNamespaceMarkerRefusesTheOpenNamingItUntilDeleted() {
        String prefix = RedisFixtures.freshPrefix("damaged-marker");
        Map<String, TestSeries> model;
        byte[] markerKey;
        try (RedisStorageManager store = RedisFixtures.openStandalone(prefix, SMALL_CHUNKS)) {
            model = populate(store);
            markerKey = store.keys().marker();
        }
        try (Jedis jedis = RedisFixtures.standalone().client()) {
            assertTrue(Arrays.equals(NamespaceMarker.encode(), jedis.get(markerKey)), "the first open wrote it");
            jedis.set(markerKey, flip(jedis.get(markerKey), 5));
            StorageException e = assertThrows(StorageException.class,
                    () -> RedisFixtures.openStandalone(prefix, Map.of()));
            assertTrue(e.getMessage().contains("key " + name(markerKey)) && e.getMessage().contains("checksum"),
                    e.getMessage());
            jedis.set(markerKey, "another application's value".getBytes(StandardCharsets.UTF_8));
            e = assertThrows(StorageException.class, () -> RedisFixtures.openStandalone(prefix, Map.of()));
            assertTrue(e.getMessage().contains("key " + name(markerKey)), e.getMessage());

            jedis.del(markerKey); // the repair the message suggests
        }
        try (RedisStorageManager reopened = RedisFixtures.openStandalone(prefix, Map.of())) {
            model.forEach((id, s) -> s.assertSameAs(reopened.get(id)));
            assertEquals(model.keySet(), reopened.ids());
        }
    }

    private static byte[] flip(byte[] value, int at) {
        value[at] ^= 0x10;
        return value;
    }
}
