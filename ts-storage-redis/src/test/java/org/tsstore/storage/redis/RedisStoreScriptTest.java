package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.StorageManagers;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.AccessControlLogEntry;

/**
 * How a batch calls the store script without {@code SCRIPT LOAD}: a node whose script cache was flushed
 * answers {@code NOSCRIPT}, and exactly the calls it refused are sent again in full; a user without
 * {@code +evalsha} (the README's line before it had one) gets every batch stored, by {@code EVAL} after the
 * first refusal. Each checked against a model map of what was stored, and the servers' own counters.
 */
class RedisStoreScriptTest {

    /** {@code count} series of a few points, each different, named {@code tag-i}. */
    private static Map<String, TestSeries> batch(String tag, int count, int version) {
        Map<String, TestSeries> batch = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int n = 1 + (i * 7 + version) % 9;
            double[] times = new double[n];
            double[] values = new double[n];
            for (int j = 0; j < n; j++) {
                times[j] = j * 2.5 + i;
                values[j] = version * 1000 + i + j / 8.0;
            }
            batch.put(tag + "-" + i, new TestSeries(times, values));
        }
        return batch;
    }

    private static void storeAll(StorageManager store, Map<String, TestSeries> batch, Map<String, TestSeries> model) {
        Map<String, SizedContainerTimeSeries> series = new LinkedHashMap<>();
        batch.forEach((id, s) -> series.put(id, s.series()));
        store.storeAll(series);
        model.putAll(batch);
    }

    private static void assertHolds(StorageManager store, Map<String, TestSeries> model) {
        assertEquals(model.keySet(), store.ids());
        model.forEach((id, s) -> s.assertSameAs(store.get(id)));
    }

    /** {@code calls} and {@code failed_calls} of a command on a server since its last CONFIG RESETSTAT. */
    private static long[] calls(Jedis jedis, String command) {
        for (String line : jedis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                long calls = 0;
                long failed = 0;
                for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                    String[] kv = field.split("=");
                    if (kv[0].equals("calls")) {
                        calls = Long.parseLong(kv[1]);
                    } else if (kv[0].equals("failed_calls")) {
                        failed = Long.parseLong(kv[1]);
                    }
                }
                return new long[] {calls, failed};
            }
        }
        return new long[] {0, 0};
    }

    @Test
    void aFlushedScriptCacheIsSentAgainForExactlyTheCallsItRefused() {
        RedisCluster cluster = RedisFixtures.cluster();
        List<String> masters = RedisCluster.mastersServingSlots(cluster.nodes().get(0));
        String prefix = RedisFixtures.freshPrefix("noscript");
        Map<String, TestSeries> model = new HashMap<>();
        try (RedisStorageManager store = RedisFixtures.openCluster(prefix, Map.of())) {
            storeAll(store, batch("a", 300, 1), model); // every master now has the script
            String flushed = masters.get(0);
            for (String master : masters) {
                try (Jedis jedis = cluster.node(master).orElseThrow().client()) {
                    if (master.equals(flushed)) {
                        jedis.scriptFlush();
                    }
                    jedis.configResetStat();
                }
            }
            Map<String, TestSeries> second = batch("a", 150, 2); // overwrites
            second.putAll(batch("b", 150, 3)); // and new series
            storeAll(store, second, model);

            long evalshas = 0;
            for (String master : masters) {
                try (Jedis jedis = cluster.node(master).orElseThrow().client()) {
                    long[] evalsha = calls(jedis, "evalsha");
                    long[] eval = calls(jedis, "eval");
                    evalshas += evalsha[0];
                    if (master.equals(flushed)) {
                        assertTrue(evalsha[0] > 0, "the flushed master got calls by SHA-1");
                        assertEquals(evalsha[0], evalsha[1], "every one answered NOSCRIPT");
                        assertEquals(evalsha[0], eval[0], "each refused call sent again in full, once");
                        assertEquals(0, eval[1]);
                    } else {
                        assertEquals(0, evalsha[1], master + " had the script");
                        assertEquals(0, eval[0], master + " got no call in full");
                    }
                }
            }
            assertEquals(300, evalshas, "one call by SHA-1 per series of the batch");
            assertHolds(store, model);
            storeAll(store, batch("b", 150, 4), model); // the flushed master has the script again
            assertHolds(store, model);
        }
    }

    /** Appends {@code count} series {@code tag-i} of a few points after time {@code 100 * round}, into the model. */
    private static void appendAll(StorageManager store, String tag, int count, int round, Map<String, double[][]> model) {
        Map<String, SizedContainerTimeSeries> points = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int n = 1 + (i * 5 + round) % 7;
            double[] times = new double[n];
            double[] values = new double[n];
            for (int j = 0; j < n; j++) {
                times[j] = 100.0 * round + j + i / 1000.0;
                values[j] = round * 1000 + i + j / 4.0;
            }
            points.put(tag + "-" + i, new TestSeries(times, values).series());
            model.merge(tag + "-" + i, new double[][] {times, values}, (a, b) -> new double[][] {
                concat(a[0], b[0]), concat(a[1], b[1])});
        }
        store.appendAll(points);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static void assertAppended(StorageManager store, Map<String, double[][]> model) {
        assertEquals(model.keySet(), store.ids());
        model.forEach((id, s) -> new TestSeries(s[0], s[1]).assertSameAs(store.get(id)));
    }

    @Test
    void appendsGoBySha1AndAFlushedCacheIsSentAgainForExactlyTheCallsItRefused() {
        RedisCluster cluster = RedisFixtures.cluster();
        List<String> masters = RedisCluster.mastersServingSlots(cluster.nodes().get(0));
        String prefix = RedisFixtures.freshPrefix("noscript-append");
        Map<String, double[][]> model = new HashMap<>();
        try (RedisStorageManager store = RedisFixtures.openCluster(prefix, Map.of())) {
            appendAll(store, "a", 200, 1, model); // every master now has the append script
            String flushed = masters.get(0);
            for (String master : masters) {
                try (Jedis jedis = cluster.node(master).orElseThrow().client()) {
                    if (master.equals(flushed)) {
                        jedis.scriptFlush();
                    }
                    jedis.configResetStat();
                }
            }
            appendAll(store, "a", 200, 2, model);
            long evalshas = 0;
            for (String master : masters) {
                try (Jedis jedis = cluster.node(master).orElseThrow().client()) {
                    long[] evalsha = calls(jedis, "evalsha");
                    long[] eval = calls(jedis, "eval");
                    evalshas += evalsha[0];
                    if (master.equals(flushed)) {
                        assertTrue(evalsha[0] > 0, "the flushed master got calls by SHA-1");
                        assertEquals(evalsha[0], evalsha[1], "every one answered NOSCRIPT");
                        assertEquals(evalsha[0], eval[0], "each refused call sent again in full, once");
                        assertEquals(0, eval[1]);
                    } else {
                        assertEquals(0, evalsha[1], master + " had the script");
                        assertEquals(0, eval[0], master + " got no call in full");
                    }
                }
            }
            assertEquals(200, evalshas, "one call by SHA-1 per series of the batch");
            assertAppended(store, model);
            appendAll(store, "a", 200, 3, model);
            assertAppended(store, model);
        }
    }

    @Test
    void aUserWithoutEvalshaStoresEveryBatchInFullAfterTheFirstRefusal() {
        RedisServer server = SecuredRedis.standalone();
        String user = "tsstore-noevalsha";
        String rules = SecuredRedis.aclRules(user, SecuredRedis.PASSWORD);
        assertTrue(rules.contains(" +evalsha "), rules);
        String[] old = rules.replace(" +evalsha ", " ").substring(user.length() + 1).split(" ");
        try (Jedis admin = server.client()) {
            admin.aclSetUser(user, old);
            admin.aclLogReset();
        }
        String location = "rediss://" + user + "@" + server.address() + "/0?" + SecuredRedis.query() + "&prefix="
                + RedisFixtures.freshPrefix("noevalsha");
        Map<String, TestSeries> model = new HashMap<>();
        try (StorageManager store = StorageManagers.open(URI.create(location), Map.of())) {
            storeAll(store, batch("a", 40, 1), model);
            assertHolds(store, model);
            long refusals = evalshaRefusals(server, user);
            assertTrue(refusals > 0, "the server refused EVALSHA to the user");
            storeAll(store, batch("a", 20, 2), model);
            storeAll(store, batch("b", 30, 3), model);
            assertHolds(store, model);
            Map<String, double[][]> appended = new HashMap<>();
            model.forEach((id, s) -> appended.put(id, new double[][] {s.times, s.values}));
            appendAll(store, "c", 25, 1, appended);
            appendAll(store, "c", 25, 2, appended);
            assertAppended(store, appended);
            assertEquals(refusals, evalshaRefusals(server, user), "no EVALSHA tried after the first refusal");
        } finally {
            try (Jedis admin = server.client()) {
                admin.aclDelUser(user);
            }
        }
    }

    /** How often the server refused {@code user} EVALSHA, and that it refused nothing else. */
    private static long evalshaRefusals(RedisServer server, String user) {
        long count = 0;
        List<String> others = new ArrayList<>();
        try (Jedis admin = server.client()) {
            for (AccessControlLogEntry entry : admin.aclLog()) {
                if (!user.equals(entry.getUsername())) {
                    continue;
                }
                if (entry.getObject().equals("evalsha")) {
                    count += entry.getCount();
                } else {
                    others.add(entry.getReason() + " " + entry.getObject());
                }
            }
        }
        assertFalse(!others.isEmpty(), "refused only EVALSHA: " + others);
        return count;
    }

    @Test
    void onlyNoscriptAndARefusedEvalshaAreSentAgain() {
        StoreScript script = new StoreScript();
        assertFalse(script.resend(new JedisDataException(
                "NOPERM this user has no permissions to access one of the keys used as arguments")));
        assertFalse(script.resend(new JedisDataException(
                "NOPERM this user has no permissions to run the 'set' command")));
        assertFalse(script.resend(new JedisDataException("ERR out of memory")));
        assertFalse(script.evalOnly());
        assertTrue(script.resend(new JedisDataException(
                "NOSCRIPT No matching script. Please use EVAL.")));
        assertFalse(script.evalOnly(), "a flushed cache does not stop calls by SHA-1");
        assertTrue(script.resend(new JedisDataException(
                "NOPERM this user has no permissions to run the 'evalsha' command")));
        assertTrue(script.evalOnly());
    }
}
