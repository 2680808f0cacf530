package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tsstore.api.StorageException;

/** The backend on a real 3-master, 3-replica cluster started by the test. */
class RedisClusterTest {

    @Test
    void seriesSpreadOverEveryMasterRoundTripAndAreAllListed() {
        String prefix = RedisFixtures.freshPrefix("cluster");
        Random random = new Random(21);
        Map<String, TestSeries> model = new HashMap<>();
        Set<String> nodes = new HashSet<>();
        try (RedisStorageManager store = RedisFixtures.openCluster(prefix, Map.of("chunkBytes", "40"))) {
            for (int i = 0; i < 60; i++) {
                String id = "series-" + i;
                TestSeries s = TestSeries.random(random, random.nextInt(200));
                model.put(id, s);
                store.store(id, s.series());
                nodes.add(store.nodeOf(id));
            }
            store.store("series-0", model.get("series-1").series());
            model.put("series-0", model.get("series-1"));
            assertTrue(store.delete("series-2"));
            model.remove("series-2");
        }
        assertEquals(new HashSet<>(RedisCluster.mastersServingSlots(RedisFixtures.cluster().nodes().get(0))), nodes,
                "the ids landed on every master");
        try (RedisStorageManager reopened = RedisFixtures.openCluster(prefix, Map.of())) {
            assertEquals(model.keySet(), reopened.ids());
            for (Map.Entry<String, TestSeries> e : model.entrySet()) {
                e.getValue().assertSameAs(reopened.get(e.getKey()));
                assertEquals(e.getValue().times.length, reopened.size(e.getKey()));
            }
            assertTrue(reopened.verify().isClean());
            assertEquals(model.size(), reopened.verify().seriesChecked());
        }
    }

    @Test
    void aClusterNobodyAnswersForNamesItsSeeds() {
        int a = RedisServer.freePort();
        int b = RedisServer.freePort();
        StorageException e = assertThrows(StorageException.class, () -> RedisStorageManager.open(
                URI.create("redis-cluster://127.0.0.1:" + a + ",127.0.0.1:" + b + "?timeoutMillis=300")));
        assertTrue(e.getMessage().contains("127.0.0.1:" + a) && e.getMessage().contains("127.0.0.1:" + b),
                e.getMessage());
    }

    @Test
    void aRedirectionThatCannotBeFollowedNamesBothNodes() {
        RedisServer node = RedisFixtures.cluster().nodes().get(0);
        // a standalone location aimed at one cluster node cannot follow MOVED replies: opening it checks the
        // namespace marker, so it opens only where the marker's slot lives on that node
        String prefix = null;
        String away = null;
        while (prefix == null || away == null) {
            String candidate = RedisFixtures.freshPrefix("moved");
            try (RedisStorageManager cluster = RedisFixtures.openCluster(candidate, Map.of())) {
                if (cluster.nodeOfMarker().equals(node.address())) {
                    prefix = prefix == null ? candidate : prefix;
                } else if (away == null) {
                    away = candidate;
                    String markerNode = cluster.nodeOfMarker();
                    StorageException refused = assertThrows(StorageException.class, () -> RedisStorageManager.open(
                            URI.create("redis://" + node.address() + "/0?prefix=" + candidate)));
                    assertTrue(refused.getMessage().contains(node.address())
                            && refused.getMessage().contains("redirected to " + markerNode)
                            && refused.getMessage().contains(candidate + ":meta"), refused.getMessage());
                }
            }
        }
        try (RedisStorageManager direct = RedisStorageManager.open(
                URI.create("redis://" + node.address() + "/0?prefix=" + prefix));
                RedisStorageManager cluster = RedisFixtures.openCluster(prefix, Map.of())) {
            String elsewhere = null;
            for (int i = 0; elsewhere == null; i++) {
                if (!cluster.nodeOf("m" + i).equals(node.address())) {
                    elsewhere = "m" + i;
                }
            }
            String id = elsewhere;
            StorageException e = assertThrows(StorageException.class,
                    () -> direct.store(id, TestSeries.random(new Random(22), 3).series()));
            assertTrue(e.getMessage().contains(node.address()) && e.getMessage().contains("redirected to")
                    && e.getMessage().contains(cluster.nodeOf(id)), e.getMessage());
            assertTrue(!cluster.contains(id), "nothing was stored");
        }
    }
}
