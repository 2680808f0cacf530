package org.tsstore.storage.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import org.tsstore.api.RequestRules;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/**
 * Every change to a series' keys, on one connection to the master of its slot. A store or an append is
 * planned as a {@link SeriesWrite} against the pointer value read; its new chunks are written pipelined
 * and set to expire, then its script keeps them and switches the pointer, provided the pointer still
 * holds that value (else the writer reads it and commits again). A writer that dies before the commit
 * leaves only chunks that expire. A delete removes the pointer and its chunks at once with
 * {@link Scripts#DELETE}. Under {@link RedisDurability#REPLICATED} each then waits for the replicas.
 */
final class ChunkedWriter {

    /** Chunks not yet committed expire after this, should the writer die. */
    static final long PENDING_TTL_MILLIS = 6L * 60 * 60 * 1000;
    static final int MAX_SWITCH_ATTEMPTS = 100;
    private static final long PIPELINE_BYTES = 8L << 20;
    private static final int PIPELINE_COMMANDS = 4096;
    static final SetParams PENDING = SetParams.setParams().px(PENDING_TTL_MILLIS);

    private final SeriesKeys keys;
    private final Topology topology;
    private final RedisSettings settings;
    private final ChunkedReader reader;
    private final Random random;

    /**
     * @param random where tokens and chunk keys come from; a {@link java.security.SecureRandom} in use, so
     *     that writers in different processes never pick the same ones
     */
    ChunkedWriter(SeriesKeys keys, Topology topology, RedisSettings settings, ChunkedReader reader, Random random) {
        this.keys = keys;
        this.topology = topology;
        this.settings = settings;
        this.reader = reader;
        this.random = random;
    }

    /** A fresh token for one write, drawn once before any attempt so that retries recognise it. */
    long newToken() {
        synchronized (random) {
            return random.nextLong();
        }
    }

    private long nextChunkId() {
        synchronized (random) {
            return random.nextLong();
        }
    }

    /** The most points a new chunk holds: as many whole points as fit the configured chunk size. */
    int capacity() {
        return Math.max(1, settings.chunkBytes() / 16);
    }

    /** Plans a store of {@code series} over the pointer value {@code seen}. */
    SeriesWrite planStore(String id, SizedContainerTimeSeries series, byte[] seen) {
        return SeriesWrite.store(keys, id, series, newToken(), capacity(), this::nextChunkId, seen,
                settings.compressed());
    }

    /**
     * Plans an append of non-empty {@code points} over the pointer value {@code seen}.
     *
     * @throws IllegalArgumentException naming the id and both times if the points do not follow the stored ones
     * @throws DamagedKeyException if the pointer is damaged
     */
    SeriesWrite planAppend(String id, SizedContainerTimeSeries points, long token, byte[] seen) {
        SeriesPointer current = seen == null ? null : reader.decode(id, keys.pointer(id), seen);
        if (current != null && current.token() != token && current.points() > 0) {
            RequestRules.checkAppendOrder(id, current.lastTime(), points.time(0));
        }
        return SeriesWrite.append(keys, id, points, token, capacity(), this::nextChunkId, current, seen,
                settings.compressed());
    }

