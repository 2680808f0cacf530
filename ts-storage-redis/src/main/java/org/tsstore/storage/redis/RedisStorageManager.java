package org.tsstore.storage.redis;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.RequestRules;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.backend.BatchCopies;
import org.tsstore.core.backend.IdSnapshot;
import redis.clients.jedis.Jedis;

/**
 * Series stored on a Redis server ({@code redis://host:port/db}, over TLS {@code rediss://host:port/db}) or
 * a Redis Cluster ({@code redis-cluster://host1:port1,host2:port2}), shared by every process that opens the same location
 * and prefix. An overwrite or an append is atomic: readers see the series before it or after it, never a
 * mix, and a writer that dies half-way leaves nothing visible. An append writes only the new points, a
 * range read fetches only the chunks that overlap the range, and batches are pipelined per master (see
 * the package documentation for the layout).
 *
 * <p>Options (in the URI query or the options map):
 * <ul>
 *   <li>{@code prefix}: key namespace, so several stores share one deployment (default {@code tsstore};
 *       letters, digits and {@code . _ / -});
 *   <li>{@code chunkBytes}: chunk size for writes (default 4 MiB, at most 512 MiB, Redis' largest
 *       string); readers follow whatever size the writer used;
 *   <li>{@code durability}: {@code os} (default) returns once the master applied a write;
 *       {@code replicated} also waits ({@code WAIT}) until {@code replicas} replicas (default 1) have it,
 *       so it survives a failover. Disk durability is the servers' own setting ({@code appendonly},
 *       {@code appendfsync}); {@link #flush()} adds nothing to it;
 *   <li>{@code timeoutMillis}: socket timeout (default 5000); on a cluster also how long an operation
 *       keeps retrying while slots move or a replica takes over;
 *   <li>{@code codec}: {@code raw} (default) writes chunks of (time, value) float64 pairs,
 *       {@code compressed} chunks of ts-codec blocks (lossless, each block checksummed). It applies to new
 *       series and overwrites; an append keeps the series' codec. Every pointer names its series' codec,
 *       so a store reads both whatever its option: a namespace can move to compression series by series;
 *   <li>{@code user}, {@code passwordFile} (a file holding the password; a trailing line break is not part
 *       of it), {@code passwordEnv} (the name of an environment variable holding it): the ACL user and
 *       its password, read once at open, so that no password need sit in a location. The location may
 *       carry them instead ({@code redis://user:password@host}, {@code redis://:password@host} for the
 *       {@code default} user, percent-encoded); a password or user given both ways is refused. Every node
 *       of a cluster takes the same credentials;
 *   <li>{@code tls=true} (implied by {@code rediss:}): TLS, the server verified against the JVM's trust
 *       store ({@code javax.net.ssl.trustStore}, else the JDK's) or the one {@code trustStore} names
 *       (PKCS12, JKS or PEM certificates; its password, if needed, from {@code trustStorePasswordFile} or
 *       {@code trustStorePasswordEnv}), and its certificate must name the host connected to; a client
 *       certificate for mutual TLS comes from the PKCS12 or JKS store {@code keyStore}
 *       ({@code keyStorePasswordFile}, {@code keyStorePasswordEnv}). {@code verifyHostname=false} turns
 *       off the host name check, which lets anyone on the network path pose as the server: unsafe.
 * </ul>
 *
 * <p>No password appears in a message, a log line, {@link #toString()} or {@link #location()}: locations
 * show it as {@code ***}. A refused login says so in one sentence ("the Redis server refused user ts:
 * wrong password or no such user"), a missing ACL right names the command or key Redis refused, and a
 * failed TLS handshake says whether the certificate was not trusted, named another host, or the server
 * spoke no TLS; each is a {@link StorageException} and leaves nothing stored. The commands and keys the
 * backend needs, as an ACL line, are in the module's README.
 *
 * <p>Failures name the node: a refused connection, a timeout or an unresolved redirection becomes a
 * {@link StorageException} naming {@code host:port}. One case differs from the interface's general
 * promise that a failed store leaves the previous series: with {@code durability=replicated}, a store
 * whose {@code WAIT} falls short throws, yet its series is already the current one on the master (Redis
 * has no way to take a write back); it is whole, never a mix, but may be lost if that master fails.
 * Thread-safe.
 */
public final class RedisStorageManager implements StorageManager {

    private static final System.Logger LOG = System.getLogger(RedisStorageManager.class.getName());

    /** Chunks not yet committed expire after this, should the writer die. */
    static final long PENDING_TTL_MILLIS = ChunkedWriter.PENDING_TTL_MILLIS;

    private final RedisSettings settings;
    private final SeriesKeys keys;
    private final Topology topology;
    private final ChunkedWriter writer;
    private final ChunkedReader reader;
    private final BatchWriter batches;
    private volatile boolean closed;

