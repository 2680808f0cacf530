package org.tsstore.storage.redis;

import java.util.List;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * One server reached through connections that run a hook before every flush (every command, or pipeline,
 * sent and then awaited flushes once): for counting round trips, or for changing the server between two
 * phases of a batch.
 */
class FlushHookTopology extends Topology {

    private final HostAndPort node;
    private volatile Runnable beforeFlush = () -> {};

    FlushHookTopology(RedisSettings settings) {
        super(settings);
        this.node = settings.nodes().iterator().next();
    }

    /** Runs {@code hook} before each later flush of every connection, on the flushing thread. */
    void beforeFlush(Runnable hook) {
        this.beforeFlush = hook;
    }

    @Override
    String addressOf(byte[] key) {
        return node.toString();
    }

    @Override
    Jedis connect(byte[] key) {
        return new Jedis(new Connection(node) {
            @Override
            protected void flush() {
                beforeFlush.run();
                super.flush();
            }
        });
    }

    @Override
    List<String> masters() {
        return List.of(node.toString());
    }

    @Override
    Jedis connect(String address) {
        return connect(new byte[0]);
    }

    @Override
    boolean retries() {
        return false;
    }

    @Override
    void refresh() {}

    @Override
    String describe() {
        return "hooked " + node;
    }

    @Override
    public void close() {}
}
