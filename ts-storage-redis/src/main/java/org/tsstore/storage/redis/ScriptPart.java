package org.tsstore.storage.redis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One master's share of a round of a batch's script calls ({@link InlineStores}, {@link BatchAppends}): a
 * slice of its series on a connection to it, with the call queued for each, and the one way the replies are
 * read: every part's first, then the calls a node answered {@code NOSCRIPT} (which did nothing) sent again in
 * full, exactly those, and read.
 */
abstract class ScriptPart {

    final String node;
    final Jedis jedis;
    final List<BatchWriter.Item> slice;
    final SeriesWrite[] writes;
    final List<Response<Object>> calls;
    private Pipeline pipeline;

    ScriptPart(String node, Jedis jedis, List<BatchWriter.Item> slice) {
        this.node = node;
        this.jedis = jedis;
        this.slice = slice;
        this.writes = new SeriesWrite[slice.size()];
        this.calls = new ArrayList<>(Collections.nCopies(slice.size(), null));
    }

    /** Opens a pipeline on this part's connection, for the next phase. */
    final Pipeline open() {
        pipeline = new Pipeline(jedis.getConnection(), false);
        return pipeline;
    }

    /** Sends what the open pipeline holds, reads its replies and closes it. */
    final void sync() {
        pipeline.sync();
        pipeline.close();
        pipeline = null;
    }

    /**
     * Reads the replies of this part's calls, forgetting each: a call to send again goes to {@code resend}
     * (null when no call is sent again, as after a call in full).
     *
     * @return {@code moved}, or the first redirection met if it is null
     */
    abstract JedisException settle(List<Integer> resend, JedisException moved);

    /** Queues call {@code i} again in full. */
    abstract Response<Object> queueInFull(Pipeline pipeline, int i);

    /**
     * Reads the replies of every part's calls, then sends again in full those to send again, every part's
     * before any reply, and reads them.
     *
     * @return the first redirection met; null if none
     */
    static JedisException settleAll(List<? extends ScriptPart> parts) {
        JedisException moved = null;
        List<ScriptPart> again = new ArrayList<>();
        for (ScriptPart part : parts) {
            List<Integer> resend = new ArrayList<>();
            moved = part.settle(resend, moved);
            if (!resend.isEmpty()) {
                Pipeline pipeline = part.open();
                for (int i : resend) {
                    part.calls.set(i, part.queueInFull(pipeline, i));
                }
                again.add(part);
            }
        }
        for (ScriptPart part : again) {
            part.sync();
            moved = part.settle(null, moved);
        }
        return moved;
    }
}