    private RedisStorageManager(RedisSettings settings, Topology topology) {
        this.settings = settings;
        this.keys = new SeriesKeys(settings.prefix());
        this.topology = topology;
        this.reader = new ChunkedReader(keys, topology);
        this.writer = new ChunkedWriter(keys, topology, settings, reader, new SecureRandom());
        this.batches = new BatchWriter(keys, topology, writer, settings);
    }

    /**
     * Opens the store at a {@code redis:} or {@code redis-cluster:} location, checking that the server
     * (or a seed node of the cluster) answers.
     *
     * @param location {@code redis://host:port/db}, {@code rediss://host:port/db} or
     *     {@code redis-cluster://host:port,host:port}, with user information and options in the query
     *     string if wished
     * @param options further options ({@code prefix}, {@code chunkBytes}, {@code durability},
     *     {@code replicas}, {@code timeoutMillis}, {@code user}, {@code passwordFile}, {@code passwordEnv},
     *     {@code tls}, {@code trustStore} and the rest of the list above)
     * @return the open manager, which the caller closes
     * @throws IllegalArgumentException if the location or an option is malformed or unknown, or a file an
     *     option names (a password file, a trust or key store) is missing or unreadable; the message names
     *     the option and the file, never a secret
     * @throws StorageException if the server refuses the credentials or the ACL rights the backend needs,
     *     or the TLS handshake fails, saying which in plain words
     * @throws StorageException naming the node if it cannot be reached, or naming the namespace marker key
     *     ({@code prefix:meta}, written by the first open of a prefix) if it is damaged or of another layout
     */
    public static RedisStorageManager open(URI location, Map<String, String> options) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(options, "options");
        return open(RedisSettings.parse(location, options));
    }

    /**
     * Opens the store at a location whose query string carries any options.
     *
     * @param location {@code redis://host:port/db} or {@code redis-cluster://host:port,host:port}
     * @return the open manager
     * @see #open(URI, Map)
     */
    public static RedisStorageManager open(URI location) {
        return open(location, Map.of());
    }

    /** Opens the store with settings already checked. */
    static RedisStorageManager open(RedisSettings settings) {
        if (settings.tls().enabled() && !settings.tls().verifyHostname()) {
            LOG.log(System.Logger.Level.WARNING, () -> "host name verification is off for " + settings.location()
                    + " (verifyHostname=false): anyone on the network path can pose as the server");
        }
        Topology topology = Topology.open(settings);
        RedisStorageManager store = new RedisStorageManager(settings, topology);
        try {
            NamespaceMarker.claimNamespace(topology, store.keys, settings);
        } catch (RuntimeException e) {
            topology.close();
            throw e;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "opened " + settings.location() + ", prefix " + settings.prefix()
                + ", " + settings.auth() + ", " + settings.tls());
        return store;
    }

    /**
     * The location this store was opened at, as messages show it.
     *
     * @return the location as given, but with any password in it replaced by {@code ***}
     */
    public URI location() {
        return settings.location();
    }

    @Override
    public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
        ensureOpen();
        SeriesIds.check(id);
        Objects.requireNonNull(series, () -> "series for id " + SeriesIds.quote(id));
        ArrayTimeSeries copy = copy(id, series);
        call(id, "store", jedis -> {
            writer.store(jedis, id, copy);
            return null;
        });
        return copy;
    }

    /**
     * Writes only the new points: they extend the last chunk in place (up to the chunk size) and fill
     * new chunks, and one script switches the pointer if it still holds the value whose last time the
     * points were checked against.
     */
    @Override
    public int append(String id, SizedContainerTimeSeries points) {
        ensureOpen();
        SeriesIds.check(id);
        Objects.requireNonNull(points, () -> "points to append to " + SeriesIds.quote(id) + " are null");
        ArrayTimeSeries copy = copy(id, points);
        if (copy.isEmpty()) {
            return call(id, "size", jedis -> {
                try {
                    return reader.pointer(jedis, id).points();
                } catch (NoSuchSeriesException e) {
                    return 0; // an empty append creates nothing
                }
            });
        }
        long token = writer.newToken();
        return call(id, "append", jedis -> writer.append(jedis, id, copy, token));
    }

    /**
     * Stores the series pipelined, one round trip per master and phase and one {@code WAIT} per master
     * under {@code durability=replicated}. Each series is replaced atomically; the batch is not atomic:
     * a failure part-way may leave some series replaced and others not.
     */
    @Override
    public void storeAll(Map<String, ? extends SizedContainerTimeSeries> series) {
        ensureOpen();
        batches.storeAll(BatchCopies.of(series, "store"));
    }

    /**
     * Appends pipelined, as {@link #storeAll} stores: every pointer is read and every entry checked
     * before anything is written. Each series' append is atomic, the batch is not; should another writer
     * change a series between that check and the commit, its append is checked again alone and may then
     * be refused after others were made.
     */
    @Override
    public void appendAll(Map<String, ? extends SizedContainerTimeSeries> points) {
        ensureOpen();
        Map<String, ArrayTimeSeries> copies = BatchCopies.of(points, "append");
        copies.values().removeIf(ArrayTimeSeries::isEmpty);
        batches.appendAll(copies);
    }

    private static ArrayTimeSeries copy(String id, SizedContainerTimeSeries series) {
        try {
            return ArrayTimeSeries.copyOf(series);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("series for id " + SeriesIds.quote(id) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int size(String id) {
        ensureOpen();
        SeriesIds.check(id);
        return call(id, "size", jedis -> reader.pointer(jedis, id).points());
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        ensureOpen();
        SeriesIds.check(id);
        return call(id, "get", jedis -> reader.read(jedis, id));
    }

    /** Reads the pointer, then only the chunks whose time bounds overlap the range. */
    @Override
    public SizedContainerTimeSeries get(String id, double fromTime, double toTime) {
        ensureOpen();
        SeriesIds.check(id);
        RequestRules.checkRange(id, fromTime, toTime);
        return call(id, "get", jedis -> reader.read(jedis, id, fromTime, toTime));
    }

    @Override
    public boolean contains(String id) {
        ensureOpen();
        SeriesIds.check(id);
        byte[] pointerKey = keys.pointer(id);
        return call(id, "contains", jedis -> jedis.exists(pointerKey));
    }

    @Override
    public boolean delete(String id) {
        ensureOpen();
        SeriesIds.check(id);
        return call(id, "delete", jedis -> writer.delete(jedis, id));
    }

    @Override
    public Set<String> ids() {
        ensureOpen();
        Set<String> ids = topology.everyMaster("listing the ids of " + topology.describe(), HashSet::new,
                reader::addIds);
        return IdSnapshot.of(ids);
    }

    @Override
    public String newId() {
        ensureOpen();
        while (true) {
            String id = UUID.randomUUID().toString();
            if (!contains(id)) {
                return id;
            }
        }
    }

    /**
     * Does nothing more: every {@code store}, {@code append}, batch and {@code delete} has already returned at the configured
     * durability (with {@code durability=replicated}, after {@code WAIT}). Whether writes reach disk is
     * the servers' persistence setting ({@code appendonly yes}, {@code appendfsync always}).
     */
    @Override
    public void flush() {
        ensureOpen();
    }

    /**
     * Reads every series and checks its pointer, chunk lengths, chunk checksums and payload checksum, as
     * {@code get} does; each damaged one is reported with the node and the damaged key (a chunk's when a
     * chunk is at fault, else the pointer's).
     */
    @Override
    public IntegrityReport verify() {
        ensureOpen();
        IntegrityReport.Builder report = IntegrityReport.builder();
        for (String id : ids()) {
            byte[] pointerKey = keys.pointer(id);
            try {
                report.checked(16L * get(id).size());
            } catch (NoSuchSeriesException e) {
                // deleted since the ids were listed
            } catch (DamagedKeyException e) {
                report.damaged(new IntegrityReport.Damage(id, e.location(), e.getMessage()));
            } catch (StorageException e) {
                report.damaged(new IntegrityReport.Damage(id, topology.addressOf(pointerKey) + " "
                        + new String(pointerKey, StandardCharsets.UTF_8), e.getMessage()));
            }
        }
        return report.build();
    }

    /**
     * Does nothing more: an overwrite or delete already unlinked the chunks it replaced, and chunks of a
     * write that never committed expire by themselves.
     */
    @Override
    public void compact() {
        ensureOpen();
    }

    /** The address of the master that holds a series now; for tests that fail that master. */
    String nodeOf(String id) {
        return topology.addressOf(keys.pointer(id));
    }

    /** The address of the master that holds the namespace marker now. */
    String nodeOfMarker() {
        return topology.addressOf(keys.marker());
    }

    /** The keys this store uses. */
    SeriesKeys keys() {
        return keys;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            topology.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("redis store " + settings.location() + " is closed");
        }
    }

    /** Runs one operation on a series on the master of its pointer key, as {@link Topology#call} does. */
    private <T> T call(String id, String what, Function<Jedis, T> operation) {
        return topology.call(keys.pointer(id), what + " of series " + SeriesIds.quote(id), operation);
    }

    @Override
    public String toString() {
        return "RedisStorageManager[" + settings.location() + ", prefix " + settings.prefix() + "]";
    }
}
