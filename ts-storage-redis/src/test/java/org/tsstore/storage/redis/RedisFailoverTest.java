package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;

/**
 * While a writer stores (or appends in batches) with durability=replicated, the master that owns the
 * series is killed with SIGKILL; after its replica takes over, every acknowledged write reads back. The
 * stores run on a TLS cluster with passwords (the replica that takes over logs in to its master with
 * {@code masterauth}, over TLS, and the store as the README's ACL user), the appends on a plain one.
 */
class RedisFailoverTest {

    @Test
    void acknowledgedSeriesSurviveTheLossOfTheirMaster() throws Exception {
        try (RedisCluster cluster = SecuredRedis.newCluster()) {
            String prefix = RedisFixtures.freshPrefix("failover");
            URI location = URI.create(SecuredRedis.clusterLocation(cluster) + "&prefix=" + prefix);
            Map<String, String> replicated = Map.of("durability", "replicated", "timeoutMillis", "4000",
                    "chunkBytes", "256");
            try (RedisStorageManager writer = RedisStorageManager.open(location, replicated)) {
                // the ids the writer uses all live on one master: the victim
                String victim = writer.nodeOf("id-0");
                List<String> ids = new ArrayList<>();
                for (int i = 0; ids.size() < 8; i++) {
                    if (writer.nodeOf("id-" + i).equals(victim)) {
                        ids.add("id-" + i);
                    }
                }
                // per id: the last acknowledged version, and versions whose store failed (they may have landed)
                Map<String, Integer> acked = new HashMap<>();
                Map<String, List<Integer>> unsure = new HashMap<>();
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger acks = new AtomicInteger();
                AtomicInteger failures = new AtomicInteger();
                Thread thread = new Thread(() -> {
                    for (int version = 1; !stop.get(); version++) {
                        String id = ids.get(version % ids.size());
                        try {
                            writer.store(id, TestSeries.version(version).series());
                            synchronized (acked) {
                                acked.put(id, version);
                                unsure.remove(id);
                            }
                            acks.incrementAndGet();
                        } catch (StorageException e) {
                            synchronized (acked) {
                                unsure.computeIfAbsent(id, k -> new ArrayList<>()).add(version);
                            }
                            failures.incrementAndGet();
                        }
                    }
                }, "failover-writer");
                thread.start();
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (acks.get() < 40 && System.nanoTime() < deadline) {
                    RedisServer.sleep(10);
                }
                assertTrue(acks.get() >= 40, "the writer made progress before the kill: " + acks + " acks, "
                        + failures + " failures");
                cluster.node(victim).orElseThrow().kill();
                int acksAtKill = acks.get();
                cluster.awaitFailover(victim, 30);
                // the old master comes back as the new master's replica: replicated writes succeed again
                cluster.restart(victim);
                cluster.awaitHealthy(30);
                deadline = System.nanoTime() + 30_000_000_000L;
                while (acks.get() < acksAtKill + 20 && System.nanoTime() < deadline) {
                    RedisServer.sleep(10);
                }
                stop.set(true);
                thread.join(30_000);
                assertFalse(thread.isAlive(), "the writer stopped");

                try (RedisStorageManager reader = RedisStorageManager.open(location, Map.of("timeoutMillis", "4000"))) {
                    assertFalse(reader.nodeOf(ids.get(0)).equals(victim), "the series moved to the promoted replica");
                    synchronized (acked) {
                        assertTrue(acked.keySet().containsAll(ids), "every id was acknowledged at least once");
                        for (String id : ids) {
                            SizedContainerTimeSeries actual = reader.get(id);
                            int version = (int) actual.value(0);
                            List<Integer> allowed = new ArrayList<>(unsure.getOrDefault(id, List.of()));
                            allowed.add(acked.get(id));
                            assertTrue(allowed.contains(version), id + " reads version " + version
                                    + ", acknowledged " + acked.get(id) + ", unacknowledged attempts "
                                    + unsure.get(id));
                            TestSeries.version(version).assertSameAs(actual);
                        }
                    }
                    assertTrue(reader.ids().containsAll(ids), "ids() lists them from the new master");
                    assertTrue(acks.get() >= acksAtKill + 20, "replicated writes resumed after the failover: "
                            + acksAtKill + " acks at the kill, " + acks + " in all");
                }
                System.out.println("failover: " + acksAtKill + " acks before the kill, " + acks + " in all, "
                        + failures + " failed stores");
            }
        }
    }

