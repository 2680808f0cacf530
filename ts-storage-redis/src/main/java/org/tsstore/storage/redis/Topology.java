package org.tsstore.storage.redis;

import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * Where keys live: the one server of a standalone deployment, or the master that serves a key's slot
 * in a cluster. Hands out connections to the right node, so that every command of one operation (the
 * chunk writes, the pointer switch, the WAIT) runs on one connection to one master.
 */
interface Topology extends AutoCloseable {

    /** The address ({@code host:port}) of the node that serves a key, for messages. */
    String addressOf(byte[] key);

    /**
     * A connection to the master that serves a key; closing it returns it to its pool.
     *
     * @throws redis.clients.jedis.exceptions.JedisException if the node cannot be reached
     */
    Jedis connect(byte[] key);

    /** The addresses of every master, for SCAN; asks the deployment, so it is current. */
    List<String> masters();

    /**
     * A connection to one master, by address.
     *
     * @throws redis.clients.jedis.exceptions.JedisException if the node cannot be reached
     */
    Jedis connect(String address);

    /** Whether a failed command may succeed on retry after {@link #refresh} (a cluster failing over). */
    boolean retries();

    /** Re-learns which node serves which slot, after a redirection or a lost node. */
    void refresh();

    /** What this connects to, for messages. */
    String describe();

    @Override
    void close();
}
