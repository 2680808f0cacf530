package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tsstore.testkit.reliability.CorruptionCampaign;
import org.tsstore.testkit.reliability.CorruptionReport;
import org.tsstore.testkit.DamageSite;
import org.tsstore.testkit.StressProfile;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The testkit's corruption campaign on one standalone Redis server: each case writes a history under a
 * fresh prefix with 1 KiB chunks (so series span several chunk keys), damages one key's value (a pointer
 * a chunk or the namespace marker, in turn) and checks that the reopened store reads every series back equal or refuses it
 * naming the key, and never returns wrong data.
 *
 * <p>Every key of this backend is a plain string (pointers, chunks, the marker), so every key is a site,
 * read with GET and written back with SET, keeping any TTL. Repeat a violation with
 * {@code -Dtsstore.corruption.seed=S -Dtsstore.corruption.cases=N}.
 */
class RedisCorruptionTest {

    private static final long DEFAULT_SEED = 20_261_125L;

    @Test
    void damagedKeysAreReportedOrRefusedNamingTheKeyNeverReadWrong() {
        String address = RedisFixtures.standalone().address();
        int cases = Integer.getInteger("tsstore.corruption.cases", StressProfile.count(300, 3000));
        long seed = Long.getLong("tsstore.corruption.seed", DEFAULT_SEED);
        String run = RedisFixtures.freshPrefix("corruption");
        CorruptionReport report;
        try {
            report = CorruptionCampaign.builder(
                            i -> URI.create("redis://" + address + "/0?prefix=" + run + "-" + i),
                            RedisCorruptionTest::sites)
                    .option("chunkBytes", "1k")
                    .cases(cases)
                    .seed(seed)
                    .build()
                    .run();
        } finally {
            unlinkAll(run + "-*"); // the shared server serves the other tests after this one
        }
        assertEquals(cases, report.cases());
        assertTrue(report.seriesChecked() > 0, "the campaign read no series back: " + report);
    }

    private static void unlinkAll(String pattern) {
        try (Jedis jedis = RedisFixtures.standalone().client()) {
            ScanParams params = new ScanParams().match(pattern).count(1000);
            byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
            do {
                ScanResult<byte[]> page = jedis.scan(cursor, params);
                if (!page.getResult().isEmpty()) {
                    jedis.unlink(page.getResult().toArray(new byte[0][]));
                }
                cursor = page.getCursorAsBytes();
            } while (!java.util.Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
        }
    }

    /** Every key under the store's prefix, by its role in the layout (see {@link SeriesKeys}). */
    private static List<DamageSite> sites(URI location) {
        String prefix = RedisSettings.parse(location, java.util.Map.of()).prefix();
        List<DamageSite> sites = new ArrayList<>();
        try (Jedis jedis = RedisFixtures.standalone().client()) {
            ScanParams params = new ScanParams().match(prefix + ":*").count(1000);
            byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
            do {
                ScanResult<byte[]> page = jedis.scan(cursor, params);
                for (byte[] key : page.getResult()) {
                    String name = new String(key, StandardCharsets.UTF_8);
                    assertEquals("string", jedis.type(key), "every key of the layout is a plain string: " + name);
                    sites.add(new KeySite(name, kindOf(prefix, name)));
                }
                cursor = page.getCursorAsBytes();
            } while (!java.util.Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
        }
        sites.sort(java.util.Comparator.comparing(DamageSite::name));
        return sites;
    }

    private static String kindOf(String prefix, String key) {
        if (key.equals(prefix + ":meta")) {
            return "marker";
        }
        String rest = key.substring(prefix.length() + 1);
        int close = rest.indexOf("}:");
        String role = close < 0 ? "" : rest.substring(close + 2);
        if (role.equals("p")) {
            return "pointer";
        }
        if (role.startsWith("c:")) {
            return "chunk";
        }
        throw new AssertionError("a key outside the layout under prefix " + prefix + ": " + key);
    }

    /** One key's value: the campaign damages it in place, keeping its TTL (an uncommitted chunk's). */
    private record KeySite(String name, String kind) implements DamageSite {

        @Override
        public byte[] read() {
            try (Jedis jedis = RedisFixtures.standalone().client()) {
                byte[] value = jedis.get(SeriesKeys.bytes(name));
                if (value == null) {
                    throw new AssertionError("key " + name + " vanished before it was damaged");
                }
                return value;
            }
        }

        @Override
        public void write(byte[] bytes) {
            try (Jedis jedis = RedisFixtures.standalone().client()) {
                jedis.set(SeriesKeys.bytes(name), bytes, SetParams.setParams().keepTtl());
            }
        }
    }
}
