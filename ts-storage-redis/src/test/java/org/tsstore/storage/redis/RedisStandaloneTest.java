package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.spi.StorageManagerProvider;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

/** The backend on one real redis-server, checked against plain arrays and the keys Redis holds. */
class RedisStandaloneTest {

    private static final Map<String, String> SMALL_CHUNKS = Map.of("chunkBytes", "24");

    private static Set<String> keysUnder(String prefix) {
        Set<String> keys = new HashSet<>();
        try (Jedis jedis = RedisFixtures.standalone().client()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                var page = jedis.scan(cursor, new ScanParams().match(prefix + ":*").count(1000));
                keys.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        return keys;
    }

    @Test
    void multiChunkSeriesRoundTripInChunksOfWholePoints() {
        String prefix = RedisFixtures.freshPrefix("chunks");
        Random random = new Random(7);
        Map<String, TestSeries> model = new HashMap<>();
        try (RedisStorageManager store = RedisFixtures.openStandalone(prefix, SMALL_CHUNKS)) {
            for (int size : new int[] {0, 1, 2, 3, 5, 17, 100, 2000}) {
                TestSeries s = TestSeries.random(random, size);
                model.put("s" + size, s);
                s.assertSameAs(store.store("s" + size, s.series()));
            }
        }
        try (RedisStorageManager reopened = RedisFixtures.openStandalone(prefix, Map.of())) {
            for (Map.Entry<String, TestSeries> e : model.entrySet()) {
                e.getValue().assertSameAs(reopened.get(e.getKey()));
                assertEquals(e.getValue().times.length, reopened.size(e.getKey()));
            }
            Set<String> ids = reopened.ids();
            assertEquals(model.keySet(), ids);
            // like every backend's, a snapshot whose refusal says why
            UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                    () -> ids.remove("s0"));
            assertTrue(String.valueOf(refused.getMessage()).contains("immutable snapshot"), refused.getMessage());
        }
        long chunks = model.values().stream().mapToLong(s -> s.times.length).sum(); // 24-byte chunks hold one point
        Set<String> keys = keysUnder(prefix);
        assertEquals(model.size() + chunks + 1, keys.size(),
                "one pointer per series plus its chunks, and the namespace marker: " + keys.size());
        assertTrue(keys.contains(prefix + ":meta"), "the namespace marker: " + keys);
        try (Jedis jedis = RedisFixtures.standalone().client()) {
            for (String key : keys) {
                assertEquals(-1, jedis.pttl(key), "committed keys do not expire: " + key);
            }
        }
    }

    @Test
    void overwriteAndDeleteLeaveNoOldChunks() {
        String prefix = RedisFixtures.freshPrefix("overwrite");
        Random random = new Random(8);
        try (RedisStorageManager store = RedisFixtures.openStandalone(prefix, SMALL_CHUNKS)) {
            store.store("x", TestSeries.random(random, 300).series());
            TestSeries second = TestSeries.random(random, 10);
            store.store("x", second.series());
            second.assertSameAs(store.get("x"));
            assertEquals(1 + 10 + 1, keysUnder(prefix).size(), "pointer, a chunk per point and marker");
            assertTrue(store.delete("x"));
            assertFalse(store.delete("x"));
            assertEquals(Set.of(prefix + ":meta"), keysUnder(prefix), "only the namespace marker is left");
            assertFalse(store.contains("x"));
            assertThrows(NoSuchSeriesException.class, () -> store.get("x"));
            assertThrows(NoSuchSeriesException.class, () -> store.size("x"));
        }
    }

    @Test
    void hostileIdsRoundTripAndPrefixesIsolateStores() {
        List<String> ids = List.of("..", "a/b", "\\", "CON", "con", "{tag}", "}{", "*", "[x]", "ü日本", "a b", "p:{61}:p");
        String prefixA = RedisFixtures.freshPrefix("a");
        String prefixB = RedisFixtures.freshPrefix("b");
        Random random = new Random(9);
        Map<String, TestSeries> model = new HashMap<>();
        try (RedisStorageManager a = RedisFixtures.openStandalone(prefixA, Map.of());
                RedisStorageManager b = RedisFixtures.openStandalone(prefixB, Map.of())) {
            for (String id : ids) {
                TestSeries s = TestSeries.random(random, random.nextInt(20));
                model.put(id, s);
                a.store(id, s.series());
            }
            b.store("only-b", TestSeries.random(random, 3).series());
            assertEquals(model.keySet(), a.ids());
            assertEquals(Set.of("only-b"), b.ids());
            for (String id : ids) {
                model.get(id).assertSameAs(a.get(id));
                assertFalse(b.contains(id));
            }
        }
    }

