package org.tsstore.storage.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Stores and appends of many series, grouped by the master that serves each series' slot: per master
 * and phase, one pipeline round trip carries the commands of every series of the group, and one
 * {@code WAIT} covers the group under {@link RedisDurability#REPLICATED}. Small stores
 * ({@link InlineStores}: one script call a series) and appends ({@link BatchAppends}: a read of every
 * pointer, then each series' new chunks and commit in one round trip) go to every master at once; large
 * stores (chunks set to expire, then the commits) one master after another. Each series' change is atomic,
 * the batch is not: a failure part-way leaves some series changed and others not. A series whose pointer
 * changed between its read and its commit (a concurrent writer) is finished alone, as
 * {@link ChunkedWriter} does for one series.
 *
 * <p>A group runs through {@link Topology#call} (the groups of all masters at once through
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
    private final BatchAppends appends;
    private final StoreScript scripts = new StoreScript();

    BatchWriter(SeriesKeys keys, Topology topology, ChunkedWriter writer, RedisSettings settings) {
        this.keys = keys;
        this.topology = topology;
        this.writer = writer;
        this.timeoutMillis = settings.timeoutMillis();
        this.inline = new InlineStores(writer, topology, scripts);
        this.appends = new BatchAppends(writer, topology, scripts);
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

    /** The body of one phase for the series of every master at once, group {@code g} on connection {@code g}. */
    @FunctionalInterface
    private interface MastersBody {
        JedisException run(List<Jedis> connections, List<String> nodes, List<List<Item>> groups);
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
        acrossMasters(small, "store", (connections, nodes, groups) -> {
            List<List<Item>> stored = new ArrayList<>(groups.size());
            groups.forEach(group -> stored.add(new ArrayList<>()));
            JedisException moved = inline.store(connections, nodes, groups, stored);
            for (int g = 0; g < groups.size(); g++) {
                finish(connections.get(g), stored.get(g));
            }
            return moved;
        });
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
        acrossMasters(items, "read before an append", (connections, nodes, groups) -> appends.read(connections,
                groups));
        for (Item item : items) {
            item.plan = writer.planAppend(item.id, item.series, item.token, item.seen);
            item.done = false;
        }
        acrossMasters(items, "append", appends::append);
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

    /** Commits one large store whose pointer changed since it was planned, as a single store does. */
    private void finishAlone(Jedis jedis, Item item, SeriesWrite write) {
        for (int attempt = 0; attempt < ChunkedWriter.MAX_SWITCH_ATTEMPTS; attempt++) {
            write.rebase(jedis.get(item.pointerKey));
            if (Long.valueOf(1).equals(jedis.eval(write.script(), write.scriptKeys(), write.scriptArgs()))) {
                return;
            }
        }
        throw new StorageException("store of series " + item.id + " in a batch gave up: overwritten by others "
                + ChunkedWriter.MAX_SWITCH_ATTEMPTS + " times in a row");
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

    /**
     * Runs a phase for every item not yet done on every master at once: one group per master, each on its
     * own connection, through {@link Topology#callEach} (so it is run again while a cluster heals); the body
     * marks the items it finished done and returns the first redirection it met, after which the slot map is
     * read again and the rest regrouped.
     */
    private void acrossMasters(List<Item> items, String what, MastersBody body) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        for (Map<String, List<Item>> groups = groups(items); !groups.isEmpty(); groups = groups(items)) {
            List<List<Item>> lists = new ArrayList<>(groups.values());
            List<byte[]> firsts = lists.stream().map(group -> group.get(0).pointerKey).toList();
            topology.callEach(firsts, what + " of a batch of " + items.size() + " series", connections -> {
                List<String> nodes = new ArrayList<>(firsts.size());
                List<List<Item>> here = new ArrayList<>(firsts.size());
                for (int g = 0; g < firsts.size(); g++) {
                    String node = topology.addressOf(firsts.get(g));
                    nodes.add(node);
                    here.add(lists.get(g).stream()
                            .filter(item -> !item.done && topology.addressOf(item.pointerKey).equals(node)).toList());
                }
                JedisException moved = body.run(connections, nodes, here);
                if (moved != null) {
                    throw moved; // the rest again, once the slot map is read again
                }
            });
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

    /** A reply that a healing cluster stops giving is kept for the caller; any other names the series. */
    static JedisException movedOrFail(Topology topology, String what, JedisException moved, Item item,
            JedisDataException e) {
        if (Topology.retryable(e)) {
            return moved != null ? moved : e;
        }
        throw refused(topology, what, item, e);
    }

    /** Redis refused {@code what} of a batch's series: names it and the node, unless a healing cluster will not. */
    static StorageException refused(Topology topology, String what, Item item, JedisDataException e) {
        if (Topology.retryable(e)) {
            throw e;
        }
        return new StorageException(what + " of series " + SeriesIds.quote(item.id) + " in a batch failed on redis"
                + " node " + topology.addressOf(item.pointerKey) + ": " + topology.explain(e), e);
    }
}
