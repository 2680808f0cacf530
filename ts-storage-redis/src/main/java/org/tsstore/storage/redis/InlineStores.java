package org.tsstore.storage.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.StorageException;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The stores of a batch's small series on one master, each one {@link Scripts#STORE} call that writes the
 * series' chunks and switches its pointer at once: per slice of the group, one pipelined round trip reads
 * every pointer (the first also loads the script), and one carries every series' {@code EVALSHA}. Against
 * the path of a large series (chunks set to expire, then a commit script that checks and keeps them) this
 * sends one command per series instead of two, the script by name instead of in full, and asks the server
 * for far fewer key operations. A slice holds at most {@link #SLICE_SERIES} series or about
 * {@link #SLICE_BYTES} of points, so memory stays bounded however large the batch.
 */
final class InlineStores {

    /** Series of at most this many points are stored in one script call (256 KiB of raw points). */
    static final int MAX_POINTS = 16_384;
    static final int SLICE_SERIES = 4096;
    static final long SLICE_BYTES = 8L << 20;
    private static final byte[] LOAD = "LOAD".getBytes(StandardCharsets.US_ASCII);
    private static final Long DONE = 1L;

    private final ChunkedWriter writer;
    private final Topology topology;

    InlineStores(ChunkedWriter writer, Topology topology) {
        this.writer = writer;
        this.topology = topology;
    }

    /** Whether a series is stored this way. */
    static boolean fits(BatchWriter.Item item) {
        return item.series.size() <= MAX_POINTS;
    }

    /**
     * Stores every series of {@code group}, all served by the master {@code jedis} is connected to, and
     * adds each one stored to {@code stored}. Series whose slot was found moved are left out.
     *
     * @return the first redirection met, for the caller to re-read the slot map and regroup; null if none
     * @throws StorageException naming the id, if Redis refused a series' store
     */
    JedisException store(Jedis jedis, List<BatchWriter.Item> group, List<BatchWriter.Item> stored) {
        JedisException moved = null;
        int from = 0;
        while (from < group.size()) {
            int to = from;
            long bytes = 0;
            while (to < group.size() && to - from < SLICE_SERIES && bytes < SLICE_BYTES) {
                bytes += 16L * group.get(to).series.size() + 256;
                to++;
            }
            JedisException m = storeSlice(jedis, group.subList(from, to), from == 0, stored);
            moved = moved != null ? moved : m;
            from = to;
        }
        return moved;
    }

    private JedisException storeSlice(Jedis jedis, List<BatchWriter.Item> slice, boolean load,
            List<BatchWriter.Item> stored) {
        List<Response<byte[]>> pointers = new ArrayList<>(slice.size());
        try (Pipeline pipeline = new Pipeline(jedis.getConnection(), false)) {
            Response<Object> loaded = load ? pipeline.sendCommand(Protocol.Command.SCRIPT, LOAD, Scripts.STORE) : null;
            for (BatchWriter.Item item : slice) {
                pointers.add(pipeline.get(item.pointerKey));
            }
            pipeline.sync();
            if (loaded != null) {
                loaded.get();
            }
        }
        JedisException moved = null;
        List<SeriesWrite> writes = new ArrayList<>(slice.size());
        List<Response<Object>> results = new ArrayList<>(slice.size());
        try (Pipeline pipeline = new Pipeline(jedis.getConnection(), false)) {
            for (int i = 0; i < slice.size(); i++) {
                BatchWriter.Item item = slice.get(i);
                byte[] seen;
                try {
                    seen = pointers.get(i).get();
                } catch (JedisDataException e) {
                    moved = movedOrFail(moved, item, e);
                    writes.add(null);
                    results.add(null);
                    continue;
                }
                SeriesWrite write = writer.planStore(item.id, item.series, seen);
                writes.add(write);
                results.add(pipeline.evalsha(Scripts.STORE_SHA, write.scriptKeys(), write.storeArgs()));
            }
            pipeline.sync();
        }
        for (int i = 0; i < slice.size(); i++) {
            if (results.get(i) == null) {
                continue;
            }
            BatchWriter.Item item = slice.get(i);
            Object result;
            try {
                result = results.get(i).get();
            } catch (JedisDataException e) {
                if (!String.valueOf(e.getMessage()).startsWith("NOSCRIPT")) {
                    moved = movedOrFail(moved, item, e);
                    continue;
                }
                result = null; // the script cache was flushed meanwhile: the call alone sends it in full
            }
            if (!DONE.equals(result)) {
                storeAlone(jedis, item, writes.get(i));
            }
            stored.add(item);
        }
        return moved;
    }

    /** Stores one series whose pointer changed since it was read, reading it again for each attempt. */
    private void storeAlone(Jedis jedis, BatchWriter.Item item, SeriesWrite write) {
        for (int attempt = 0; attempt < ChunkedWriter.MAX_SWITCH_ATTEMPTS; attempt++) {
            try {
                write.rebase(jedis.get(item.pointerKey));
                if (DONE.equals(jedis.eval(Scripts.STORE, write.scriptKeys(), write.storeArgs()))) {
                    return;
                }
            } catch (JedisDataException e) {
                throw refused(item, e);
            }
        }
        throw new StorageException("store of series " + SeriesIds.quote(item.id) + " in a batch gave up: overwritten"
                + " by others " + ChunkedWriter.MAX_SWITCH_ATTEMPTS + " times in a row");
    }

    /** A reply that a healing cluster stops giving is kept for the caller; any other names the series. */
    private JedisException movedOrFail(JedisException moved, BatchWriter.Item item, JedisDataException e) {
        if (Topology.retryable(e)) {
            return moved != null ? moved : e;
        }
        throw refused(item, e);
    }

    private StorageException refused(BatchWriter.Item item, JedisDataException e) {
        if (Topology.retryable(e)) {
            throw e;
        }
        return new StorageException("store of series " + SeriesIds.quote(item.id) + " in a batch failed on redis node "
                + topology.addressOf(item.pointerKey) + ": " + topology.explain(e), e);
    }
}