    @Test
    void damagedChunksAndPointersAreDetectedNamingTheNode() {
        String prefix = RedisFixtures.freshPrefix("damage");
        String address = RedisFixtures.standalone().address();
        try (RedisStorageManager store = RedisFixtures.openStandalone(prefix, SMALL_CHUNKS);
                Jedis jedis = RedisFixtures.standalone().client()) {
            Random random = new Random(10);
            store.store("flipped", TestSeries.random(random, 50).series());
            store.store("missing", TestSeries.random(random, 50).series());
            TestSeries intact = TestSeries.random(random, 50);
            store.store("intact", intact.series());
            store.store("pointer", TestSeries.random(random, 5).series());

            String flippedChunk = keysUnder(prefix).stream()
                    .filter(k -> k.startsWith(new String(store.keys().pointer("flipped"), StandardCharsets.UTF_8)
                            .replace(":p", ":c:")))
                    .findFirst().orElseThrow();
            byte[] chunk = jedis.get(flippedChunk.getBytes(StandardCharsets.UTF_8));
            chunk[3] ^= 0x10;
            jedis.set(flippedChunk.getBytes(StandardCharsets.UTF_8), chunk);
            String missingChunk = keysUnder(prefix).stream()
                    .filter(k -> k.startsWith(new String(store.keys().pointer("missing"), StandardCharsets.UTF_8)
                            .replace(":p", ":c:")))
                    .findFirst().orElseThrow();
            jedis.del(missingChunk);
            byte[] pointerKey = store.keys().pointer("pointer");
            jedis.setrange(pointerKey, 30, new byte[] {0x7f});

            StorageException e = assertThrows(StorageException.class, () -> store.get("flipped"));
            assertTrue(e.getMessage().contains("\"flipped\"") && e.getMessage().contains(address)
                    && e.getMessage().contains("checksum"), e.getMessage());
            e = assertThrows(StorageException.class, () -> store.get("missing"));
            assertTrue(e.getMessage().contains("missing") && e.getMessage().contains(address), e.getMessage());
            e = assertThrows(StorageException.class, () -> store.size("pointer"));
            assertTrue(e.getMessage().contains("\"pointer\"") && e.getMessage().contains("checksum"), e.getMessage());
            intact.assertSameAs(store.get("intact"));

            IntegrityReport report = store.verify();
            assertEquals(4, report.seriesChecked() + report.damage().size());
            Set<String> damaged = new HashSet<>();
            report.damage().forEach(d -> {
                damaged.add(d.id());
                assertTrue(d.location().startsWith(address), d.location());
            });
            assertEquals(Set.of("flipped", "missing", "pointer"), damaged);
        }
    }

