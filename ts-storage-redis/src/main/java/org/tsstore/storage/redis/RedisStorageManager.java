package org.tsstore.storage.redis;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.backend.IdSnapshot;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisClusterException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Series stored on a Redis server ({@code redis://host:port/db}) or a Redis Cluster
 * ({@code redis-cluster://host1:port1,host2:port2}), shared by every process that opens the same location
 * and prefix.
 *
 * <p>A series is a pointer key and a generation of chunk keys, all under one hash tag so that they share
 * a cluster slot (see the package documentation for the layout). A store writes a new generation of
 * chunks (set to expire), then one Lua script checks they are all there, keeps them, switches the pointer
 * and deletes the old generation, provided the pointer is still the one the writer saw (else it
 * retries). Readers see the old series or the new one, never a mix (a reader whose generation vanished
 * under it reads again), and a writer that dies half-way leaves only uncommitted chunks, which expire.
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
 *       keeps retrying while slots move or a replica takes over.
 * </ul>
 *
 * <p>Failures name the node: a refused connection, a timeout or an unresolved redirection becomes a
 * {@link StorageException} naming {@code host:port}. One case differs from the interface's general
 * promise that a failed store leaves the previous series: with {@code durability=replicated}, a store
 * whose {@code WAIT} falls short throws, yet its series is already the current one on the master (Redis
 * has no way to take a write back); it is whole, never a mix, but may be lost if that master fails.
 * Thread-safe.
 */
public final class RedisStorageManager implements StorageManager {

    /** Chunks of a generation not yet committed expire after this, should the writer die. */
    static final long PENDING_TTL_MILLIS = 6L * 60 * 60 * 1000;
    private static final int MAX_READ_ATTEMPTS = 100;
    private static final int MAX_SWITCH_ATTEMPTS = 100;
    private static final int MGET_BATCH = 512;
    private static final long PIPELINE_BYTES = 8L << 20;
    private static final long READ_BYTES = 16L << 20;
    private static final int PIPELINE_COMMANDS = 256;

    /**
     * KEYS[1] the pointer, KEYS[2..n+1] the new chunks, KEYS[n+2..] the chunks of the generation the
     * writer saw; ARGV[1] the new pointer value, ARGV[2] n, ARGV[3] the pointer value the writer saw (empty
     * for none). If the pointer changed since (a concurrent writer), returns 0 and the writer retries.
     * Otherwise checks every new chunk first, so that a chunk lost before the commit (expired, evicted)
     * leaves the old series in place; then keeps the new chunks, switches the pointer and unlinks the old
     * generation, returning 1. One script, so all of it or none: no moment shows a mix, and no crash of
     * the writer can strand a committed old generation.
     */
    private static final byte[] COMMIT = script("local n = tonumber(ARGV[2])\n"
            + "if (redis.call('GET', KEYS[1]) or '') ~= ARGV[3] then return 0 end\n"
            + "for i = 2, n + 1 do\n"
            + "  if redis.call('EXISTS', KEYS[i]) == 0 then\n"
            + "    return redis.error_reply('TSSTORE chunk ' .. KEYS[i] .. ' is missing at commit')\n"
            + "  end\n"
            + "end\n"
            + "for i = 2, n + 1 do redis.call('PERSIST', KEYS[i]) end\n"
            + "redis.call('SET', KEYS[1], ARGV[1])\n"
            + "for i = n + 2, #KEYS do redis.call('UNLINK', KEYS[i]) end\n"
            + "return 1\n");

    /**
     * KEYS[1] the pointer, KEYS[2..] the chunks of the generation the deleter saw; ARGV[1] the pointer
     * value it saw. Returns 0 if nothing is stored, -1 if the pointer changed since (retry), else removes
     * pointer and chunks at once and returns 1.
     */
    private static final byte[] DELETE = script("local current = redis.call('GET', KEYS[1])\n"
            + "if not current then return 0 end\n"
            + "if current ~= ARGV[1] then return -1 end\n"
            + "redis.call('DEL', KEYS[1])\n"
            + "for i = 2, #KEYS do redis.call('UNLINK', KEYS[i]) end\n"
            + "return 1\n");

    private static byte[] script(String source) {
        return source.getBytes(StandardCharsets.UTF_8);
    }

    private final RedisSettings settings;
    private final SeriesKeys keys;
    private final Topology topology;
    private final SecureRandom random = new SecureRandom();
    private volatile boolean closed;

    private RedisStorageManager(RedisSettings settings, Topology topology) {
        this.settings = settings;
        this.keys = new SeriesKeys(settings.prefix());
        this.topology = topology;
    }

    /**
     * Opens the store at a {@code redis:} or {@code redis-cluster:} location, checking that the server
     * (or a seed node of the cluster) answers.
     *
     * @param location {@code redis://host:port/db} or {@code redis-cluster://host:port,host:port}, with
     *     options in the query string if wished
     * @param options further options ({@code prefix}, {@code chunkBytes}, {@code durability},
     *     {@code replicas}, {@code timeoutMillis})
     * @return the open manager, which the caller closes
     * @throws IllegalArgumentException if the location or an option is malformed or unknown
     * @throws StorageException naming the node if it cannot be reached, or naming the namespace marker key
     *     ({@code prefix:meta}, written by the first open of a prefix) if it is damaged or of another layout
     */
    public static RedisStorageManager open(URI location, Map<String, String> options) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(options, "options");
        RedisSettings settings = RedisSettings.parse(location, options);
        JedisClientConfig config = DefaultJedisClientConfig.builder()
                .timeoutMillis(settings.timeoutMillis())
                .database(settings.database())
                .clientName("tsstore")
                .build();
        Topology topology;
        try {
            if (settings.cluster()) {
                topology = new ClusterTopology(settings.nodes(), config);
            } else {
                topology = new StandaloneTopology(settings.nodes().iterator().next(), config);
            }
        } catch (JedisException e) {
            throw new StorageException("cannot open " + location + ": no node of " + settings.nodes()
                    + " answered: " + describe(e, settings.timeoutMillis()), e);
        }
        try (Jedis node = topology.connect(topology.masters().get(0))) {
            node.ping();
        } catch (JedisException | IndexOutOfBoundsException e) {
            topology.close();
            throw new StorageException("cannot open " + location + ": " + topology.describe() + " does not answer: "
                    + describe(e, settings.timeoutMillis()), e);
        }
        RedisStorageManager store = new RedisStorageManager(settings, topology);
        try {
            store.claimNamespace();
        } catch (RuntimeException e) {
            topology.close();
            throw e;
        }
        return store;
    }

    /**
     * Writes the namespace marker if the prefix has none yet, else checks it: a prefix whose marker is
     * damaged or of another layout is refused rather than read.
     */
    private void claimNamespace() {
        byte[] markerKey = keys.marker();
        String name = new String(markerKey, StandardCharsets.UTF_8);
        byte[] value = callOn("namespace marker " + name, "open", markerKey, jedis -> {
            byte[] fresh = NamespaceMarker.encode();
            // Whoever opens first writes it; the marker never changes after, so a GET that follows a lost
            // SET NX sees the winner's (null only if someone deleted it meanwhile: then try again).
            for (int attempt = 0; attempt < MAX_SWITCH_ATTEMPTS; attempt++) {
                if ("OK".equals(jedis.set(markerKey, fresh, SetParams.setParams().nx()))) {
                    return fresh;
                }
                byte[] present = jedis.get(markerKey);
                if (present != null) {
                    return present;
                }
            }
            throw new StorageException("cannot open " + settings.location() + ": the namespace marker key " + name
                    + " at redis node " + topology.addressOf(markerKey) + " keeps vanishing");
        });
        try {
            NamespaceMarker.check(value);
        } catch (IllegalArgumentException e) {
            throw new StorageException("cannot open " + settings.location() + ": the namespace marker of prefix "
                    + settings.prefix() + " at redis node " + topology.addressOf(markerKey) + ", key " + name
                    + ", is damaged or foreign: " + e.getMessage() + "; if the keys under the prefix are known to"
                    + " be tsstore series of this version, delete that key to have it written again", e);
        }
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

    /**
     * The location this store was opened at.
     *
     * @return the location, as given
     */
    public URI location() {
        return settings.location();
    }

    @Override
    public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
        ensureOpen();
        SeriesIds.check(id);
        Objects.requireNonNull(series, () -> "series for id " + SeriesIds.quote(id));
        ArrayTimeSeries copy;
        try {
            copy = ArrayTimeSeries.copyOf(series);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("series for id " + SeriesIds.quote(id) + ": " + e.getMessage(), e);
        }
        byte[] pointerKey = keys.pointer(id);
        call(id, "store", pointerKey, jedis -> {
            write(jedis, id, pointerKey, copy);
            return null;
        });
        return copy;
    }

    private void write(Jedis jedis, String id, byte[] pointerKey, ArrayTimeSeries series) {
        long high = random.nextLong();
        long low = random.nextLong();
        String generation = String.format("%016x%016x", high, low);
        PayloadEncoder encoder = new PayloadEncoder(series, settings.chunkBytes());
        List<byte[]> commitKeys = new ArrayList<>(encoder.chunkCount() + 1);
        commitKeys.add(pointerKey);
        SetParams pending = SetParams.setParams().px(PENDING_TTL_MILLIS);
        // Pipelined, so a many-chunk series costs few round trips; synced every few MiB to bound memory.
        try (Pipeline pipeline = new Pipeline(jedis.getConnection(), false)) {
            List<Response<String>> replies = new ArrayList<>();
            long buffered = 0;
            for (int i = 0; encoder.hasNext(); i++) {
                byte[] chunkKey = keys.chunk(id, generation, i);
                byte[] chunk = encoder.next();
                replies.add(pipeline.set(chunkKey, chunk, pending));
                commitKeys.add(chunkKey);
                buffered += chunk.length;
                if (buffered >= PIPELINE_BYTES || replies.size() >= PIPELINE_COMMANDS || !encoder.hasNext()) {
                    pipeline.sync();
                    replies.forEach(Response::get); // throws the first error reply
                    replies.clear();
                    buffered = 0;
                }
            }
        }
        SeriesPointer pointer = new SeriesPointer(id, high, low, series.size(), settings.chunkBytes(),
                encoder.chunkCount(), encoder.crc());
        byte[] value = pointer.encode();
        byte[] chunkCount = script(Integer.toString(encoder.chunkCount()));
        for (int attempt = 0; attempt < MAX_SWITCH_ATTEMPTS; attempt++) {
            byte[] seen = jedis.get(pointerKey);
            List<byte[]> scriptKeys = new ArrayList<>(commitKeys);
            scriptKeys.addAll(chunkKeys(id, seen));
            Object switched = jedis.eval(COMMIT, scriptKeys, List.of(value, chunkCount, seen == null ? new byte[0] : seen));
            if (Long.valueOf(1).equals(switched)) {
                awaitReplicas(jedis, id, "store", pointerKey);
                return;
            }
        }
        throw new StorageException("store of series " + SeriesIds.quote(id) + " on redis node "
                + topology.addressOf(pointerKey) + " gave up: overwritten by others " + MAX_SWITCH_ATTEMPTS
                + " times in a row; the series was not changed by this store");
    }

    /** The chunk keys a pointer value refers to; none for no pointer, or one that cannot be read. */
    private List<byte[]> chunkKeys(String id, byte[] pointerValue) {
        if (pointerValue == null) {
            return List.of();
        }
        SeriesPointer old;
        try {
            old = SeriesPointer.decode(pointerValue);
        } catch (IllegalArgumentException e) {
            return List.of(); // damaged or foreign: its chunks cannot be named, and must not be guessed
        }
        List<byte[]> chunks = new ArrayList<>(old.chunkCount());
        for (int i = 0; i < old.chunkCount(); i++) {
            chunks.add(keys.chunk(id, old.generation(), i));
        }
        return chunks;
    }

    private void awaitReplicas(Jedis jedis, String id, String what, byte[] key) {
        if (settings.durability() != RedisDurability.REPLICATED) {
            return;
        }
        // WAIT must stay shorter than the socket timeout, or the socket gives up first.
        long waitMillis = Math.max(1, settings.timeoutMillis() / 2);
        long acked = jedis.waitReplicas(settings.replicas(), waitMillis);
        if (acked < settings.replicas()) {
            throw new StorageException(what + " of series " + SeriesIds.quote(id) + " reached " + acked + " of "
                    + settings.replicas() + " replicas of redis node " + topology.addressOf(key) + " within "
                    + waitMillis + " ms: applied on the master, but not acknowledged as replicated");
        }
    }

    @Override
    public int size(String id) {
        ensureOpen();
        SeriesIds.check(id);
        byte[] pointerKey = keys.pointer(id);
        return call(id, "size", pointerKey, jedis -> {
            byte[] raw = jedis.get(pointerKey);
            if (raw == null) {
                throw new NoSuchSeriesException(id);
            }
            return pointer(id, pointerKey, raw).points();
        });
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        ensureOpen();
        SeriesIds.check(id);
        byte[] pointerKey = keys.pointer(id);
        return call(id, "get", pointerKey, jedis -> read(jedis, id, pointerKey));
    }

    private ArrayTimeSeries read(Jedis jedis, String id, byte[] pointerKey) {
        for (int attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++) {
            byte[] raw = jedis.get(pointerKey);
            if (raw == null) {
                throw new NoSuchSeriesException(id);
            }
            SeriesPointer pointer = pointer(id, pointerKey, raw);
            int[] missing = {-1};
            ArrayTimeSeries series;
            try {
                series = ArrayTimeSeries.fill(pointer.points(), (times, values) -> {
                    PayloadDecoder decoder = new PayloadDecoder(times, values);
                    // MGET in batches of about READ_BYTES: few round trips, bounded reply size
                    int perBatch = (int) Math.max(1, Math.min(MGET_BATCH, READ_BYTES / pointer.chunkBytes()));
                    for (int first = 0; first < pointer.chunkCount(); first += perBatch) {
                        int last = Math.min(pointer.chunkCount(), first + perBatch);
                        byte[][] batch = new byte[last - first][];
                        for (int i = first; i < last; i++) {
                            batch[i - first] = keys.chunk(id, pointer.generation(), i);
                        }
                        List<byte[]> chunks = jedis.mget(batch);
                        for (int i = first; i < last; i++) {
                            byte[] chunk = chunks.get(i - first);
                            if (chunk == null) {
                                missing[0] = i;
                                return;
                            }
                            byte[] chunkKey = batch[i - first];
                            if (chunk.length != pointer.storedLength(i)) {
                                throw corrupt(id, chunkKey, "chunk " + i + " of generation " + pointer.generation()
                                        + " has " + chunk.length + " bytes, expected " + pointer.storedLength(i), null);
                            }
                            try {
                                decoder.accept(chunk);
                            } catch (IllegalArgumentException e) {
                                throw corrupt(id, chunkKey, "chunk " + i + " of generation " + pointer.generation()
                                        + ": " + e.getMessage(), e);
                            }
                        }
                    }
                    decoder.finish(pointer.payloadCrc());
                });
            } catch (IllegalArgumentException e) {
                if (missing[0] >= 0) {
                    series = null; // filled partly with zeros: the rules may reject it; the chunk is the cause
                } else {
                    // every chunk passed its own checksum, yet together they are not the payload
                    throw corrupt(id, pointerKey, "generation " + pointer.generation() + ": " + e.getMessage(), e);
                }
            }
            if (missing[0] < 0) {
                return series;
            }
            // The generation vanished: an overwrite or delete committed meanwhile, or the data is damaged.
            byte[] now = jedis.get(pointerKey);
            if (Arrays.equals(now, raw)) {
                throw corrupt(id, keys.chunk(id, pointer.generation(), missing[0]), "chunk " + missing[0]
                        + " of current generation " + pointer.generation() + " is missing (pointer "
                        + new String(pointerKey, StandardCharsets.UTF_8) + ")", null);
            }
        }
        throw new StorageException("get of series " + SeriesIds.quote(id) + " on redis node "
                + topology.addressOf(pointerKey) + " gave up: overwritten " + MAX_READ_ATTEMPTS
                + " times while being read");
    }

    private SeriesPointer pointer(String id, byte[] pointerKey, byte[] raw) {
        SeriesPointer pointer;
        try {
            pointer = SeriesPointer.decode(raw);
        } catch (IllegalArgumentException e) {
            throw corrupt(id, pointerKey, e.getMessage(), e);
        }
        if (!pointer.id().equals(id)) {
            throw corrupt(id, pointerKey, "pointer belongs to id " + SeriesIds.quote(pointer.id()), null);
        }
        return pointer;
    }

    /** A refusal naming the node and the very key whose value is damaged (or missing). */
    private DamagedKeyException corrupt(String id, byte[] key, String problem, Throwable cause) {
        String name = new String(key, StandardCharsets.UTF_8);
        return new DamagedKeyException("series " + SeriesIds.quote(id) + " is damaged at redis node "
                + topology.addressOf(key) + ", key " + name + ": " + problem, topology.addressOf(key) + " " + name,
                cause);
    }

    @Override
    public boolean contains(String id) {
        ensureOpen();
        SeriesIds.check(id);
        byte[] pointerKey = keys.pointer(id);
        return call(id, "contains", pointerKey, jedis -> jedis.exists(pointerKey));
    }

    @Override
    public boolean delete(String id) {
        ensureOpen();
        SeriesIds.check(id);
        byte[] pointerKey = keys.pointer(id);
        return call(id, "delete", pointerKey, jedis -> {
            for (int attempt = 0; attempt < MAX_SWITCH_ATTEMPTS; attempt++) {
                byte[] seen = jedis.get(pointerKey);
                if (seen == null) {
                    return false;
                }
                List<byte[]> scriptKeys = new ArrayList<>();
                scriptKeys.add(pointerKey);
                scriptKeys.addAll(chunkKeys(id, seen));
                Object deleted = jedis.eval(DELETE, scriptKeys, List.of(seen));
                if (Long.valueOf(0).equals(deleted)) {
                    return false;
                }
                if (Long.valueOf(1).equals(deleted)) {
                    awaitReplicas(jedis, id, "delete", pointerKey);
                    return true;
                }
            }
            throw new StorageException("delete of series " + SeriesIds.quote(id) + " on redis node "
                    + topology.addressOf(pointerKey) + " gave up: overwritten by others " + MAX_SWITCH_ATTEMPTS
                    + " times in a row");
        });
    }

    @Override
    public Set<String> ids() {
        ensureOpen();
        long deadline = System.nanoTime() + settings.timeoutMillis() * 1_000_000L;
        for (int attempt = 0;; attempt++) {
            String address = topology.describe();
            try {
                Set<String> ids = new HashSet<>();
                for (String master : topology.masters()) {
                    address = master;
                    try (Jedis jedis = topology.connect(master)) {
                        scan(jedis, ids);
                    }
                }
                return IdSnapshot.of(ids);
            } catch (JedisException e) {
                if (!topology.retries() || !retryable(e) || System.nanoTime() > deadline) {
                    throw new StorageException("listing the ids of " + topology.describe() + " failed on "
                            + address + ": " + describe(e, settings.timeoutMillis()), e);
                }
                topology.refresh();
                pause(attempt);
            }
        }
    }

    private void scan(Jedis jedis, Set<String> ids) {
        ScanParams params = new ScanParams().match(keys.pointerPattern()).count(1000);
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        do {
            ScanResult<byte[]> page = jedis.scan(cursor, params);
            for (byte[] key : page.getResult()) {
                keys.idOfPointer(key).ifPresent(ids::add);
            }
            cursor = page.getCursorAsBytes();
        } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
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
     * Does nothing more: every {@code store} and {@code delete} has already returned at the configured
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
     * Does nothing more: an overwrite or delete already deleted the old generation, and chunks of a store
     * that never committed expire by themselves.
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

    /**
     * Runs one operation on one connection to the master of a key. On a cluster, a lost node, a
     * redirection or a cluster that is failing over is retried after re-reading the slot map, until
     * {@code timeoutMillis} have passed; every operation is safe to repeat (a store writes a fresh
     * generation). Anything else, or the last failure, becomes a StorageException naming the node.
     */
    private <T> T call(String id, String what, byte[] key, Function<Jedis, T> operation) {
        return callOn("series " + SeriesIds.quote(id), what, key, operation);
    }

    /** {@link #call(String, String, byte[], Function)} on something other than a series, named by {@code subject}. */
    private <T> T callOn(String subject, String what, byte[] key, Function<Jedis, T> operation) {
        long deadline = System.nanoTime() + settings.timeoutMillis() * 1_000_000L;
        for (int attempt = 0;; attempt++) {
            String address = topology.addressOf(key);
            try (Jedis jedis = topology.connect(key)) {
                return operation.apply(jedis);
            } catch (JedisException e) {
                if (!topology.retries() || !retryable(e) || System.nanoTime() > deadline) {
                    throw new StorageException(what + " of " + subject + " failed on redis node "
                            + address + ": " + describe(e, settings.timeoutMillis()), e);
                }
                topology.refresh();
                pause(attempt);
            }
        }
    }

    private static boolean retryable(JedisException e) {
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
        return !(e instanceof JedisDataException);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(500, 20L << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for the redis cluster to recover", e);
        }
    }

    private static String describe(Exception e, int timeoutMillis) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return "timed out after " + timeoutMillis + " ms (" + t.getMessage() + ")";
            }
        }
        if (e instanceof JedisRedirectionException) {
            JedisRedirectionException r = (JedisRedirectionException) e;
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

    @Override
    public String toString() {
        return "RedisStorageManager[" + settings.location() + ", prefix " + settings.prefix() + "]";
    }
}
