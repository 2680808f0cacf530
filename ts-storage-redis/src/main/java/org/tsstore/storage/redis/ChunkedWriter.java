package org.tsstore.storage.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/**
 * Every change to a series' keys, on one connection to the master of its slot. A store writes a new
 * generation of chunks (pipelined, set to expire), then {@link Scripts#COMMIT} keeps them, switches the
 * pointer and unlinks the generation it replaces, provided the pointer is still the one the writer saw
 * (else it looks again). A writer that dies before the commit leaves only chunks that expire. A delete
 * removes the pointer and its generation at once with {@link Scripts#DELETE}. Under
 * {@link RedisDurability#REPLICATED} both then wait for the replicas.
 */
final class ChunkedWriter {

    /** Chunks of a generation not yet committed expire after this, should the writer die. */
    static final long PENDING_TTL_MILLIS = 6L * 60 * 60 * 1000;
    private static final int MAX_SWITCH_ATTEMPTS = 100;
    private static final long PIPELINE_BYTES = 8L << 20;
    private static final int PIPELINE_COMMANDS = 256;

    private final SeriesKeys keys;
    private final Topology topology;
    private final RedisSettings settings;
    private final Random random;

    /**
     * @param random where generations come from; a {@link java.security.SecureRandom} in use, so that
     *     writers in different processes never pick the same one
     */
    ChunkedWriter(SeriesKeys keys, Topology topology, RedisSettings settings, Random random) {
        this.keys = keys;
        this.topology = topology;
        this.settings = settings;
        this.random = random;
    }

    /** Makes {@code series} the current value of {@code id}, writing it in chunks of the configured size. */
    void store(Jedis jedis, String id, SizedContainerTimeSeries series) {
        byte[] pointerKey = keys.pointer(id);
        long high = random.nextLong();
        long low = random.nextLong();
        String generation = String.format("%016x%016x", high, low);
        PayloadEncoder encoder = new PayloadEncoder(series, settings.chunkBytes());
        List<byte[]> commitKeys = new ArrayList<>(encoder.chunkCount() + 1);
        commitKeys.add(pointerKey);
        writeChunks(jedis, id, generation, encoder, commitKeys);
        byte[] value = new SeriesPointer(id, high, low, series.size(), settings.chunkBytes(), encoder.chunkCount(),
                encoder.crc()).encode();
        byte[] chunkCount = Integer.toString(encoder.chunkCount()).getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; attempt < MAX_SWITCH_ATTEMPTS; attempt++) {
            byte[] seen = jedis.get(pointerKey);
            List<byte[]> scriptKeys = new ArrayList<>(commitKeys);
            scriptKeys.addAll(chunkKeys(id, seen));
            Object switched = jedis.eval(Scripts.COMMIT, scriptKeys,
                    List.of(value, chunkCount, seen == null ? new byte[0] : seen));
            if (Long.valueOf(1).equals(switched)) {
                awaitReplicas(jedis, id, "store", pointerKey);
                return;
            }
        }
        throw new StorageException("store of series " + SeriesIds.quote(id) + " on redis node "
                + topology.addressOf(pointerKey) + " gave up: overwritten by others " + MAX_SWITCH_ATTEMPTS
                + " times in a row; the series was not changed by this store");
    }

    /**
     * Sets every chunk of the generation, set to expire, adding their keys to {@code commitKeys}. Pipelined,
     * so a many-chunk series costs few round trips, and synced every few MiB to bound memory.
     */
    private void writeChunks(Jedis jedis, String id, String generation, PayloadEncoder encoder,
            List<byte[]> commitKeys) {
        SetParams pending = SetParams.setParams().px(PENDING_TTL_MILLIS);
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
    }

    /**
     * Removes {@code id}'s pointer and chunks at once.
     *
     * @return whether there was a series to remove
     */
    boolean delete(Jedis jedis, String id) {
        byte[] pointerKey = keys.pointer(id);
        for (int attempt = 0; attempt < MAX_SWITCH_ATTEMPTS; attempt++) {
            byte[] seen = jedis.get(pointerKey);
            if (seen == null) {
                return false;
            }
            List<byte[]> scriptKeys = new ArrayList<>();
            scriptKeys.add(pointerKey);
            scriptKeys.addAll(chunkKeys(id, seen));
            Object deleted = jedis.eval(Scripts.DELETE, scriptKeys, List.of(seen));
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
}