    @Test
    void aConcurrentReaderSeesWholeVersionsOnly() throws Exception {
        String prefix = RedisFixtures.freshPrefix("concurrent");
        try (RedisStorageManager store = RedisFixtures.openStandalone(prefix, Map.of("chunkBytes", "40"))) {
            store.store("hot", TestSeries.version(0).series());
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Integer> seen = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try {
                    int last = -1;
                    while (!done.get()) {
                        SizedContainerTimeSeries s = store.get("hot");
                        int version = (int) s.value(0);
                        TestSeries.version(version).assertSameAs(s);
                        if (version < last) {
                            throw new AssertionError("went back from version " + last + " to " + version);
                        }
                        last = version;
                        seen.add(version);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            reader.start();
            for (int version = 1; version <= 300 && failure.get() == null; version++) {
                store.store("hot", TestSeries.version(version).series());
            }
            done.set(true);
            reader.join(60_000);
            if (failure.get() != null) {
                throw new AssertionError("reader failed", failure.get());
            }
            assertTrue(seen.size() > 1, "the reader ran");
            TestSeries.version(300).assertSameAs(store.get("hot"));
        }
    }

    @Test
    void connectionRefusedNamesTheAddress() {
        int port = RedisServer.freePort();
        StorageException e = assertThrows(StorageException.class,
                () -> RedisStorageManager.open(URI.create("redis://127.0.0.1:" + port + "/0?timeoutMillis=500")));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void aServerLostMidwayGivesAStorageExceptionNamingIt() {
        RedisServer own = RedisServer.start(RedisFixtures.root(), false);
        try (RedisStorageManager store = RedisStorageManager.open(
                URI.create("redis://" + own.address() + "/0?timeoutMillis=500"))) {
            TestSeries before = TestSeries.random(new Random(11), 10);
            store.store("a", before.series());
            own.kill();
            StorageException e = assertThrows(StorageException.class,
                    () -> store.store("a", TestSeries.random(new Random(12), 10).series()));
            assertTrue(e.getMessage().contains(own.address()) && e.getMessage().contains("\"a\""), e.getMessage());
            e = assertThrows(StorageException.class, () -> store.get("a"));
            assertTrue(e.getMessage().contains(own.address()), e.getMessage());
        } finally {
            own.close();
        }
    }

    @Test
    void aServerThatStopsAnsweringTimesOutNamingIt() {
        RedisServer own = RedisServer.start(RedisFixtures.root(), false);
        try (RedisStorageManager store = RedisStorageManager.open(
                URI.create("redis://" + own.address() + "/0?timeoutMillis=300"));
                Jedis admin = own.client()) {
            TestSeries before = TestSeries.random(new Random(15), 10);
            store.store("t", before.series());
            admin.clientPause(3000); // every other client's commands now wait
            StorageException e = assertThrows(StorageException.class, () -> store.get("t"));
            assertTrue(e.getMessage().contains(own.address()) && e.getMessage().contains("timed out after 300 ms")
                    && e.getMessage().contains("\"t\""), e.getMessage());
        } finally {
            own.close();
        }
    }

    @Test
    void replicatedDurabilityFailsLoudlyWithoutReplicas() {
        String prefix = RedisFixtures.freshPrefix("nowait");
        try (RedisStorageManager store = RedisFixtures.openStandalone(prefix,
                Map.of("durability", "replicated", "timeoutMillis", "1000"))) {
            StorageException e = assertThrows(StorageException.class,
                    () -> store.store("w", TestSeries.random(new Random(13), 4).series()));
            assertTrue(e.getMessage().contains("0 of 1 replicas") && e.getMessage().contains("\"w\""), e.getMessage());
        }
    }

    @Test
    void bothSchemesAreRegisteredWithServiceLoader() {
        Map<String, StorageManagerProvider> byScheme = new HashMap<>();
        for (StorageManagerProvider p : ServiceLoader.load(StorageManagerProvider.class)) {
            byScheme.put(p.scheme(), p);
        }
        assertTrue(byScheme.get("redis") instanceof RedisStorageProvider, byScheme.toString());
        assertTrue(byScheme.get("redis-cluster") instanceof RedisClusterStorageProvider, byScheme.toString());
        for (StorageManagerProvider p : List.of(byScheme.get("redis"), byScheme.get("redis-cluster"))) {
            assertEquals(p.scheme(), p.defaultLocation().getScheme());
            assertEquals(RedisSettings.OPTIONS, p.optionNames());
        }
        assertThrows(IllegalArgumentException.class,
                () -> byScheme.get("redis").open(URI.create("redis-cluster://h:1"), Map.of()));
        String prefix = RedisFixtures.freshPrefix("spi");
        try (var store = byScheme.get("redis").open(
                URI.create("redis://" + RedisFixtures.standalone().address() + "/0?prefix=" + prefix), Map.of())) {
            TestSeries s = TestSeries.random(new Random(14), 3);
            store.store(42L, s.series());
            s.assertSameAs(store.get("42"));
        }
    }

    @Test
    void closedStoreRefusesWork() {
        RedisStorageManager store = RedisFixtures.openStandalone(RedisFixtures.freshPrefix("closed"), Map.of());
        store.close();
        store.close();
        assertThrows(IllegalStateException.class, () -> store.get("a"));
        assertThrows(IllegalStateException.class, store::ids);
    }
}
