package org.tsstore.storage.redis;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tsstore.api.spi.StorageOptions;
import redis.clients.jedis.HostAndPort;

/**
 * Everything {@link RedisStorageManager#open} reads from a location and its options, checked once.
 *
 * @param location the location as given
 * @param cluster whether it names a cluster ({@code redis-cluster:}) rather than one server
 * @param nodes the server, or the cluster's seed nodes
 * @param database the database number of a standalone server
 * @param prefix the key namespace
 * @param chunkBytes the chunk size for new writes
 * @param durability when writes return
 * @param replicas how many replicas {@code WAIT} waits for under {@link RedisDurability#REPLICATED}
 * @param timeoutMillis socket timeout, and the time a cluster operation keeps retrying a failover
 */
record RedisSettings(URI location, boolean cluster, Set<HostAndPort> nodes, int database, String prefix,
        int chunkBytes, RedisDurability durability, int replicas, int timeoutMillis) {

    static final String PREFIX = "prefix";
    static final String CHUNK_BYTES = "chunkBytes";
    static final String DURABILITY = "durability";
    static final String REPLICAS = "replicas";
    static final String TIMEOUT_MILLIS = "timeoutMillis";
    static final Set<String> OPTIONS = Set.of(PREFIX, CHUNK_BYTES, DURABILITY, REPLICAS, TIMEOUT_MILLIS);

    static final int DEFAULT_PORT = 6379;
    static final int DEFAULT_CHUNK_BYTES = 4 << 20;
    /** Redis refuses longer strings by default ({@code proto-max-bulk-len}). */
    static final int MAX_CHUNK_BYTES = 512 << 20;

    RedisSettings {
        nodes = Set.copyOf(nodes);
    }

    /**
     * Reads a location and the options given beside it.
     *
     * @throws IllegalArgumentException naming what is malformed or unknown
     */
    static RedisSettings parse(URI location, Map<String, String> options) {
        checkScheme(location);
        return parse(location, StorageOptions.of(location, options, OPTIONS));
    }

    /**
     * Reads a location whose options (from its query and beside it) are already gathered.
     *
     * @throws IllegalArgumentException naming what is malformed
     */
    static RedisSettings parse(URI location, StorageOptions o) {
        String scheme = checkScheme(location);
        boolean cluster = scheme.equals("redis-cluster");
        String authority = location.getRawAuthority();
        checkArgument(authority != null && !authority.isEmpty(),
                "location %s names no host; write %s://host:port%s", location, scheme, cluster ? ",host:port" : "/0");
        checkArgument(!authority.contains("@"), "location %s carries credentials, which this backend does not take",
                location);
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        for (String part : authority.split(",")) {
            nodes.add(node(location, part.trim()));
        }
        checkArgument(cluster || nodes.size() == 1, "location %s names several servers; use redis-cluster: for a"
                + " cluster", location);
        int database = 0;
        String path = location.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            checkArgument(!cluster, "location %s names a database; a cluster has only database 0", location);
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("location " + location + " names database " + path.substring(1)
                        + "; it must be a number such as /0", e);
            }
            checkArgument(database >= 0, "location %s names a negative database", location);
        }
        String prefix = SeriesKeys.checkPrefix(o.getString(PREFIX, "tsstore"));
        int chunkBytes = (int) o.getBytes(CHUNK_BYTES, DEFAULT_CHUNK_BYTES, 16, MAX_CHUNK_BYTES);
        RedisDurability durability = o.getEnum(DURABILITY, RedisDurability.class, RedisDurability.OS);
        int replicas = (int) o.getLong(REPLICAS, 1, 1, 1000);
        checkArgument(durability == RedisDurability.REPLICATED || !o.has(REPLICAS),
                "option replicas=%s only applies with durability=replicated", o.getString(REPLICAS, ""));
        int timeoutMillis = (int) o.getLong(TIMEOUT_MILLIS, 5000, 10, 3_600_000);
        return new RedisSettings(location, cluster, nodes, database, prefix, chunkBytes, durability, replicas,
                timeoutMillis);
    }

    private static String checkScheme(URI location) {
        String scheme = location.getScheme() == null ? "" : location.getScheme().toLowerCase(Locale.ROOT);
        checkArgument(scheme.equals("redis") || scheme.equals("redis-cluster"),
                "location %s is not a redis: or redis-cluster: URI", location);
        return scheme;
    }

    private static HostAndPort node(URI location, String hostPort) {
        checkArgument(!hostPort.isEmpty(), "location %s has an empty host", location);
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.endsWith("]")) {
            return new HostAndPort(unbracket(hostPort), DEFAULT_PORT);
        }
        String host = unbracket(hostPort.substring(0, colon));
        checkArgument(!host.isEmpty(), "location %s has an empty host in %s", location, hostPort);
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("location " + location + " has a bad port in " + hostPort, e);
        }
        checkArgument(port > 0 && port < 65536, "location %s has port %s out of range", location, port);
        return new HostAndPort(host, port);
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
