package org.tsstore.storage.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads what is stored, on one connection to a master: the ids of a namespace (from its pointer keys)
 * and series. A series is its pointer, then the chunks of its generation in batches, each checked for its
 * length and own checksum, and the whole payload for the pointer's. A generation that vanishes while it
 * is read (an overwrite or delete committed meanwhile) is read again from the new pointer; a chunk
 * missing from the current generation is damage. Damage is refused with a {@link DamagedKeyException}
 * naming the node and the very key at fault.
 */
final class ChunkedReader {

    private static final int MAX_READ_ATTEMPTS = 100;
    private static final int MGET_BATCH = 512;
    private static final long READ_BYTES = 16L << 20;

    private final SeriesKeys keys;
    private final Topology topology;

    ChunkedReader(SeriesKeys keys, Topology topology) {
        this.keys = keys;
        this.topology = topology;
    }

    /**
     * The current pointer of {@code id}.
     *
     * @throws NoSuchSeriesException if there is none
     * @throws DamagedKeyException if it is damaged or belongs to another id
     */
    SeriesPointer pointer(Jedis jedis, String id) {
        byte[] pointerKey = keys.pointer(id);
        byte[] raw = jedis.get(pointerKey);
        if (raw == null) {
            throw new NoSuchSeriesException(id);
        }
        return decode(id, pointerKey, raw);
    }

    /**
     * The current series of {@code id}.
     *
     * @throws NoSuchSeriesException if there is none
     * @throws DamagedKeyException if its pointer or a chunk is damaged
     * @throws StorageException if it is overwritten again and again while being read
     */
    ArrayTimeSeries read(Jedis jedis, String id) {
        byte[] pointerKey = keys.pointer(id);
        for (int attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++) {
            byte[] raw = jedis.get(pointerKey);
            if (raw == null) {
                throw new NoSuchSeriesException(id);
            }
            SeriesPointer pointer = decode(id, pointerKey, raw);
            int[] missing = {-1};
            ArrayTimeSeries series;
            try {
                series = ArrayTimeSeries.fill(pointer.points(), (times, values) -> {
                    PayloadDecoder decoder = new PayloadDecoder(times, values);
                    missing[0] = readChunks(jedis, id, pointer, decoder);
                    if (missing[0] < 0) {
                        decoder.finish(pointer.payloadCrc());
                    }
                });
            } catch (IllegalArgumentException e) {
                if (missing[0] < 0) {
                    // every chunk passed its own checksum, yet together they are not the payload
                    throw corrupt(id, pointerKey, "generation " + pointer.generation() + ": " + e.getMessage(), e);
                }
                series = null; // filled partly with zeros, which the rules may reject: the missing chunk is the cause
            }
            if (missing[0] < 0) {
                return series;
            }
            if (Arrays.equals(jedis.get(pointerKey), raw)) {
                throw corrupt(id, keys.chunk(id, pointer.generation(), missing[0]), "chunk " + missing[0]
                        + " of current generation " + pointer.generation() + " is missing (pointer "
                        + new String(pointerKey, StandardCharsets.UTF_8) + ")", null);
            }
        }
        throw new StorageException("get of series " + SeriesIds.quote(id) + " on redis node "
                + topology.addressOf(pointerKey) + " gave up: overwritten " + MAX_READ_ATTEMPTS
                + " times while being read");
    }

    /**
     * Feeds the generation's chunks to the decoder, with MGET in batches of about {@link #READ_BYTES}: few
     * round trips, bounded reply size.
     *
     * @return the index of the first chunk that is missing, or -1 if all were there
     */
    private int readChunks(Jedis jedis, String id, SeriesPointer pointer, PayloadDecoder decoder) {
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
                    return i;
                }
                byte[] chunkKey = batch[i - first];
                if (chunk.length != pointer.storedLength(i)) {
                    throw corrupt(id, chunkKey, "chunk " + i + " of generation " + pointer.generation() + " has "
                            + chunk.length + " bytes, expected " + pointer.storedLength(i), null);
                }
                try {
                    decoder.accept(chunk);
                } catch (IllegalArgumentException e) {
                    throw corrupt(id, chunkKey, "chunk " + i + " of generation " + pointer.generation() + ": "
                            + e.getMessage(), e);
                }
            }
        }
        return -1;
    }

    /** Adds the ids of every pointer key of the namespace on the master {@code jedis} is connected to. */
    void addIds(Jedis jedis, Set<String> ids) {
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

    private SeriesPointer decode(String id, byte[] pointerKey, byte[] raw) {
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
        String address = topology.addressOf(key);
        return new DamagedKeyException("series " + SeriesIds.quote(id) + " is damaged at redis node " + address
                + ", key " + name + ": " + problem, address + " " + name, cause);
    }
}
