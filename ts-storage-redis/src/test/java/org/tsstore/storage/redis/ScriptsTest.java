package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/** The Lua scripts: loaded from their resources, and what each does to keys on a real server. */
class ScriptsTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theScriptsAreTheirResourcesAndAMissingOneIsNamed() {
        assertEquals("local n = tonumber(ARGV[2])\n"
                + "if (redis.call('GET', KEYS[1]) or '') ~= ARGV[3] then return 0 end\n"
                + "for i = 2, n + 1 do\n"
                + "  if redis.call('EXISTS', KEYS[i]) == 0 then\n"
                + "    return redis.error_reply('TSSTORE chunk ' .. KEYS[i] .. ' is missing at commit')\n"
                + "  end\n"
                + "end\n"
                + "for i = 2, n + 1 do redis.call('PERSIST', KEYS[i]) end\n"
                + "redis.call('SET', KEYS[1], ARGV[1])\n"
                + "for i = n + 2, #KEYS do redis.call('UNLINK', KEYS[i]) end\n"
                + "return 1\n", new String(Scripts.COMMIT, StandardCharsets.UTF_8));
        assertEquals("local current = redis.call('GET', KEYS[1])\n"
                + "if not current then return 0 end\n"
                + "if current ~= ARGV[1] then return -1 end\n"
                + "redis.call('DEL', KEYS[1])\n"
                + "for i = 2, #KEYS do redis.call('UNLINK', KEYS[i]) end\n"
                + "return 1\n", new String(Scripts.DELETE, StandardCharsets.UTF_8));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Scripts.load("absent.lua"));
        assertTrue(e.getMessage().contains("org/tsstore/storage/redis/absent.lua"), e.getMessage());
    }

    @Test
    void storeWritesChunksAndPointerOnlyFromThePointerSeenUnderItsSha() {
        String p = RedisFixtures.freshPrefix("lua");
        try (Jedis jedis = RedisFixtures.standalone().client()) {
            jedis.set(b(p + ":old0"), b("o"));
            jedis.set(b(p + ":ptr"), b("v1"));
            List<byte[]> keys = List.of(b(p + ":ptr"), b(p + ":new0"), b(p + ":old0"));
            // the name EVALSHA calls it by is the one the server gives it
            assertArrayEquals(Scripts.STORE_SHA, jedis.scriptLoad(Scripts.STORE));

            assertEquals(0L, jedis.evalsha(Scripts.STORE_SHA, keys, List.of(b("v2"), b("1"), b("v0"), b("n0"))),
                    "stale pointer");
            assertArrayEquals(b("v1"), jedis.get(b(p + ":ptr")));
            assertNull(jedis.get(b(p + ":new0")), "nothing written for a stale pointer");

            assertEquals(1L, jedis.evalsha(Scripts.STORE_SHA, keys, List.of(b("v2"), b("1"), b("v1"), b("n0"))));
            assertArrayEquals(b("v2"), jedis.get(b(p + ":ptr")));
            assertArrayEquals(b("n0"), jedis.get(b(p + ":new0")));
            assertEquals(-1L, jedis.pttl(b(p + ":new0")), "the chunk is kept");
            assertNull(jedis.get(b(p + ":old0")), "the replaced chunk is gone");
        }
    }

    @Test
    void commitSwitchesOnlyFromThePointerSeenAndOnlyWithEveryChunk() {
        String p = RedisFixtures.freshPrefix("lua");
        try (Jedis jedis = RedisFixtures.standalone().client()) {
            SetParams pending = SetParams.setParams().px(60_000);
            jedis.set(b(p + ":old0"), b("o"));
            jedis.set(b(p + ":ptr"), b("v1"));
            jedis.set(b(p + ":new0"), b("n0"), pending);
            jedis.set(b(p + ":new1"), b("n1"), pending);
            List<byte[]> keys = List.of(b(p + ":ptr"), b(p + ":new0"), b(p + ":new1"), b(p + ":old0"));

            assertEquals(0L, jedis.eval(Scripts.COMMIT, keys, List.of(b("v2"), b("2"), b("v0"))), "stale pointer");
            assertArrayEquals(b("v1"), jedis.get(b(p + ":ptr")));

            jedis.del(b(p + ":new1"));
            JedisDataException missing = assertThrows(JedisDataException.class,
                    () -> jedis.eval(Scripts.COMMIT, keys, List.of(b("v2"), b("2"), b("v1"))));
            assertTrue(missing.getMessage().contains("TSSTORE chunk " + p + ":new1 is missing at commit"),
                    missing.getMessage());
            assertArrayEquals(b("v1"), jedis.get(b(p + ":ptr")));
            assertTrue(jedis.pttl(p + ":new0") > 0, "nothing was kept");

            jedis.set(b(p + ":new1"), b("n1"), pending);
            assertEquals(1L, jedis.eval(Scripts.COMMIT, keys, List.of(b("v2"), b("2"), b("v1"))));
            assertArrayEquals(b("v2"), jedis.get(b(p + ":ptr")));
            assertEquals(-1, jedis.pttl(p + ":new0"));
            assertEquals(-1, jedis.pttl(p + ":new1"));
            assertNull(jedis.get(b(p + ":old0")), "the old generation is gone");

            List<byte[]> first = List.of(b(p + ":fresh"), b(p + ":c0"));
            jedis.set(b(p + ":c0"), b("c"), pending);
            assertEquals(1L, jedis.eval(Scripts.COMMIT, first, List.of(b("f1"), b("1"), new byte[0])),
                    "no pointer yet: the empty value is what the writer saw");
        }
    }

    @Test
    void deleteRemovesPointerAndChunksOnlyIfThePointerIsTheOneSeen() {
        String p = RedisFixtures.freshPrefix("lua-del");
        try (Jedis jedis = RedisFixtures.standalone().client()) {
            List<byte[]> keys = List.of(b(p + ":ptr"), b(p + ":c0"), b(p + ":c1"));
            assertEquals(0L, jedis.eval(Scripts.DELETE, keys, List.of(b("v1"))), "nothing stored");
            jedis.set(b(p + ":ptr"), b("v1"));
            jedis.set(b(p + ":c0"), b("a"));
            jedis.set(b(p + ":c1"), b("b"));
            assertEquals(-1L, jedis.eval(Scripts.DELETE, keys, List.of(b("v0"))), "changed since");
            assertEquals(3, jedis.exists(p + ":ptr", p + ":c0", p + ":c1"));
            assertEquals(1L, jedis.eval(Scripts.DELETE, keys, List.of(b("v1"))));
            assertEquals(0, jedis.exists(p + ":ptr", p + ":c0", p + ":c1"));
        }
    }
}
