package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.StorageManagers;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.AccessControlLogEntry;

/**
 * The README's ACL line grants every command and key the backend uses, and nothing is refused quietly:
 * after every kind of operation as the user {@code tsstore}, on the TLS server and on every node of the
 * TLS cluster (with {@code durability=replicated}, so {@code WAIT} too), Redis' {@code ACL LOG} holds no
 * denial for that user. (Jedis ignores a refused {@code CLIENT SETNAME}; the ACL log does not.)
 */
class RedisAclTest {

    @Test
    void theReadmeLineIsWhatTheServersGrant() {
        String line = SecuredRedis.readmeAclLine();
        assertTrue(line.startsWith("user tsstore on >YOUR-PASSWORD ~tsstore:* resetchannels -@all +"), line);
        try (Jedis admin = SecuredRedis.standalone().client()) {
            List<String> rules = admin.aclGetUser(SecuredRedis.USER).getCommands() == null ? List.of()
                    : List.of(admin.aclGetUser(SecuredRedis.USER).getCommands().split(" "));
            for (String token : line.split(" ")) {
                if (token.startsWith("+")) {
                    assertTrue(rules.contains(token), token + " granted: " + rules);
                }
            }
        }
    }

    @Test
    void everyOperationOnTheTlsServerNeedsNothingBeyondTheReadmeLine() {
        RedisServer server = SecuredRedis.standalone();
        resetAclLog(List.of(server));
        for (String database : List.of("0", "1")) {
            String location = SecuredRedis.standaloneLocation().replace("/0?", "/" + database + "?") + "&prefix="
                    + RedisFixtures.freshPrefix("acl") + "&chunkBytes=64";
            workload(location, Map.of());
        }
        assertNoDenial(List.of(server));
    }

    @Test
    void everyOperationOnTheTlsClusterNeedsNothingBeyondTheReadmeLine() {
        RedisCluster cluster = SecuredRedis.cluster();
        resetAclLog(cluster.nodes());
        String location = SecuredRedis.clusterLocation() + "&prefix=" + RedisFixtures.freshPrefix("acl")
                + "&chunkBytes=64";
        workload(location, Map.of("durability", "replicated"));
        assertNoDenial(cluster.nodes());
    }

    /** Every entry point, with series long enough for several chunks and appends that fill and add chunks. */
    private static void workload(String location, Map<String, String> options) {
        try (StorageManager store = StorageManagers.open(URI.create(location), options)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ids.add("series-" + i);
                store.store("series-" + i, TestSeries.version(i).series());
            }
            store.store("series-0", TestSeries.version(99).series()); // an overwrite unlinks the old chunks
            assertEquals(5, store.append("series-1", ArrayTimeSeries.of(new double[] {1000, 1001, 1002, 1003, 1004},
                    new double[] {1, 2, 3, 4, 5})) - TestSeries.version(1).times.length);
            assertEquals(TestSeries.version(2).times.length, store.size("series-2"));
            TestSeries.version(3).assertSameAs(store.get("series-3"));
            assertEquals(10, store.get("series-4", 5, 15).size());
            assertTrue(store.contains("series-5"));
            assertEquals(12, store.ids().size());
            Map<String, ArrayTimeSeries> batch = new LinkedHashMap<>();
            Map<String, ArrayTimeSeries> appends = new LinkedHashMap<>();
            for (String id : ids) {
                batch.put(id + "-batch", ArrayTimeSeries.of(new double[] {0, 1, 2}, new double[] {7, 8, 9}));
                appends.put(id, ArrayTimeSeries.of(new double[] {5000}, new double[] {1}));
            }
            store.storeAll(batch);
            store.appendAll(appends);
            assertTrue(store.delete("series-6"));
            assertFalse(store.delete("series-6"));
            assertTrue(store.verify().isClean());
            assertTrue(store.repair().isLossless());
            store.compact();
            store.flush();
            assertFalse(store.contains(store.newId()));
        }
        // a second open finds the namespace marker written by the first
        try (StorageManager again = StorageManagers.open(URI.create(location), options)) {
            assertEquals(23, again.ids().size());
        }
    }

    private static void resetAclLog(List<RedisServer> servers) {
        for (RedisServer s : servers) {
            try (Jedis admin = s.client()) {
                admin.aclLogReset();
            }
        }
    }

    private static void assertNoDenial(List<RedisServer> servers) {
        for (RedisServer s : servers) {
            try (Jedis admin = s.client()) {
                for (AccessControlLogEntry entry : admin.aclLog()) {
                    assertFalse(SecuredRedis.USER.equals(entry.getUsername()), s.address() + " refused tsstore "
                            + entry.getReason() + " " + entry.getObject() + " (" + entry.getContext() + ")");
                }
            }
        }
    }
}
