package org.tsstore.storage.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Stores and appends of many series, grouped by the master that serves each series' slot: per master
 * and phase, one pipeline round trip carries the commands of every series of the group (reading the
 * pointers, writing new chunks, committing; a small series' store is one script call, see
 * {@link InlineStores}, which sends to every master before reading any reply), and one {@code WAIT}
 * covers the group under
 * {@link RedisDurability#REPLICATED}. Each series' change is atomic, the batch is not: a failure part-way
 * leaves some series changed and others not. A series whose pointer changed between its read and its
 * commit (a concurrent writer) is finished alone, as {@link ChunkedWriter} does for one series.
 *
 * <p>A group runs through {@link Topology#call} (the small stores of all masters through
 * {@link Topology#callEach}), so a failover re-runs it on the new master; series done
 * are not run again, an append's token makes a commit whose reply was lost count as done, and series
 * whose slot moved to another master are regrouped.
 */
final class BatchWriter {

    private final SeriesKeys keys;
    private final Topology topology;
    private final ChunkedWriter writer;
    private final long timeoutMillis;
    private final InlineStores inline;
    private final StoreScript scripts = new StoreScript();

    BatchWriter(SeriesKeys keys, Topology topology, ChunkedWriter writer, RedisSettings settings) {
        this.keys = keys;
        this.topology = topology;
        this.writer = writer;
        this.timeoutMillis = settings.timeoutMillis();
        this.inline = new InlineStores(writer, topology, scripts);
    }

    /** One series of a batch. */
    static final class Item {
        final String id;
        final byte[] pointerKey;
        final SizedContainerTimeSeries series;
        final long token;
        byte[] seen;
        SeriesWrite plan;
        boolean done;

        Item(String id, byte[] pointerKey, SizedContainerTimeSeries series, long token) {
            this.id = id;
            this.pointerKey = pointerKey;
            this.series = series;
            this.token = token;
        }
    }

    /** The body of one phase for the series of one group, on a connection to their master. */
    @FunctionalInterface
    private interface GroupBody {
        void run(Jedis jedis, List<Item> group);
    }

    /**
     * Makes each series the current value of its id: large ones as chunks set to expire and then a commit, as
     * one store does, one master after another; small ones through {@link InlineStores}, every master at
     * once. One {@code WAIT} per master and kind.
     */
    void storeAll(Map<String, ? extends SizedContainerTimeSeries> batch) {
        List<Item> items = items(batch);
        List<Item> large = items.stream().filter(item -> !InlineStores.fits(item)).toList();
        if (!large.isEmpty()) {
            perMaster(large, "store", (jedis, group) -> {
                storeLarge(jedis, group);
                finish(jedis, group);
            });
        }
        List<Item> small = large.isEmpty() ? items : items.stream().filter(InlineStores::fits).toList();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        for (Map<String, List<Item>> groups = groups(small); !groups.isEmpty(); groups = groups(small)) {
            List<List<Item>> lists = new ArrayList<>(groups.values());
            List<byte[]> firsts = lists.stream().map(group -> group.get(0).pointerKey).toList();
            topology.callEach(firsts, "store of a batch of " + small.size() + " series", connections -> {
                List<String> nodes = new ArrayList<>(firsts.size());
                List<List<Item>> here = new ArrayList<>(firsts.size());
                List<List<Item>> stored = new ArrayList<>(firsts.size());
                for (int g = 0; g < firsts.size(); g++) {
                    String node = topology.addressOf(firsts.get(g));
                    nodes.add(node);
                    here.add(lists.get(g).stream()
                            .filter(item -> !item.done && topology.addressOf(item.pointerKey).equals(node)).toList());
                    stored.add(new ArrayList<>());
                }
                JedisException moved = inline.store(connections, nodes, here, stored);
                for (int g = 0; g < firsts.size(); g++) {
                    finish(connections.get(g), stored.get(g));
                }
                if (moved != null) {
                    throw moved; // the rest again, once the slot map is read again
                }
            });
            nextRound(small, "store", deadline);
        }
    }

    /** Stores large series: their chunks pipelined and set to expire, then the commits pipelined. */
    private void storeLarge(Jedis jedis, List<Item> group) {
        List<SeriesWrite> writes = new ArrayList<>(group.size());
        List<Response<byte[]>> pointers = new ArrayList<>(group.size());
        try (Pipeline pipeline = new Pipeline(jedis.getConnection(), false)) {
            List<Response<String>> replies = new ArrayList<>();
            for (Item item : group) {
                writes.add(writer.planStore(item.id, item.series, null));
            }
            writer.queueChunks(pipeline, replies, writes);
            for (Item item : group) {
                pointers.add(pipeline.get(item.pointerKey));
            }
            ChunkedWriter.sync(pipeline, replies);
        }
        for (int i = 0; i < group.size(); i++) {
            writes.get(i).rebase(pointers.get(i).get());
        }
        commit(jedis, group, writes);
    }

    /**
     * Appends non-empty series to their ids. Every id's pointer is read and the order of its points
     * checked before anything is written.
     *
     * @throws IllegalArgumentException naming the first id (in the map's order) whose points do not follow
     *     its stored ones; nothing changes
     */
    void appendAll(Map<String, ? extends SizedContainerTimeSeries> batch) {
        List<Item> items = items(batch);
        perMaster(items, "read before an append", (jedis, group) -> {
            List<Response<byte[]>> pointers = new ArrayList<>(group.size());
            try (Pipeline pipeline = new Pipeline(jedis.getConnection(), false)) {
                for (Item item : group) {
                    pointers.add(pipeline.get(item.pointerKey));
                }
                pipeline.sync();
            }
            for (int i = 0; i < group.size(); i++) {
                group.get(i).seen = pointers.get(i).get();
                group.get(i).done = true;
            }
        });
        for (Item item : items) {
            item.plan = writer.planAppend(item.id, item.series, item.token, item.seen);
            item.done = false;
        }
        perMaster(items, "append", (jedis, group) -> {
            List<SeriesWrite> writes = new ArrayList<>(group.size());
            for (Item item : group) {
                // a re-run after a failure plans again over the pointer as it is now
                writes.add(item.plan != null ? item.plan
                        : writer.planAppend(item.id, item.series, item.token, jedis.get(item.pointerKey)));
                item.plan = null;
            }
            writer.sendChunks(jedis, writes.stream().filter(w -> !w.committed()).toList());
            commit(jedis, group, writes);
            finish(jedis, group);
        });
    }

    private List<Item> items(Map<String, ? extends SizedContainerTimeSeries> batch) {
        List<Item> items = new ArrayList<>(batch.size());
        batch.forEach((id, series) -> items.add(new Item(id, keys.pointer(id), series, writer.newToken())));
        return items;
    }

    /**
     * Commits a group's writes in one pipeline, by SHA-1 where the master has the script (see
     * {@link StoreScript}; the calls it refused that way are sent again in full), and finishes alone those
     * whose pointer changed meanwhile.
     */
    private void commit(Jedis jedis, List<Item> group, List<SeriesWrite> writes) {
        String node = topology.addressOf(group.get(0).pointerKey);
        List<Response<Object>> results = new ArrayList<>(group.size());
        try (Pipeline pipeline = new Pipeline(jedis.getConnection(), false)) {
            for (SeriesWrite write : writes) {
                results.add(write.committed() ? null
                        : scripts.queue(pipeline, node, write.script(), write.scriptKeys(), write.scriptArgs()));
            }
            pipeline.sync();
        }
        List<Integer> again = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            if (results.get(i) != null) {
                try {
                    results.get(i).get();
                } catch (JedisDataException e) {
                    if (!scripts.resend(e)) {
                        throw e;
                    }
                    again.add(i);
                }
            }
        }
        if (!again.isEmpty()) {
            try (Pipeline pipeline = new Pipeline(jedis.getConnection(), false)) {
                for (int i : again) {
                    SeriesWrite write = writes.get(i);
                    results.set(i, pipeline.eval(write.script(), write.scriptKeys(), write.scriptArgs()));
                }
                pipeline.sync();
            }
        }
        for (int i = 0; i < group.size(); i++) {
            Item item = group.get(i);
            SeriesWrite write = writes.get(i);
            if (results.get(i) != null && !Long.valueOf(1).equals(results.get(i).get())) {
                finishAlone(jedis, item, write);
            }
        }
    }

    /**
     * Waits once for the replicas to have the series stored on this master; only then are they done, so
     * that a re-run after a failure waits for them again.
     */
    private void finish(Jedis jedis, List<Item> stored) {
        if (stored.isEmpty()) {
            return;
        }
        writer.awaitReplicas(jedis, "batch of " + stored.size() + " series", stored.get(0).pointerKey);
        stored.forEach(item -> item.done = true);
    }

    /** Commits one write whose pointer changed since it was planned, as a single store or append does. */
    private void finishAlone(Jedis jedis, Item item, SeriesWrite write) {
        if (write.script() == Scripts.COMMIT) {
            for (int attempt = 0; attempt < ChunkedWriter.MAX_SWITCH_ATTEMPTS; attempt++) {
                write.rebase(jedis.get(item.pointerKey));
                if (Long.valueOf(1).equals(jedis.eval(write.script(), write.scriptKeys(), write.scriptArgs()))) {
                    return;
                }
            }
            throw new StorageException("store of series " + item.id + " in a batch gave up: overwritten by others "
                    + ChunkedWriter.MAX_SWITCH_ATTEMPTS + " times in a row");
        }
        writer.unlinkChunks(jedis, write);
        writer.append(jedis, item.id, item.series, item.token);
    }

    /**
     * Runs a phase for every item not yet done, one group per master, until each is done: a group runs
     * through {@link Topology#call} (so it is re-run while a cluster heals), and items whose slot is
     * found on another master meanwhile are left for the next round, after the slot map is re-read.
     */
    private void perMaster(List<Item> items, String what, GroupBody body) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        for (Map<String, List<Item>> groups = groups(items); !groups.isEmpty(); groups = groups(items)) {
            for (List<Item> group : groups.values()) {
                byte[] first = group.get(0).pointerKey;
                topology.call(first, what + " of a batch of " + group.size() + " series", jedis -> {
                    String node = topology.addressOf(first);
                    List<Item> here = group.stream()
                            .filter(item -> !item.done && topology.addressOf(item.pointerKey).equals(node))
                            .toList();
                    if (!here.isEmpty()) {
                        body.run(jedis, here);
                    }
                    return null;
                });
            }
            nextRound(items, what, deadline);
        }
    }

    /** The items not yet done, grouped by the master that serves each one's slot. */
    private Map<String, List<Item>> groups(List<Item> items) {
        Map<String, List<Item>> groups = new LinkedHashMap<>();
        for (Item item : items) {
            if (!item.done) {
                groups.computeIfAbsent(topology.addressOf(item.pointerKey), a -> new ArrayList<>()).add(item);
            }
        }
        return groups;
    }

    /** After a round that left items not done (their slot moved): gives up past the deadline, else re-reads. */
    private void nextRound(List<Item> items, String what, long deadline) {
        if (items.stream().allMatch(item -> item.done)) {
            return;
        }
        if (System.nanoTime() > deadline) {
            throw new StorageException(what + " of a batch on " + topology.describe() + " gave up: slots kept"
                    + " moving for " + timeoutMillis + " ms");
        }
        topology.refresh();
    }
}
