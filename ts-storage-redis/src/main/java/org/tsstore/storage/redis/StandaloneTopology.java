package org.tsstore.storage.redis;

import java.util.List;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.providers.PooledConnectionProvider;

/** One Redis server (any database number): every key lives there. */
final class StandaloneTopology extends Topology {

    private final HostAndPort node;
    private final String address;
    private final PooledConnectionProvider pool;

    StandaloneTopology(RedisSettings settings, JedisClientConfig config) {
        super(settings);
        this.node = settings.nodes().iterator().next();
        this.address = node.toString();
        this.pool = new PooledConnectionProvider(node, config);
    }

    @Override
    String addressOf(byte[] key) {
        return address;
    }

    @Override
    Jedis connect(byte[] key) {
        return new Jedis(pool.getConnection());
    }

    @Override
    List<String> masters() {
        return List.of(address);
    }

    @Override
    Jedis connect(String address) {
        return new Jedis(pool.getConnection());
    }

    @Override
    boolean retries() {
        return false;
    }

    @Override
    void refresh() {}

    @Override
    String describe() {
        return "redis server " + node;
    }

    @Override
    public void close() {
        pool.close();
    }
}
