package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tsstore.api.SizedContainerTimeSeries;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

/**
 * {@code storeAll} and {@code appendAll} on a server and on a cluster against a model of plain arrays:
 * what they leave reads back equal, the chunks stay full and committed (no key left to expire), and a
 * batch with one invalid entry changes no key at all.
 */
class RedisBatchTest {

    private static final Map<String, String> SMALL_CHUNKS = Map.of("chunkBytes", "40"); // two points a chunk

    /** Points {@code from <= i < to} of a model series. */
    private static SizedContainerTimeSeries part(TestSeries s, int from, int to) {
        return new TestSeries(Arrays.copyOfRange(s.times, from, to), Arrays.copyOfRange(s.values, from, to)).series();
    }

    /** Every key under a prefix on the standalone server, with its value. */
    private static Map<String, byte[]> snapshot(String prefix) {
        Map<String, byte[]> values = new HashMap<>();
        try (Jedis jedis = RedisFixtures.standalone().client()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                var page = jedis.scan(cursor, new ScanParams().match(prefix + ":*").count(1000));
                for (String key : page.getResult()) {
                    values.put(key, jedis.get(key.getBytes(StandardCharsets.UTF_8)));
                    assertEquals(-1, jedis.pttl(key), "no key is left to expire: " + key);
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        return values;
    }

    /**
     * Stores the heads of the model's series in one batch, then appends the rest in batches of random
     * pieces (some ids absent from a batch, some created by it), checking the model after each.
     */
    private static void storeThenAppendInBatches(RedisStorageManager store, Map<String, TestSeries> model,
            Random random) {
        Map<String, Integer> written = new LinkedHashMap<>();
        Map<String, SizedContainerTimeSeries> heads = new LinkedHashMap<>();
        model.forEach((id, s) -> {
            if (random.nextBoolean()) {
                int head = random.nextInt(s.times.length + 1);
                heads.put(id, part(s, 0, head));
                written.put(id, head);
            }
        });
        store.storeAll(heads);
        while (written.size() < model.size()
                || model.entrySet().stream().anyMatch(e -> written.get(e.getKey()) < e.getValue().times.length)) {
            Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
            model.forEach((id, s) -> {
                int from = written.getOrDefault(id, 0);
                if (random.nextInt(3) > 0 && (from < s.times.length || !written.containsKey(id))) {
                    int to = Math.min(s.times.length, from + random.nextInt(6));
                    batch.put(id, part(s, from, to));
                    if (to > from) {
                        written.put(id, to);
                    }
                }
            });
            store.appendAll(batch);
            written.forEach((id, n) -> {
                TestSeries s = model.get(id);
                new TestSeries(Arrays.copyOf(s.times, n), Arrays.copyOf(s.values, n)).assertSameAs(store.get(id));
            });
        }
        model.forEach((id, s) -> s.assertSameAs(store.get(id)));
    }

    private static Map<String, TestSeries> model(Random random, int count) {
        Map<String, TestSeries> model = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            model.put("b-" + i, TestSeries.random(random, 1 + random.nextInt(40)));
        }
        return model;
    }

    @Test
    void batchesOnOneServerMatchTheModelAndLeaveFullCommittedChunks() {
        String prefix = RedisFixtures.freshPrefix("batch");
        Random random = new Random(61);
        Map<String, TestSeries> model = model(random, 25);
        try (RedisStorageManager store = RedisFixtures.openStandalone(prefix, SMALL_CHUNKS)) {
            storeThenAppendInBatches(store, model, random);
            assertEquals(model.keySet(), store.ids());
            assertTrue(store.verify().isClean());
            Set<String> expected = new HashSet<>(Set.of(prefix + ":meta"));
            try (Jedis jedis = RedisFixtures.standalone().client()) {
                for (String id : model.keySet()) {
                    expected.add(new String(store.keys().pointer(id), StandardCharsets.UTF_8));
                    SeriesPointer pointer = SeriesPointer.decode(jedis.get(store.keys().pointer(id)));
                    assertEquals((model.get(id).times.length + 1) / 2, pointer.chunkCount(), "full chunks: " + id);
                    pointer.chunks().forEach(c -> expected.add(
                            new String(store.keys().chunk(id, c.key()), StandardCharsets.UTF_8)));
                }
            }
            assertEquals(expected, snapshot(prefix).keySet(), "the pointers, their chunks and the marker");
        }
    }

    @Test
    void aBatchWithOneInvalidEntryChangesNoKey() {
        String prefix = RedisFixtures.freshPrefix("batch-refused");
        try (RedisStorageManager store = RedisFixtures.openStandalone(prefix, SMALL_CHUNKS)) {
            store.storeAll(Map.of("x", new TestSeries(new double[] {1, 2, 3}, new double[] {1, 2, 3}).series(),
                    "y", new TestSeries(new double[] {5}, new double[] {5}).series()));
            Map<String, byte[]> before = snapshot(prefix);
            Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
            batch.put("x", new TestSeries(new double[] {4, 5}, new double[] {0, 0}).series());
            batch.put("new", new TestSeries(new double[] {0}, new double[] {0}).series());
            batch.put("y", new TestSeries(new double[] {5, 6}, new double[] {0, 0}).series()); // 5 is not after 5
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.appendAll(batch));
            assertTrue(e.getMessage().contains("\"y\"") && e.getMessage().contains("5.0"), e.getMessage());
            Map<String, byte[]> after = snapshot(prefix);
            assertEquals(before.keySet(), after.keySet());
            before.forEach((key, value) -> assertArrayEquals(value, after.get(key), key));

            Map<String, SizedContainerTimeSeries> empty = new LinkedHashMap<>();
            empty.put("x", new TestSeries(new double[0], new double[0]).series());
            empty.put("absent", new TestSeries(new double[0], new double[0]).series());
            store.appendAll(empty);
            store.appendAll(Map.of());
            store.storeAll(Map.of());
            assertEquals(before.keySet(), snapshot(prefix).keySet(), "empty appends create nothing");
        }
    }

    @Test
    void batchesSpanningEveryMasterOfAClusterWithReplicationMatchTheModel() {
        String prefix = RedisFixtures.freshPrefix("batch-cluster");
        Random random = new Random(62);
        Map<String, TestSeries> model = model(random, 40);
        Map<String, String> options = new HashMap<>(SMALL_CHUNKS);
        options.put("durability", "replicated");
        Set<String> nodes = new HashSet<>();
        try (RedisStorageManager store = RedisFixtures.openCluster(prefix, options)) {
            storeThenAppendInBatches(store, model, random);
            model.keySet().forEach(id -> nodes.add(store.nodeOf(id)));
        }
        assertEquals(new HashSet<>(RedisCluster.mastersServingSlots(RedisFixtures.cluster().nodes().get(0))), nodes,
                "the batch spanned every master");
        try (RedisStorageManager reopened = RedisFixtures.openCluster(prefix, Map.of())) {
            assertEquals(model.keySet(), reopened.ids());
            for (Map.Entry<String, TestSeries> e : model.entrySet()) {
                TestSeries s = e.getValue();
                s.assertSameAs(reopened.get(e.getKey()));
                int from = s.times.length / 3;
                int to = 2 * s.times.length / 3; // below the size, as every series has a point
                new TestSeries(Arrays.copyOfRange(s.times, from, to), Arrays.copyOfRange(s.values, from, to))
                        .assertSameAs(reopened.get(e.getKey(), s.times[from], s.times[to]));
            }
            assertTrue(reopened.verify().isClean());
        }
    }
}
