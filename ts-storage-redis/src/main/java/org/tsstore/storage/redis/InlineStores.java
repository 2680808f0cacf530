package org.tsstore.storage.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.StorageException;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The stores of a batch's small series, each one {@link Scripts#STORE} call that writes the series' chunks
 * and switches its pointer at once. The series go in rounds; a round takes a slice of every master's
 * series and runs two pipelined phases over all the masters at once, each sent to every master before any
 * reply is read, so that the masters work while the client encodes: one reads every pointer, one carries
 * every store (by SHA-1, see {@link StoreScript}). The calls a master answered {@code NOSCRIPT} did
 * nothing and are sent again in full, exactly those, in a third phase. Against the path of a large series
 * (chunks set to expire, then a commit script that checks and keeps them) this sends one command per
 * series instead of two and asks the server for far fewer key operations. A slice holds at most
 * {@link #SLICE_SERIES} series or about {@link #SLICE_BYTES} of points, so memory stays bounded however
 * large the batch.
 */
final class InlineStores {

    /** Series of at most this many points are stored in one script call (256 KiB of raw points). */
    static final int MAX_POINTS = 16_384;
    static final int SLICE_SERIES = 4096;
    static final long SLICE_BYTES = 8L << 20;
    private static final Long DONE = 1L;

    private final ChunkedWriter writer;
    private final Topology topology;
    private final StoreScript script;

    InlineStores(ChunkedWriter writer, Topology topology, StoreScript script) {
        this.writer = writer;
        this.topology = topology;
        this.script = script;
    }

    /** Whether a series is stored this way. */
    static boolean fits(BatchWriter.Item item) {
        return item.series.size() <= MAX_POINTS;
    }

    /** One master's share of a round: a slice of its series, their pointers and what became of each. */
    private final class Part extends ScriptPart {
        final List<BatchWriter.Item> stored;
        final List<Response<byte[]>> pointers;

        Part(String node, Jedis jedis, List<BatchWriter.Item> slice, List<BatchWriter.Item> stored) {
            super(node, jedis, slice);
            this.stored = stored;
            this.pointers = new ArrayList<>(slice.size());
        }

        @Override
        JedisException settle(List<Integer> resend, JedisException moved) {
            return InlineStores.this.settle(this, resend, moved);
        }

        @Override
        Response<Object> queueInFull(Pipeline pipeline, int i) {
            return pipeline.eval(Scripts.STORE, writes[i].scriptKeys(), writes[i].storeArgs());
        }
    }

    /**
     * Stores every series of {@code groups}: group {@code g} all served by the master {@code nodes.get(g)},
     * on {@code connections.get(g)}; adds each one stored to {@code stored.get(g)}. Series whose slot was
     * found moved are left out.
     *
     * @return the first redirection met, for the caller to re-read the slot map and regroup; null if none
     * @throws StorageException naming the id, if Redis refused a series' store
     */
    JedisException store(List<Jedis> connections, List<String> nodes, List<List<BatchWriter.Item>> groups,
            List<List<BatchWriter.Item>> stored) {
        return inRounds(groups, (g, slice) -> new Part(nodes.get(g), connections.get(g), slice, stored.get(g)),
                this::storeRound);
    }

    /**
     * Runs {@code round} until every group is through: each round over one part of every group not yet
     * through, made by {@code part} from the group's index and its next slice (see {@link #sliceEnd}).
     *
     * @return the first redirection a round returned; null if none
     */
    static <P> JedisException inRounds(List<List<BatchWriter.Item>> groups,
            BiFunction<Integer, List<BatchWriter.Item>, P> part, Function<List<P>, JedisException> round) {
        JedisException moved = null;
        int[] from = new int[groups.size()];
        while (true) {
            List<P> parts = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                List<BatchWriter.Item> group = groups.get(g);
                if (from[g] < group.size()) {
                    int to = sliceEnd(group, from[g]);
                    parts.add(part.apply(g, group.subList(from[g], to)));
                    from[g] = to;
                }
            }
            if (parts.isEmpty()) {
                return moved;
            }
            JedisException m = round.apply(parts);
            moved = moved != null ? moved : m;
        }
    }

    /** The end of the slice of {@code group} that starts at {@code from}. */
    private static int sliceEnd(List<BatchWriter.Item> group, int from) {
        int to = from;
        long bytes = 0;
        while (to < group.size() && to - from < SLICE_SERIES && bytes < SLICE_BYTES) {
            bytes += 16L * group.get(to).series.size() + 256;
            to++;
        }
        return to;
    }

    private JedisException storeRound(List<Part> parts) {
        for (Part part : parts) {
            Pipeline pipeline = part.open();
            for (BatchWriter.Item item : part.slice) {
                part.pointers.add(pipeline.get(item.pointerKey));
            }
        }
        parts.forEach(Part::sync);
        JedisException moved = null;
        for (Part part : parts) {
            Pipeline pipeline = part.open();
            for (int i = 0; i < part.slice.size(); i++) {
                BatchWriter.Item item = part.slice.get(i);
                byte[] seen;
                try {
                    seen = part.pointers.get(i).get();
                } catch (JedisDataException e) {
                    moved = BatchWriter.movedOrFail(topology, "store", moved, item, e);
                    continue;
                }
                SeriesWrite write = writer.planStore(item.id, item.series, seen);
                part.writes[i] = write;
                part.calls.set(i, script.queue(pipeline, part.node, write.scriptKeys(), write.storeArgs()));
            }
        }
        parts.forEach(Part::sync);
        JedisException settled = ScriptPart.settleAll(parts);
        return moved != null ? moved : settled;
    }

    /**
     * Reads the replies of a part's store calls (and forgets them): a stored series goes to the part's
     * stored list; one whose pointer changed since it was read is stored alone; one that must be sent again
     * goes to {@code resend} (null when a call is not sent again, as after a call in full).
     */
    private JedisException settle(Part part, List<Integer> resend, JedisException moved) {
        for (int i = 0; i < part.slice.size(); i++) {
            Response<Object> call = part.calls.get(i);
            if (call == null) {
                continue;
            }
            part.calls.set(i, null);
            BatchWriter.Item item = part.slice.get(i);
            Object result;
            try {
                result = call.get();
            } catch (JedisDataException e) {
                if (resend != null && script.resend(e)) {
                    resend.add(i);
                } else {
                    moved = BatchWriter.movedOrFail(topology, "store", moved, item, e);
                }
                continue;
            }
            if (!DONE.equals(result)) {
                storeAlone(part.jedis, item, part.writes[i]);
            }
            part.stored.add(item);
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
                throw BatchWriter.refused(topology, "store", item, e);
            }
        }
        throw new StorageException("store of series " + SeriesIds.quote(item.id) + " in a batch gave up: overwritten"
                + " by others " + ChunkedWriter.MAX_SWITCH_ATTEMPTS + " times in a row");
    }
}
