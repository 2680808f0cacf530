package org.tsstore.storage.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster: Jedis' slot cache says which master serves a key's slot; {@link #refresh} re-reads
 * it from the cluster after a redirection or a failover.
 */
final class ClusterTopology extends Topology {

    private final Set<HostAndPort> seeds;
    private final ClusterConnectionProvider provider;

    ClusterTopology(RedisSettings settings, JedisClientConfig config) {
        super(settings);
        this.seeds = Set.copyOf(settings.nodes());
        this.provider = new ClusterConnectionProvider(seeds, config);
    }

    @Override
    String addressOf(byte[] key) {
        HostAndPort node = provider.getNode(JedisClusterCRC16.getSlot(key));
        return node == null ? "(no node serves slot " + JedisClusterCRC16.getSlot(key) + ")" : node.toString();
    }

    @Override
    Jedis connect(byte[] key) {
        return new Jedis(provider.getConnectionFromSlot(JedisClusterCRC16.getSlot(key)));
    }

    @Override
    List<String> masters() {
        JedisException last = null;
        for (String address : provider.getNodes().keySet()) {
            try (Jedis node = connect(address)) {
                List<String> masters = new ArrayList<>();
                for (String line : node.clusterNodes().split("\n")) {
                    String[] f = line.trim().split(" ");
                    // id address flags master ping pong epoch link-state slots...
                    if (f.length > 8 && f[2].contains("master") && !f[2].contains("fail")) {
                        String hostPort = f[1].split("@")[0];
                        masters.add(hostPort);
                    }
                }
                return masters;
            } catch (JedisException e) {
                last = e;
            }
        }
        throw new JedisConnectionException("no node of the cluster answered CLUSTER NODES", last);
    }

    @Override
    Jedis connect(String address) {
        ConnectionPool pool = provider.getNodes().get(address);
        if (pool == null) {
            return new Jedis(provider.getConnection(HostAndPort.from(address)));
        }
        return new Jedis(pool.getResource());
    }

    @Override
    boolean retries() {
        return true;
    }

    @Override
    void refresh() {
        try {
            provider.renewSlotCache();
        } catch (JedisException e) {
            // every known node failed; the retry that follows reports the node it cannot reach
        }
    }

    @Override
    String describe() {
        return "redis cluster " + seeds;
    }

    @Override
    public void close() {
        provider.close();
    }
}
