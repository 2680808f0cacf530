package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.storage.redis.SeriesPointer.Chunk;
import redis.clients.jedis.Jedis;

/**
 * {@code codec=compressed} on a real redis-server, beside plain arrays: chunks of framed blocks whose lengths
 * the pointer keeps, far smaller than raw chunks; a range read fetches only the chunks it overlaps (a removed
 * chunk outside it does not matter); a damaged block is refused naming its chunk; raw and compressed series
 * share a prefix, each append keeping its series' codec.
 */
class RedisCompressionTest {

    private final String prefix = RedisFixtures.freshPrefix("codec");
    private final SeriesKeys keys = new SeriesKeys(prefix);
    private final Jedis jedis = RedisFixtures.standalone().client();

    @AfterEach
    void close() {
        jedis.close();
    }

    private static double[][] points(int from, int n) {
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int k = from + i;
            t[i] = 1_600_000_000 + 60.0 * k;
            v[i] = Math.round(1000 * Math.cos(k / 30.0)) / 10.0;
        }
        return new double[][] {t, v};
    }

    private static void assertSeries(double[][] p, SizedContainerTimeSeries s) {
        assertEquals(p[0].length, s.size());
        for (int i = 0; i < s.size(); i++) {
            assertEquals(Double.doubleToRawLongBits(p[0][i]), Double.doubleToRawLongBits(s.time(i)), "time " + i);
            assertEquals(Double.doubleToRawLongBits(p[1][i]), Double.doubleToRawLongBits(s.value(i)), "value " + i);
        }
    }

    private SeriesPointer pointer(String id) {
        return SeriesPointer.decode(jedis.get(keys.pointer(id)));
    }

    private long chunkBytes(String id) {
        long sum = 0;
        for (Chunk c : pointer(id).chunks()) {
            sum += jedis.strlen(keys.chunk(id, c.key()));
        }
        return sum;
    }

    @Test
    void chunksHoldFramedBlocksFarSmallerThanRawPoints() {
        double[][] p = points(0, 20_000);
        try (RedisStorageManager c = RedisFixtures.openStandalone(prefix, Map.of("codec", "compressed"));
                RedisStorageManager r = RedisFixtures.openStandalone(prefix, Map.of())) {
            c.store("c", ArrayTimeSeries.of(p[0], p[1]));
            r.store("r", ArrayTimeSeries.of(p[0], p[1]));
            assertSeries(p, c.get("c"));
            assertSeries(p, r.get("c"));
            SeriesPointer pc = pointer("c");
            assertTrue(pc.compressed());
            assertFalse(pointer("r").compressed());
            long compressed = chunkBytes("c");
            assertEquals(16L * 20_000, chunkBytes("r"));
            assertTrue(compressed * 4 < 16L * 20_000, compressed + " bytes compressed");
            long named = pc.chunks().stream().mapToLong(Chunk::bytes).sum();
            assertEquals(compressed, named, "the pointer names each chunk's length");
        }
    }

    @Test
    void appendsKeepTheirSeriesCodecAndFillTheLastChunk() {
        double[][] p = points(0, 3_000);
        try (RedisStorageManager r = RedisFixtures.openStandalone(prefix, Map.of())) {
            r.store("raw", ArrayTimeSeries.of(java.util.Arrays.copyOf(p[0], 1_000), java.util.Arrays.copyOf(p[1], 1_000)));
        }
        try (RedisStorageManager c = RedisFixtures.openStandalone(prefix, Map.of("codec", "compressed",
                "chunkBytes", "16k"))) {
            for (int from = 0; from < 3_000; from += 100) {
                double[][] q = points(from, 100);
                c.append("new", ArrayTimeSeries.of(q[0], q[1]));
                if (from >= 1_000) {
                    c.append("raw", ArrayTimeSeries.of(q[0], q[1]));
                }
            }
            assertSeries(p, c.get("new"));
            assertSeries(p, c.get("raw"));
            assertTrue(pointer("new").compressed());
            assertFalse(pointer("raw").compressed());
            assertEquals(3, pointer("new").chunkCount(), "1,024 points a chunk, filled in place");
            assertEquals(3_000, c.size("new"));
        }
    }

    @Test
    void aRangeReadFetchesOnlyTheChunksItOverlaps() {
        double[][] p = points(0, 10 * 1024);
        try (RedisStorageManager c = RedisFixtures.openStandalone(prefix, Map.of("codec", "compressed",
                "chunkBytes", "16k"))) {
            c.store("s", ArrayTimeSeries.of(p[0], p[1]));
            SeriesPointer ptr = pointer("s");
            assertEquals(10, ptr.chunkCount());
            jedis.del(keys.chunk("s", ptr.chunks().get(0).key()));
            jedis.del(keys.chunk("s", ptr.chunks().get(9).key()));
            SizedContainerTimeSeries range = c.get("s", p[0][3 * 1024 + 5], p[0][5 * 1024 + 7]);
            assertEquals(2 * 1024 + 2, range.size());
            for (int i = 0; i < range.size(); i++) {
                assertEquals(p[0][3 * 1024 + 5 + i], range.time(i));
                assertEquals(p[1][3 * 1024 + 5 + i], range.value(i));
            }
            assertThrows(DamagedKeyException.class, () -> c.get("s"));
        }
    }

    @Test
    void aDamagedBlockIsRefusedNamingItsChunk() {
        double[][] p = points(0, 5_000);
        try (RedisStorageManager c = RedisFixtures.openStandalone(prefix, Map.of("codec", "compressed"))) {
            c.store("s", ArrayTimeSeries.of(p[0], p[1]));
            Chunk chunk = pointer("s").chunks().get(0);
            byte[] key = keys.chunk("s", chunk.key());
            byte[] value = jedis.get(key);
            value[100] ^= 0x04;
            jedis.set(key, value);
            DamagedKeyException e = assertThrows(DamagedKeyException.class, () -> c.get("s"));
            assertTrue(e.location().endsWith(new String(key, java.nio.charset.StandardCharsets.UTF_8)), e::getMessage);
            assertFalse(c.verify().isClean());
        }
    }
}
