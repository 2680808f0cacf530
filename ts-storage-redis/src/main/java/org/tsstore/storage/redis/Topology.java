package org.tsstore.storage.redis;

import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.tsstore.api.StorageException;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisCredentials;
import redis.clients.jedis.exceptions.JedisClusterException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisRedirectionException;

/**
 * Where keys live, and how an operation reaches them: the one server of a standalone deployment, or the
 * master that serves a key's slot in a cluster. An operation runs on one connection to one master (the
 * chunk writes, the pointer switch and the {@code WAIT} of a store must). Where the deployment can heal
 * (a cluster failing over or moving slots) a failed operation is run again after re-reading the slot map,
 * until {@code timeoutMillis} have passed; every operation of the store is safe to repeat. The last
 * failure becomes a {@link StorageException} naming the node.
 */
abstract class Topology implements AutoCloseable {

    private final RedisSettings settings;
    private final int timeoutMillis;

    Topology(RedisSettings settings) {
        this.settings = settings;
        this.timeoutMillis = settings.timeoutMillis();
    }

    /**
     * Connects to the deployment a location names, logging in and speaking TLS as the settings say, and
     * checks that a master answers.
     *
     * @throws StorageException naming the nodes if none answers, or saying in plain words why the server
     *     refused the credentials or the TLS handshake failed
     */
    static Topology open(RedisSettings settings) {
        int timeout = settings.timeoutMillis();
        JedisClientConfig config = clientConfig(settings);
        Topology topology;
        try {
            topology = settings.cluster()
                    ? new ClusterTopology(settings, config)
                    : new StandaloneTopology(settings, config);
        } catch (JedisException e) {
            String plain = RedisFailures.explain(e, settings, true);
            throw new StorageException("cannot open " + settings.location() + ": " + (plain != null ? plain
                    : "no node of " + settings.nodes() + " answered: " + describe(e, timeout)), e);
        }
        try (Jedis node = topology.connect(topology.masters().get(0))) {
            node.ping();
        } catch (JedisException | IndexOutOfBoundsException e) {
            topology.close();
            String plain = RedisFailures.explain(e, settings, true);
            throw new StorageException("cannot open " + settings.location() + ": " + (plain != null ? plain
                    : topology.describe() + " does not answer: " + describe(e, timeout)), e);
        }
        return topology;
    }