    /** Makes {@code series} the current value of {@code id}. */
    void store(Jedis jedis, String id, SizedContainerTimeSeries series) {
        byte[] pointerKey = keys.pointer(id);
        SeriesWrite write = planStore(id, series, null);
        try (Pipeline pipeline = new Pipeline(jedis.getConnection(), false)) {
            List<Response<String>> replies = new ArrayList<>();
            queueChunks(pipeline, replies, List.of(write));
            Response<byte[]> seen = pipeline.get(pointerKey); // in the same round trip as the last chunks
            sync(pipeline, replies);
            write.rebase(seen.get());
        }
        for (int attempt = 0; attempt < MAX_SWITCH_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                write.rebase(jedis.get(pointerKey));
            }
            if (Long.valueOf(1).equals(jedis.eval(write.script(), write.scriptKeys(), write.scriptArgs()))) {
                awaitReplicas(jedis, "store of series " + SeriesIds.quote(id), pointerKey);
                return;
            }
        }
        throw gaveUp("store", id, "; the series was not changed by this store");
    }

    /**
     * Adds non-empty {@code points} after the end of {@code id}, creating it if absent.
     *
     * @param token the write's token from {@link #newToken}, the same on every attempt
     * @return the size after the append
     * @throws IllegalArgumentException if the points do not follow the stored ones; nothing changes
     */
    int append(Jedis jedis, String id, SizedContainerTimeSeries points, long token) {
        byte[] pointerKey = keys.pointer(id);
        for (int attempt = 0; attempt < MAX_SWITCH_ATTEMPTS; attempt++) {
            SeriesWrite write = planAppend(id, points, token, jedis.get(pointerKey));
            if (!write.committed()) {
                sendChunks(jedis, List.of(write));
                if (!Long.valueOf(1).equals(jedis.eval(write.script(), write.scriptKeys(), write.scriptArgs()))) {
                    unlinkChunks(jedis, write);
                    continue;
                }
            }
            awaitReplicas(jedis, "append to series " + SeriesIds.quote(id), pointerKey);
            return write.size();
        }
        throw gaveUp("append", id, "; the series was not changed by this append");
    }

    /**
     * Writes the new chunks of {@code writes}, set to expire: pipelined, so that many chunks cost few
     * round trips, and synced every few MiB to bound memory.
     */
    void sendChunks(Jedis jedis, Collection<SeriesWrite> writes) {
        try (Pipeline pipeline = new Pipeline(jedis.getConnection(), false)) {
            List<Response<String>> replies = new ArrayList<>();
            queueChunks(pipeline, replies, writes);
            sync(pipeline, replies);
        }
    }

    /**
     * Queues the new chunks of {@code writes} on a pipeline, syncing whenever a few MiB are queued; the
     * caller syncs the rest (with commands of its own in the same round trip) and checks {@code replies}.
     */
    void queueChunks(Pipeline pipeline, List<Response<String>> replies, Collection<SeriesWrite> writes) {
        long buffered = 0;
        for (SeriesWrite write : writes) {
            for (int i = 0; i < write.chunksToWrite(); i++) {
                byte[] chunk = write.chunkValue(i);
                replies.add(pipeline.set(write.chunkKey(i), chunk, PENDING));
                buffered += chunk.length + 64;
                if (buffered >= PIPELINE_BYTES || replies.size() >= PIPELINE_COMMANDS) {
                    sync(pipeline, replies);
                    buffered = 0;
                }
            }
        }
    }

    /** Sends what the pipeline holds, then throws the first error reply among {@code replies}. */
    static void sync(Pipeline pipeline, List<? extends Response<?>> replies) {
        pipeline.sync();
        replies.forEach(Response::get);
        replies.clear();
    }

    /** Removes the new chunks of a write whose commit found the pointer changed. */
    void unlinkChunks(Jedis jedis, SeriesWrite write) {
        if (write.chunksToWrite() > 0) {
            jedis.unlink(write.chunkKeys().toArray(new byte[0][]));
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
            scriptKeys.addAll(chunkKeysOf(keys, id, seen));
            Object deleted = jedis.eval(Scripts.DELETE, scriptKeys, List.of(seen));
            if (Long.valueOf(0).equals(deleted)) {
                return false;
            }
            if (Long.valueOf(1).equals(deleted)) {
                awaitReplicas(jedis, "delete of series " + SeriesIds.quote(id), pointerKey);
                return true;
            }
        }
        throw gaveUp("delete", id, "");
    }

    /** The chunk keys a pointer value refers to; none for no pointer, or one that cannot be read. */
    static List<byte[]> chunkKeysOf(SeriesKeys keys, String id, byte[] pointerValue) {
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
        for (SeriesPointer.Chunk chunk : old.chunks()) {
            chunks.add(keys.chunk(id, chunk.key()));
        }
        return chunks;
    }

    /**
     * Waits until the configured replicas have every write made so far on this connection; nothing under
     * {@link RedisDurability#OS}.
     *
     * @param what the writes, for the message
     * @param key a key of the master, for the message
     */
    void awaitReplicas(Jedis jedis, String what, byte[] key) {
        if (settings.durability() != RedisDurability.REPLICATED) {
            return;
        }
        // WAIT must stay shorter than the socket timeout, or the socket gives up first.
        long waitMillis = Math.max(1, settings.timeoutMillis() / 2);
        long acked = jedis.waitReplicas(settings.replicas(), waitMillis);
        if (acked < settings.replicas()) {
            throw new StorageException(what + " reached " + acked + " of " + settings.replicas()
                    + " replicas of redis node " + topology.addressOf(key) + " within " + waitMillis
                    + " ms: applied on the master, but not acknowledged as replicated");
        }
    }

    private StorageException gaveUp(String what, String id, String tail) {
        return new StorageException(what + " of series " + SeriesIds.quote(id) + " on redis node "
                + topology.addressOf(keys.pointer(id)) + " gave up: overwritten by others " + MAX_SWITCH_ATTEMPTS
                + " times in a row" + tail);
    }
}
