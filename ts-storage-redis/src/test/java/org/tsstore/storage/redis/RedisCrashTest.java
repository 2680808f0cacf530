package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tsstore.testkit.reliability.CrashHarness;
import org.tsstore.testkit.reliability.CrashReport;
import org.tsstore.testkit.StressProfile;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

/**
 * A client JVM writing through the backend is killed with SIGKILL again and again, mostly in the middle
 * of multi-chunk stores, appends and batches: no acknowledged write is lost, nothing half-written becomes visible, and the
 * chunks a dead writer left uncommitted are set to expire rather than left forever.
 */
class RedisCrashTest {

    @Test
    void killedWritersLoseNothingAcknowledgedAndExposeNothingHalfWritten() {
        String prefix = RedisFixtures.freshPrefix("crash");
        URI location = URI.create("redis://" + RedisFixtures.standalone().address() + "/0?prefix=" + prefix);
        CrashReport report = CrashHarness.builder(location).option("chunkBytes", "1k")
                .cycles(StressProfile.count(25, 500)).seed(Long.getLong("tsstore.crash.seed", 9L))
                .maxPoints(20_000).build().run();
        System.out.println(report);

        try (RedisStorageManager store = RedisStorageManager.open(location);
                Jedis jedis = RedisFixtures.standalone().client()) {
            Set<String> referenced = new HashSet<>();
            for (String id : store.ids()) {
                SeriesPointer pointer = SeriesPointer.decode(jedis.get(store.keys().pointer(id)));
                for (SeriesPointer.Chunk chunk : pointer.chunks()) {
                    referenced.add(new String(store.keys().chunk(id, chunk.key()),
                            java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                var page = jedis.scan(cursor, new ScanParams().match(prefix + ":*:c:*").count(1000));
                for (String chunk : page.getResult()) {
                    long ttl = jedis.pttl(chunk);
                    if (referenced.contains(chunk)) {
                        assertEquals(-1, ttl, "a committed chunk must not expire: " + chunk);
                    } else {
                        assertEquals(true, ttl > 0 && ttl <= RedisStorageManager.PENDING_TTL_MILLIS,
                                "an uncommitted chunk must expire: " + chunk + " has ttl " + ttl);
                    }
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
    }
}
