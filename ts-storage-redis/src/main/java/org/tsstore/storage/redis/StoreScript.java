package org.tsstore.storage.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * How a batch calls a script of {@link Scripts} ({@link Scripts#STORE} for small stores, {@link Scripts#COMMIT}
 * and {@link Scripts#APPEND} for the commits of large stores and appends) on a node, without {@code SCRIPT LOAD} (which the README's ACL
 * line does not grant): by its SHA-1 ({@code EVALSHA}) where the script is cached, so that a pipeline of
 * thousands of calls does not carry it thousands of times, and in full ({@code EVAL}, which caches it) for
 * the first call on a node this manager has not run it on yet. A call answered {@code NOSCRIPT} (the node's
 * cache was flushed, or the node restarted) did nothing and is sent again in full; so is one refused
 * because the user may not run {@code EVALSHA} (an ACL line without {@code +evalsha}), after which this
 * manager sends every store in full for the rest of its life.
 */
final class StoreScript {

    /** Node ({@code host:port}) and SHA-1 of each script this manager has sent in full to that node. */
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private volatile boolean evalOnly;

    /** Queues one store on a pipeline to {@code node}: by SHA-1 where the node should have the script. */
    Response<Object> queue(Pipeline pipeline, String node, List<byte[]> keys, List<byte[]> args) {
        return queue(pipeline, node, Scripts.STORE, keys, args);
    }

    /** Queues one call of {@code script} on a pipeline to {@code node}: by SHA-1 where the node should have it. */
    Response<Object> queue(Pipeline pipeline, String node, byte[] script, List<byte[]> keys, List<byte[]> args) {
        byte[] sha = Scripts.shaOf(script);
        if (evalOnly || sent.add(node + " " + new String(sha, StandardCharsets.US_ASCII))) {
            return pipeline.eval(script, keys, args);
        }
        return pipeline.evalsha(sha, keys, args);
    }

    /**
     * Whether an error reply to a queued store means the call did nothing and must be sent again in full:
     * {@code NOSCRIPT}, or a refusal of {@code EVALSHA} by the ACL (which also makes every later store of
     * this manager go in full).
     */
    boolean resend(JedisDataException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("NOSCRIPT")) {
            return true;
        }
        if (refusesEvalsha(message)) {
            evalOnly = true;
            return true;
        }
        return false;
    }

    /** Whether stores go in full only, since the server refused this user {@code EVALSHA}. */
    boolean evalOnly() {
        return evalOnly;
    }

    /** Whether an error message is the ACL refusing {@code EVALSHA} (and not, say, a key of the script). */
    static boolean refusesEvalsha(String message) {
        return message.startsWith("NOPERM") && message.toLowerCase(Locale.ROOT).contains("'evalsha'");
    }
}
