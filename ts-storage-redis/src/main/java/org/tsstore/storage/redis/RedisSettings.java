package org.tsstore.storage.redis;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.tsstore.api.spi.StorageOptions;
import redis.clients.jedis.HostAndPort;

/**
 * Everything {@link RedisStorageManager#open} reads from a location and its options, checked once.
 *
 * <p>The location kept here is the one messages show: any password in it is replaced by {@code ***}
 * (see {@link RedisLocations#redact}). The password itself lives in {@link #auth()}, whose printed form
 * never holds it, and so does this record's.
 *
 * @param location the location as messages show it, without secrets
 * @param cluster whether it names a cluster ({@code redis-cluster:}) rather than one server
 * @param nodes the server, or the cluster's seed nodes
 * @param database the database number of a standalone server
 * @param prefix the key namespace
 * @param chunkBytes the chunk size for new writes
 * @param durability when writes return
 * @param replicas how many replicas {@code WAIT} waits for under {@link RedisDurability#REPLICATED}
 * @param timeoutMillis socket timeout, and the time a cluster operation keeps retrying a failover
 * @param auth who the store logs in as
 * @param tls whether and how connections use TLS
 * @param compressed whether new series are written as ts-codec blocks ({@code codec=compressed})
 */
record RedisSettings(URI location, boolean cluster, Set<HostAndPort> nodes, int database, String prefix,
        int chunkBytes, RedisDurability durability, int replicas, int timeoutMillis, RedisAuth auth, RedisTls tls,
        boolean compressed) {

    static final String PREFIX = "prefix";
    static final String CHUNK_BYTES = "chunkBytes";
    static final String DURABILITY = "durability";
    static final String REPLICAS = "replicas";
    static final String TIMEOUT_MILLIS = "timeoutMillis";
    static final String CODEC = "codec";

    /** The codecs of {@code codec}: how new series are written (every pointer names its own, so both read back). */
    enum Codec {
        /** (time, value) float64 pairs. */
        RAW,
        /** ts-codec blocks. */
        COMPRESSED
    }
    /** Every option name, for {@code optionNames()}: anything else is refused. */
    static final Set<String> OPTIONS = options();

    static final int DEFAULT_PORT = 6379;
    static final int DEFAULT_CHUNK_BYTES = 4 << 20;
    /** Redis refuses longer strings by default ({@code proto-max-bulk-len}). */
    static final int MAX_CHUNK_BYTES = 512 << 20;

    RedisSettings {
        nodes = Set.copyOf(nodes);
    }

    private static Set<String> options() {
        Set<String> names = new LinkedHashSet<>(List.of(PREFIX, CHUNK_BYTES, DURABILITY, REPLICAS, TIMEOUT_MILLIS, CODEC,
                RedisAuth.USER, RedisAuth.PASSWORD_FILE, RedisAuth.PASSWORD_ENV));
        names.addAll(RedisTls.OPTIONS);
        return Set.copyOf(names);
    }

    /**
     * Reads a location and the options given beside it; {@code passwordEnv} and the like read the process
     * environment.
     *
     * @throws IllegalArgumentException naming what is malformed or unknown, never a secret
     */
    static RedisSettings parse(URI location, Map<String, String> options) {
        return parse(location, options, System::getenv);
    }

    /**
     * Reads a location and the options given beside it, with the environment given (for tests).
     *
     * @throws IllegalArgumentException naming what is malformed or unknown, never a secret
     */
    static RedisSettings parse(URI location, Map<String, String> options, Function<String, String> env) {
        URI shown = RedisLocations.redact(location);
        checkScheme(location, shown);
        return parse(location, StorageOptions.of(shown, options, OPTIONS), env);
    }

    /**
     * Reads a location whose options (from its query and beside it) are already gathered.
     *
     * @param location the location as given, which may carry a password
     * @throws IllegalArgumentException naming what is malformed, never a secret
     */
    static RedisSettings parse(URI location, StorageOptions o, Function<String, String> env) {
        URI shown = RedisLocations.redact(location);
        String scheme = checkScheme(location, shown);
        boolean cluster = scheme.equals("redis-cluster");
        String authority = RedisLocations.hosts(location);
        checkArgument(authority != null && !authority.isEmpty(),
                "location %s names no host; write %s://host:port%s", shown, scheme, cluster ? ",host:port" : "/0");
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        for (String part : authority.split(",")) {
            nodes.add(node(shown, part.trim()));
        }
        checkArgument(cluster || nodes.size() == 1, "location %s names several servers; use redis-cluster: for a"
                + " cluster", shown);
        int database = 0;
        String path = location.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            checkArgument(!cluster, "location %s names a database; a cluster has only database 0", shown);
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("location " + shown + " names database " + path.substring(1)
                        + "; it must be a number such as /0", e);
            }
            checkArgument(database >= 0, "location %s names a negative database", shown);
        }
        String prefix = SeriesKeys.checkPrefix(o.getString(PREFIX, "tsstore"));
        int chunkBytes = (int) o.getBytes(CHUNK_BYTES, DEFAULT_CHUNK_BYTES, 16, MAX_CHUNK_BYTES);
        RedisDurability durability = o.getEnum(DURABILITY, RedisDurability.class, RedisDurability.OS);
        int replicas = (int) o.getLong(REPLICAS, 1, 1, 1000);
        checkArgument(durability == RedisDurability.REPLICATED || !o.has(REPLICAS),
                "option replicas=%s only applies with durability=replicated", o.getString(REPLICAS, ""));
        int timeoutMillis = (int) o.getLong(TIMEOUT_MILLIS, 5000, 10, 3_600_000);
        RedisAuth auth = RedisAuth.parse(location, shown, o, env);
        RedisTls tls = RedisTls.parse(scheme.equals("rediss"), o, env);
        boolean compressed = o.getEnum(CODEC, Codec.class, Codec.RAW) == Codec.COMPRESSED;
        return new RedisSettings(shown, cluster, nodes, database, prefix, chunkBytes, durability, replicas,
                timeoutMillis, auth, tls, compressed);
    }

    /** The location, the user and whether TLS is on; never a secret. */
    @Override
    public String toString() {
        return "RedisSettings[" + location + ", prefix " + prefix + ", " + auth + ", " + tls + "]";
    }

    private static String checkScheme(URI location, URI shown) {
        String scheme = location.getScheme() == null ? "" : location.getScheme().toLowerCase(Locale.ROOT);
        checkArgument(scheme.equals("redis") || scheme.equals("rediss") || scheme.equals("redis-cluster"),
                "location %s is not a redis:, rediss: or redis-cluster: URI", shown);
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