    /**
     * While a writer appends a point to each of several series in one {@code appendAll} per round, with
     * durability=replicated, their master is killed with SIGKILL; after its replica takes over, every
     * series holds the point of every acknowledged round, and no point twice.
     */
    @Test
    void acknowledgedAppendBatchesSurviveTheLossOfTheirMaster() throws Exception {
        try (RedisCluster cluster = RedisFixtures.newCluster()) {
            String prefix = RedisFixtures.freshPrefix("failover-append");
            URI location = URI.create(cluster.location() + "?prefix=" + prefix);
            Map<String, String> replicated = Map.of("durability", "replicated", "timeoutMillis", "4000",
                    "chunkBytes", "64");
            try (RedisStorageManager writer = RedisStorageManager.open(location, replicated)) {
                // most ids live on the victim, a few elsewhere: the batch spans masters
                String victim = writer.nodeOf("id-0");
                List<String> ids = new ArrayList<>();
                for (int i = 0, elsewhere = 0; ids.size() < 10; i++) {
                    boolean onVictim = writer.nodeOf("id-" + i).equals(victim);
                    if (onVictim || elsewhere < 2) {
                        ids.add("id-" + i);
                        elsewhere += onVictim ? 0 : 1;
                    }
                }
                // the rounds whose appendAll was acknowledged, and those that failed (they may have landed)
                List<Integer> acked = new ArrayList<>();
                List<Integer> unsure = new ArrayList<>();
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger acks = new AtomicInteger();
                Thread thread = new Thread(() -> {
                    for (int round = 1; !stop.get(); round++) {
                        Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
                        for (String id : ids) {
                            batch.put(id, new TestSeries(new double[] {round}, new double[] {round}).series());
                        }
                        try {
                            writer.appendAll(batch);
                            synchronized (acked) {
                                acked.add(round);
                            }
                            acks.incrementAndGet();
                        } catch (StorageException e) {
                            synchronized (acked) {
                                unsure.add(round);
                            }
                        }
                    }
                }, "failover-appender");
                thread.start();
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (acks.get() < 40 && System.nanoTime() < deadline) {
                    RedisServer.sleep(10);
                }
                assertTrue(acks.get() >= 40, "the writer made progress before the kill: " + acks + " acks");
                cluster.node(victim).orElseThrow().kill();
                int acksAtKill = acks.get();
                cluster.awaitFailover(victim, 30);
                cluster.restart(victim);
                cluster.awaitHealthy(30);
                deadline = System.nanoTime() + 30_000_000_000L;
                while (acks.get() < acksAtKill + 20 && System.nanoTime() < deadline) {
                    RedisServer.sleep(10);
                }
                stop.set(true);
                thread.join(30_000);
                assertFalse(thread.isAlive(), "the writer stopped");

                try (RedisStorageManager reader = RedisStorageManager.open(location, Map.of("timeoutMillis", "4000"))) {
                    synchronized (acked) {
                        for (String id : ids) {
                            SizedContainerTimeSeries actual = reader.get(id);
                            Set<Integer> rounds = new HashSet<>();
                            for (int i = 0; i < actual.size(); i++) {
                                int round = (int) actual.time(i);
                                assertEquals(round, actual.value(i), 0.0, id + " point " + i);
                                assertTrue(acked.contains(round) || unsure.contains(round),
                                        id + " holds round " + round + ", never written");
                                rounds.add(round);
                            }
                            assertEquals(actual.size(), rounds.size(), id + " holds no round twice");
                            assertTrue(rounds.containsAll(acked), id + " lost acknowledged rounds: "
                                    + acked.stream().filter(r -> !rounds.contains(r)).toList());
                        }
                        assertTrue(reader.verify().isClean());
                    }
                    assertTrue(acks.get() >= acksAtKill + 20, "replicated appends resumed after the failover: "
                            + acksAtKill + " acks at the kill, " + acks + " in all");
                }
                System.out.println("failover of appends: " + acksAtKill + " acknowledged rounds before the kill, "
                        + acks + " in all, " + unsure.size() + " failed");
            }
        }
    }
}
