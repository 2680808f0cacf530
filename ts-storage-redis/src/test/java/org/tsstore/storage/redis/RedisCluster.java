package org.tsstore.storage.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/** Six redis-server processes joined by redis-cli into a cluster of 3 masters with 1 replica each. */
final class RedisCluster implements AutoCloseable {

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = new java.util.concurrent.CopyOnWriteArrayList<>(nodes);
    }

    static RedisCluster start(Path parent) {
        return start(parent, ServerSecurity.NONE);
    }

    /** Six nodes secured alike: over TLS, the cluster bus and replication speak TLS too. */
    static RedisCluster start(Path parent, ServerSecurity security) {
        List<RedisServer> nodes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            nodes.add(RedisServer.start(parent, true, security));
        }
        RedisCluster cluster = new RedisCluster(nodes);
        List<String> command = new ArrayList<>(List.of(RedisRequirement.cli().toString()));
        command.addAll(security.cliArguments());
        command.addAll(List.of("--cluster", "create"));
        nodes.forEach(n -> command.add(n.address()));
        command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        try {
            Process create = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        cluster.awaitHealthy(30);
        return cluster;
    }

    /** Waits until every live node says cluster_state:ok, knows every node, and every replica is in sync. */
    void awaitHealthy(int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                if (healthy()) {
                    return;
                }
                last = describe();
            } catch (JedisException e) {
                last = e.toString();
            }
            RedisServer.sleep(100);
        }
        throw new IllegalStateException("cluster not healthy within " + seconds + " s: " + last);
    }

    private boolean healthy() {
        int live = 0;
        for (RedisServer node : nodes) {
            if (!node.isAlive()) {
                continue;
            }
            live++;
            try (Jedis jedis = node.client()) {
                String info = jedis.clusterInfo();
                if (!info.contains("cluster_state:ok")) {
                    return false;
                }
                String replication = jedis.info("replication");
                if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
                    return false;
                }
            }
        }
        // every live node agrees on the live masters serving slots
        for (RedisServer node : nodes) {
            if (node.isAlive()) {
                return mastersServingSlots(node).size() == 3 && live >= 3;
            }
        }
        return false;
    }

    /** The addresses of the masters that serve slots, as one node sees them, without failed ones. */
    static List<String> mastersServingSlots(RedisServer seenFrom) {
        try (Jedis jedis = seenFrom.client()) {
            List<String> masters = new ArrayList<>();
            for (String line : jedis.clusterNodes().split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length > 8 && f[2].contains("master") && !f[2].contains("fail")) {
                    masters.add(f[1].split("@")[0]);
                }
            }
            return masters;
        }
    }

    /** Waits until a live node sees {@code address} as a master no longer, the cluster healthy again. */
    void awaitFailover(String deadAddress, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                RedisServer observer = nodes.stream().filter(RedisServer::isAlive).findFirst().orElseThrow();
                List<String> masters = mastersServingSlots(observer);
                boolean ok;
                try (Jedis jedis = observer.client()) {
                    ok = jedis.clusterInfo().contains("cluster_state:ok");
                    last = jedis.clusterNodes();
                }
                if (ok && masters.size() == 3 && !masters.contains(deadAddress)) {
                    return;
                }
            } catch (JedisException e) {
                last = e.toString();
            }
            RedisServer.sleep(100);
        }
        throw new IllegalStateException("no replica took over from " + deadAddress + " within " + seconds + " s: "
                + last);
    }

    /** Restarts a killed node, which rejoins the cluster (as a replica, after a failover). */
    void restart(String address) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).address().equals(address)) {
                nodes.set(i, nodes.get(i).restart());
                return;
            }
        }
        throw new IllegalArgumentException("no node " + address);
    }

    Optional<RedisServer> node(String address) {
        return nodes.stream().filter(n -> n.address().equals(address)).findFirst();
    }

    /** A location naming two seed nodes. */
    String location() {
        return "redis-cluster://" + nodes.get(0).address() + "," + nodes.get(1).address();
    }

    List<RedisServer> nodes() {
        return nodes;
    }

    private String describe() {
        Map<String, String> states = new TreeMap<>();
        for (RedisServer node : nodes) {
            if (node.isAlive()) {
                try (Jedis jedis = node.client()) {
                    states.put(node.address(), jedis.clusterInfo().lines().filter(l -> l.startsWith("cluster_state"))
                            .collect(Collectors.joining()));
                }
            }
        }
        return states.toString();
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }
}
