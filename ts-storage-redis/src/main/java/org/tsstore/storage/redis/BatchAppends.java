package org.tsstore.storage.redis;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The two phases of a batch of appends, each written to every master before any reply is read, so that the
 * masters work at once while the client encodes: one reads every pointer, one carries every series' new
 * chunks (set to expire) and, in the same round trip behind them, its {@link Scripts#APPEND} commit (by
 * SHA-1, see {@link StoreScript}). A commit answered {@code NOSCRIPT} did nothing and is sent again in full;
 * one that found its pointer changed (a concurrent writer) is finished alone, as a single append is. The
 * series of a master go in slices of at most {@link InlineStores#SLICE_SERIES} series or about
 * {@link InlineStores#SLICE_BYTES} of points, so that memory stays bounded however large the batch.
 *
 * <p>Series whose slot is found moved are left not done, and the first redirection is returned for the
 * caller to re-read the slot map and regroup them (see {@link BatchWriter}).
 */
final class BatchAppends {

    private static final Long DONE = 1L;

    private final ChunkedWriter writer;
    private final Topology topology;
    private final StoreScript script;

    BatchAppends(ChunkedWriter writer, Topology topology, StoreScript script) {
        this.writer = writer;
        this.topology = topology;
        this.script = script;
    }

    /**
     * Reads the pointer of every series of {@code groups} (group {@code g} on {@code connections.get(g)}) into
     * its {@code seen}, marking it done.
     *
     * @return the first redirection met; null if none
     */
    JedisException read(List<Jedis> connections, List<List<BatchWriter.Item>> groups) {
        List<Pipeline> pipelines = new ArrayList<>(groups.size());
        List<List<Response<byte[]>>> replies = new ArrayList<>(groups.size());
        for (int g = 0; g < groups.size(); g++) {
            Pipeline pipeline = new Pipeline(connections.get(g).getConnection(), false);
            List<Response<byte[]>> pointers = new ArrayList<>(groups.get(g).size());
            for (BatchWriter.Item item : groups.get(g)) {
                pointers.add(pipeline.get(item.pointerKey));
            }
            pipelines.add(pipeline);
            replies.add(pointers);
        }
        syncAll(pipelines);
        JedisException moved = null;
        for (int g = 0; g < groups.size(); g++) {
            List<BatchWriter.Item> group = groups.get(g);
            for (int i = 0; i < group.size(); i++) {
                BatchWriter.Item item = group.get(i);
                try {
                    item.seen = replies.get(g).get(i).get();
                    item.done = true;
                } catch (JedisDataException e) {
                    moved = BatchWriter.movedOrFail(topology, "read before an append", moved, item, e);
                }
            }
        }
        return moved;
    }

    /**
     * Appends every series of {@code groups} (group {@code g} all served by {@code nodes.get(g)}, on
     * {@code connections.get(g)}) by its plan, or by a plan over its pointer as it is now where it has none (a
     * run again after a failure), and marks each done once its master's replicas have it.
     *
     * @return the first redirection met; null if none
     */
    JedisException append(List<Jedis> connections, List<String> nodes, List<List<BatchWriter.Item>> groups) {
        JedisException moved = planAgain(connections, groups);
        JedisException m = InlineStores.inRounds(groups,
                (g, slice) -> new Part(nodes.get(g), connections.get(g), slice), this::appendRound);
        return moved != null ? moved : m;
    }

    /** One master's share of a round: a slice of its series, their chunks' replies and those appended. */
    private final class Part extends ScriptPart {
        final List<List<Response<String>>> chunks;
        final List<BatchWriter.Item> appended = new ArrayList<>();

        Part(String node, Jedis jedis, List<BatchWriter.Item> slice) {
            super(node, jedis, slice);
            this.chunks = new ArrayList<>(slice.size());
        }

        @Override
        JedisException settle(List<Integer> resend, JedisException moved) {
            return BatchAppends.this.settle(this, resend, moved);
        }

        @Override
        Response<Object> queueInFull(Pipeline pipeline, int i) {
            return pipeline.eval(Scripts.APPEND, writes[i].scriptKeys(), writes[i].scriptArgs());
        }
    }

    /** Plans the items that have no plan over their pointers as they are now, read from every master at once. */
    private JedisException planAgain(List<Jedis> connections, List<List<BatchWriter.Item>> groups) {
        List<List<BatchWriter.Item>> unplanned = new ArrayList<>(groups.size());
        boolean any = false;
        for (List<BatchWriter.Item> group : groups) {
            List<BatchWriter.Item> list = group.stream().filter(item -> item.plan == null).toList();
            unplanned.add(list);
            any |= !list.isEmpty();
        }
        if (!any) {
            return null;
        }
        JedisException moved = read(connections, unplanned);
        for (List<BatchWriter.Item> list : unplanned) {
            for (BatchWriter.Item item : list) {
                if (item.done) {
                    item.done = false;
                    item.plan = writer.planAppend(item.id, item.series, item.token, item.seen);
                }
            }
        }
        return moved;
    }

    private JedisException appendRound(List<Part> parts) {
        for (Part part : parts) {
            Pipeline pipeline = part.open();
            for (int i = 0; i < part.slice.size(); i++) {
                BatchWriter.Item item = part.slice.get(i);
                SeriesWrite write = item.plan;
                item.plan = null; // a run again after a failure plans again over the pointer as it is then
                part.writes[i] = write;
                List<Response<String>> sets = new ArrayList<>(write == null ? 0 : write.chunksToWrite());
                part.chunks.add(sets);
                if (write == null || write.committed()) {
                    continue;
                }
                for (int c = 0; c < write.chunksToWrite(); c++) {
                    sets.add(pipeline.set(write.chunkKey(c), write.chunkValue(c), ChunkedWriter.PENDING));
                }
                part.calls.set(i, script.queue(pipeline, part.node, Scripts.APPEND, write.scriptKeys(),
                        write.scriptArgs()));
            }
        }
        parts.forEach(Part::sync);
        JedisException moved = ScriptPart.settleAll(parts);
        for (Part part : parts) {
            if (!part.appended.isEmpty()) {
                writer.awaitReplicas(part.jedis, "append of a batch of " + part.appended.size() + " series",
                        part.appended.get(0).pointerKey);
                part.appended.forEach(item -> item.done = true);
            }
        }
        return moved;
    }

    /**
     * Reads the replies of a part's chunks and commits (and forgets them): an appended series goes to the
     * part's appended list; one whose pointer changed since it was read is appended alone; one whose commit
     * must be sent again goes to {@code resend} (null when a call is not sent again, as after a call in full).
     */
    private JedisException settle(Part part, List<Integer> resend, JedisException moved) {
        for (int i = 0; i < part.slice.size(); i++) {
            BatchWriter.Item item = part.slice.get(i);
            SeriesWrite write = part.writes[i];
            if (write != null && write.committed()) {
                part.writes[i] = null;
                part.appended.add(item); // an earlier run's commit, whose reply was lost
                continue;
            }
            Response<Object> call = part.calls.get(i);
            if (call == null) {
                continue;
            }
            part.calls.set(i, null);
            Object result;
            try {
                for (Response<String> set : part.chunks.get(i)) {
                    set.get();
                }
                part.chunks.get(i).clear();
                result = call.get();
            } catch (JedisDataException e) {
                if (resend != null && script.resend(e)) {
                    resend.add(i);
                } else {
                    moved = BatchWriter.movedOrFail(topology, "append", moved, item, e);
                }
                continue;
            }
            if (!DONE.equals(result)) {
                writer.unlinkChunks(part.jedis, write);
                writer.append(part.jedis, item.id, item.series, item.token);
            }
            part.appended.add(item);
        }
        return moved;
    }

    /**
     * Reads each pipeline's replies in turn and closes it; each sent its commands as its buffer filled, so all
     * but their last few KiB reached the masters before the first reply is awaited.
     */
    private static void syncAll(List<Pipeline> pipelines) {
        for (Pipeline pipeline : pipelines) {
            pipeline.sync();
            pipeline.close();
        }
    }
}
