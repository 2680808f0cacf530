package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tsstore.api.StorageException;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisMovedDataException;

/** Retrying and failure messages, for a standalone server (never retries) and a cluster (retries). */
class TopologyTest {

    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

    private static Topology standalone() {
        return Topology.open(RedisSettings.parse(
                URI.create("redis://" + RedisFixtures.standalone().address() + "/0?timeoutMillis=300"), Map.of()));
    }

    private static Topology cluster() {
        return Topology.open(RedisSettings.parse(URI.create(RedisFixtures.cluster().location()),
                Map.of("timeoutMillis", "300")));
    }

    @Test
    void failuresAHealingClusterStopsGivingAreRetryable() {
        assertTrue(Topology.retryable(new JedisConnectionException("lost")));
        assertTrue(Topology.retryable(new JedisMovedDataException("MOVED 1 h:1", new HostAndPort("h", 1), 1)));
        assertTrue(Topology.retryable(new JedisClusterOperationException("no node for slot")));
        for (String reply : List.of("CLUSTERDOWN x", "TRYAGAIN x", "LOADING x", "READONLY x", "MASTERDOWN x")) {
            assertTrue(Topology.retryable(new JedisDataException(reply)), reply);
        }
        assertFalse(Topology.retryable(new JedisDataException("ERR wrong number of arguments")));
        assertFalse(Topology.retryable(new JedisDataException("WRONGTYPE Operation against a key")));
    }

    @Test
    void aFailureIsDescribedByItsTimeoutItsRedirectionOrItsRootCause() {
        JedisConnectionException timeout = new JedisConnectionException(new SocketTimeoutException("Read timed out"));
        assertEquals("timed out after 300 ms (Read timed out)", Topology.describe(timeout, 300));
        JedisMovedDataException moved = new JedisMovedDataException("MOVED 7 h:9", new HostAndPort("h", 9), 7);
        assertEquals("redirected to h:9 for slot 7 (MOVED 7 h:9)", Topology.describe(moved, 300));
        JedisConnectionException refused = new JedisConnectionException("Failed to connect",
                new RuntimeException("wrapper", new java.net.ConnectException("Connection refused")));
        assertEquals("Failed to connect (Connection refused)", Topology.describe(refused, 300));
    }

    @Test
    void aStandaloneServerRunsAnOperationOnceAndNamesItself() {
        try (Topology topology = standalone()) {
            AtomicInteger runs = new AtomicInteger();
            StorageException e = assertThrows(StorageException.class, () -> topology.call(KEY, "get of series \"a\"",
                    jedis -> {
                        runs.incrementAndGet();
                        throw new JedisConnectionException("lost");
                    }));
            assertEquals(1, runs.get());
            assertEquals("get of series \"a\" failed on redis node " + RedisFixtures.standalone().address() + ": lost",
                    e.getMessage());
            StorageException own = new StorageException("the body's own");
            assertSame(own, assertThrows(StorageException.class, () -> topology.call(KEY, "x", jedis -> {
                throw own;
            })));
            assertEquals("PONG", topology.call(KEY, "ping", jedis -> jedis.ping()));
        }
    }

    @Test
    void aClusterRetriesWhatHealingMayCureUntilTheTimeout() {
        try (Topology topology = cluster()) {
            AtomicInteger runs = new AtomicInteger();
            assertEquals("done", topology.call(KEY, "op", jedis -> {
                if (runs.incrementAndGet() < 3) {
                    throw new JedisConnectionException("lost");
                }
                return "done";
            }));
            assertEquals(3, runs.get());

            runs.set(0);
            assertThrows(StorageException.class, () -> topology.call(KEY, "op", jedis -> {
                runs.incrementAndGet();
                throw new JedisDataException("ERR not retried");
            }));
            assertEquals(1, runs.get(), "an error reply is final");

            runs.set(0);
            long start = System.nanoTime();
            StorageException e = assertThrows(StorageException.class, () -> topology.call(KEY, "op", jedis -> {
                runs.incrementAndGet();
                throw new JedisConnectionException("still lost");
            }));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(runs.get() > 1 && millis >= 300 && millis < 5000, runs + " runs in " + millis + " ms");
            assertTrue(e.getMessage().startsWith("op failed on redis node " + topology.addressOf(KEY) + ": still lost"),
                    e.getMessage());
        }
    }

    @Test
    void everyMasterVisitsEachMasterOnceAndStartsOverAfterAFailure() {
        try (Topology topology = cluster()) {
            AtomicInteger fails = new AtomicInteger(1);
            List<List<String>> results = new ArrayList<>();
            List<String> visited = topology.everyMaster("listing", () -> {
                List<String> fresh = new ArrayList<>();
                results.add(fresh);
                return fresh;
            }, (jedis, seen) -> {
                seen.add(jedis.configGet("port").get("port"));
                if (fails.getAndDecrement() > 0) {
                    throw new JedisConnectionException("lost");
                }
            });
            assertEquals(2, results.size(), "a fresh result for the second attempt");
            List<String> ports = RedisCluster.mastersServingSlots(RedisFixtures.cluster().nodes().get(0)).stream()
                    .map(address -> address.substring(address.lastIndexOf(':') + 1)).toList();
            assertEquals(new HashSet<>(ports), new HashSet<>(visited));
            assertEquals(ports.size(), visited.size(), "each master once");
        }
    }
}
