package org.tsstore.storage.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.backend.CorruptDataException;
import org.tsstore.storage.redis.SeriesPointer.Chunk;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads what is stored, on one connection to a master: the ids of a namespace (from its pointer keys)
 * and series. A read is the pointer, then only the chunks whose time bounds overlap the range asked for
 * (all of them for a whole series), fetched in batches, each checked for its length, its checksum and
 * its time bounds against the pointer's entry. A chunk that vanishes while it is read (a store or delete
 * committed meanwhile) makes the read start again from the new pointer; one that grew (an append) is read
 * up to the length its entry names; a chunk that does not match the current pointer is damage. Damage is refused with a {@link DamagedKeyException}
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
    SizedContainerTimeSeries read(Jedis jedis, String id) {
        return read(jedis, id, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * The points of {@code id} in {@code [fromTime, toTime)}, read from the chunks that overlap it.
     *
     * @throws NoSuchSeriesException if there is none
     * @throws DamagedKeyException if its pointer or a chunk read is damaged
     * @throws StorageException if it is overwritten again and again while being read
     */
    SizedContainerTimeSeries read(Jedis jedis, String id, double fromTime, double toTime) {
        byte[] pointerKey = keys.pointer(id);
        for (int attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++) {
            byte[] raw = jedis.get(pointerKey);
            if (raw == null) {
                throw new NoSuchSeriesException(id);
            }
            SeriesPointer pointer = decode(id, pointerKey, raw);
            int[] range = pointer.overlapping(fromTime, toTime);
            int points = pointer.pointsBefore(range[1]) - pointer.pointsBefore(range[0]);
            Mismatch[] mismatch = new Mismatch[1];
            ArrayTimeSeries series;
            try {
                series = ArrayTimeSeries.fill(points, (times, values) ->
                        mismatch[0] = readChunks(jedis, id, pointer, range[0], range[1], times, values));
            } catch (IllegalArgumentException e) {
                if (mismatch[0] == null || !mismatch[0].missing) {
                    // every chunk matched its entry, yet together they break the rules
                    throw corrupt(id, pointerKey, "its chunks do not form a series: " + e.getMessage(), e);
                }
                series = null; // partly unfilled, which the rules may reject: the missing chunk is the cause
            }
            if (mismatch[0] != null && Arrays.equals(jedis.get(pointerKey), raw)) {
                throw corrupt(id, keys.chunk(id, pointer.chunks().get(mismatch[0].index).key()),
                        mismatch[0].problem + " (pointer " + new String(pointerKey, StandardCharsets.UTF_8) + ")",
                        null);
            }
            if (mismatch[0] == null || !mismatch[0].missing) {
                // a chunk longer than its entry, with the pointer changed since: an append extended it,
                // and the leading bytes read matched the entry, so the series is the one the pointer named
                boolean whole = fromTime == Double.NEGATIVE_INFINITY && toTime == Double.POSITIVE_INFINITY;
                return whole ? series : series.slice(fromTime, toTime);
            }
        }
        throw new StorageException("get of series " + SeriesIds.quote(id) + " on redis node "
                + topology.addressOf(pointerKey) + " gave up: overwritten " + MAX_READ_ATTEMPTS
                + " times while being read");
    }

    /**
     * A chunk missing or longer than its entry: damage, unless the pointer changed meanwhile (a store or
     * delete unlinked it, or an append extended it).
     */
    private record Mismatch(int index, boolean missing, String problem) {}

    /**
     * Decodes chunks {@code first <= i < end} into the arrays, with MGET in batches of about
     * {@link #READ_BYTES}: few round trips, bounded reply size.
     *
     * @return the first chunk missing (reading stops there) or else the first longer than its entry (its
     *     leading bytes are read), or null if all matched
     * @throws DamagedKeyException if a chunk is short, fails its checksum or holds other times
     */
    private Mismatch readChunks(Jedis jedis, String id, SeriesPointer pointer, int first, int end, double[] times,
            double[] values) {
        List<Chunk> chunks = pointer.chunks();
        Mismatch longer = null;
        int offset = 0;
        int batchStart = first;
        while (batchStart < end) {
            int batchEnd = batchStart;
            long bytes = 0;
            while (batchEnd < end && batchEnd - batchStart < MGET_BATCH
                    && (batchEnd == batchStart || bytes + chunks.get(batchEnd).bytes() <= READ_BYTES)) {
                bytes += chunks.get(batchEnd).bytes();
                batchEnd++;
            }
            byte[][] batch = new byte[batchEnd - batchStart][];
            for (int i = batchStart; i < batchEnd; i++) {
                batch[i - batchStart] = keys.chunk(id, chunks.get(i).key());
            }
            List<byte[]> values0 = jedis.mget(batch);
            for (int i = batchStart; i < batchEnd; i++) {
                Chunk entry = chunks.get(i);
                byte[] value = values0.get(i - batchStart);
                byte[] key = batch[i - batchStart];
                if (value == null) {
                    return new Mismatch(i, true, "chunk " + i + " of " + chunks.size() + " is missing");
                }
                if (value.length < entry.bytes()) {
                    throw corrupt(id, key, "chunk " + i + " has " + value.length + " bytes, expected "
                            + entry.bytes(), null);
                }
                int crc = ChunkCodec.crc(value, entry.bytes());
                if (crc != entry.crc()) {
                    throw corrupt(id, key, "chunk " + i + " checksum mismatch (stored " + Integer.toHexString(
                            entry.crc()) + ", computed " + Integer.toHexString(crc) + ")", null);
                }
                if (value.length > entry.bytes() && longer == null) {
                    longer = new Mismatch(i, false, "chunk " + i + " has " + value.length + " bytes, expected "
                            + entry.bytes());
                }
                try {
                    ChunkCodec.decode(value, entry, pointer.compressed(), times, values, offset);
                } catch (CorruptDataException e) {
                    throw corrupt(id, key, "chunk " + i + ": " + e.getMessage(), e);
                }
                if (times[offset] != entry.firstTime() || times[offset + entry.points() - 1] != entry.lastTime()) {
                    throw corrupt(id, key, "chunk " + i + " holds times " + times[offset] + " to "
                            + times[offset + entry.points() - 1] + ", its entry says " + entry.firstTime() + " to "
                            + entry.lastTime(), null);
                }
                offset += entry.points();
            }
            batchStart = batchEnd;
        }
        return longer;
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

    /**
     * Reads a pointer value of {@code id}.
     *
     * @throws DamagedKeyException naming the pointer key if it is damaged or belongs to another id
     */
    SeriesPointer decode(String id, byte[] pointerKey, byte[] raw) {
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