    /**
     * How every connection is made: timeouts, database, credentials, TLS. TLS goes through a socket factory
     * built once at open rather than Jedis' newer {@code SslOptions}, which reads the stores again for every
     * connection and keeps their passwords for the life of the client.
     */
    @SuppressWarnings("deprecation")
    static JedisClientConfig clientConfig(RedisSettings settings) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .timeoutMillis(settings.timeoutMillis())
                .database(settings.database())
                .clientName("tsstore")
                // no CLIENT SETINFO (Redis 7.2 and later): one command fewer for the ACL to grant, the same
                // ACL line for Redis 7.0 (which has no such command) and later
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        RedisCredentials credentials = settings.auth().credentials();
        if (credentials != null) {
            config.credentials(credentials);
        }
        RedisTls tls = settings.tls();
        if (tls.enabled()) {
            config.ssl(true).sslSocketFactory(tls.socketFactory()).sslParameters(tls.parameters());
        }
        return config.build();
    }

    /** The address ({@code host:port}) of the node that serves a key, for messages. */
    abstract String addressOf(byte[] key);

    /**
     * A connection to the master that serves a key; closing it returns it to its pool.
     *
     * @throws JedisException if the node cannot be reached
     */
    abstract Jedis connect(byte[] key);

    /** The addresses of every master, for SCAN; asks the deployment, so it is current. */
    abstract List<String> masters();

    /**
     * A connection to one master, by address.
     *
     * @throws JedisException if the node cannot be reached
     */
    abstract Jedis connect(String address);

    /** Whether a failed command may succeed on retry after {@link #refresh} (a cluster failing over). */
    abstract boolean retries();

    /** Re-learns which node serves which slot, after a redirection or a lost node. */
    abstract void refresh();

    /** What this connects to, for messages. */
    abstract String describe();

    @Override
    public abstract void close();

    /**
     * Runs an operation on one connection to the master of a key, again while the deployment heals.
     *
     * @param key the key whose master runs it
     * @param operation what it is, for the message, for example {@code get of series "a"}
     * @param body the operation; a {@link StorageException} it throws passes through unchanged
     * @return what the body returned
     * @throws StorageException naming the node, if the last attempt failed in Redis or on the way
     */
    final <T> T call(byte[] key, String operation, Function<Jedis, T> body) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        for (int attempt = 0;; attempt++) {
            String address = addressOf(key);
            try (Jedis jedis = connect(key)) {
                return body.apply(jedis);
            } catch (JedisException e) {
                giveUpOrWait(e, deadline, attempt, operation + " failed on redis node " + address);
            }
        }
    }

    /**
     * Runs an operation on one connection to each of several masters at once, so that it can send to every
     * one before reading any reply; again, on fresh connections, while the deployment heals. Should the body
     * fail, every connection is dropped rather than pooled, since replies may still be unread on it.
     *
     * @param keys a key of each master, in the order of the connections the body gets
     * @param operation what it is, for the message
     * @param body the operation; a {@link StorageException} it throws passes through unchanged
     * @throws StorageException naming the nodes, if the last attempt failed in Redis or on the way
     */
    final void callEach(List<byte[]> keys, String operation, Consumer<List<Jedis>> body) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        for (int attempt = 0;; attempt++) {
            List<Jedis> connections = new ArrayList<>(keys.size());
            List<String> addresses = new ArrayList<>(keys.size());
            boolean failed = true;
            try {
                for (byte[] key : keys) {
                    addresses.add(addressOf(key));
                    connections.add(connect(key));
                }
                body.accept(connections);
                failed = false;
                return;
            } catch (JedisException e) {
                giveUpOrWait(e, deadline, attempt, operation + " failed on redis nodes " + addresses);
            } finally {
                for (Jedis jedis : connections) {
                    if (failed) {
                        jedis.getConnection().setBroken();
                    }
                    jedis.close();
                }
            }
        }
    }

    /**
     * Runs an operation on every master in turn, starting over (with a fresh result) while the deployment
     * heals.
     *
     * @param operation what it is, for the message
     * @param start a fresh, empty result
     * @param each adds what one master holds to the result
     * @return the result, once every master added to it in one attempt
     * @throws StorageException naming the node, if the last attempt failed in Redis or on the way
     */
    final <T> T everyMaster(String operation, Supplier<T> start, BiConsumer<Jedis, T> each) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        for (int attempt = 0;; attempt++) {
            String address = describe();
            try {
                T result = start.get();
                for (String master : masters()) {
                    address = master;
                    try (Jedis jedis = connect(master)) {
                        each.accept(jedis, result);
                    }
                }
                return result;
            } catch (JedisException e) {
                giveUpOrWait(e, deadline, attempt, operation + " failed on " + address);
            }
        }
    }

    private void giveUpOrWait(JedisException e, long deadline, int attempt, String failure) {
        if (!retries() || !retryable(e) || System.nanoTime() > deadline) {
            throw new StorageException(failure + ": " + explain(e), e);
        }
        refresh();
        pause(attempt);
    }

    /** Whether a failure is one a healing cluster stops giving: a lost node, a moved slot, a failover. */
    static boolean retryable(JedisException e) {
        if (e instanceof JedisConnectionException || e instanceof JedisRedirectionException
                || e instanceof JedisClusterException) {
            return true;
        }
        if (e instanceof JedisDataException) {
            String m = String.valueOf(e.getMessage());
            return m.startsWith("CLUSTERDOWN") || m.startsWith("TRYAGAIN") || m.startsWith("LOADING")
                    || m.startsWith("READONLY") || m.startsWith("MASTERDOWN");
        }
        // JedisClusterOperationException and the like: no node known for the slot yet
        return true;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(500, 20L << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for the redis cluster to recover", e);
        }
    }

    /**
     * A failure in words: refused credentials or rights and TLS failures as {@link RedisFailures} says
     * them, anything else as {@link #describe(Exception, int)} does.
     */
    String explain(JedisException e) {
        String plain = RedisFailures.explain(e, settings, false);
        return plain != null ? plain : describe(e, timeoutMillis);
    }

    /** A failure in words: a timeout with its length, a redirection with its target, else the root cause. */
    static String describe(Exception e, int timeoutMillis) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return "timed out after " + timeoutMillis + " ms (" + t.getMessage() + ")";
            }
        }
        if (e instanceof JedisRedirectionException r) {
            HostAndPort target = r.getTargetNode();
            return "redirected to " + target + " for slot " + r.getSlot() + " (" + e.getMessage() + ")";
        }
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable root = e.getCause();
        while (root != null && root.getCause() != null) {
            root = root.getCause();
        }
        if (root != null && root.getMessage() != null && !message.toString().contains(root.getMessage())) {
            message.append(" (").append(root.getMessage()).append(')');
        }
        return message.toString();
    }
}
