package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

class RedisSettingsTest {

    @Test
    void standaloneLocation() {
        RedisSettings s = RedisSettings.parse(URI.create("redis://example.org:7001/3?prefix=a.b&chunkBytes=64k"),
                Map.of("durability", "REPLICATED", "replicas", "2"));
        assertEquals(false, s.cluster());
        assertEquals(Set.of(new HostAndPort("example.org", 7001)), s.nodes());
        assertEquals(3, s.database());
        assertEquals("a.b", s.prefix());
        assertEquals(64 * 1024, s.chunkBytes());
        assertEquals(RedisDurability.REPLICATED, s.durability());
        assertEquals(2, s.replicas());
    }

    @Test
    void defaults() {
        RedisSettings s = RedisSettings.parse(URI.create("redis://localhost"), Map.of());
        assertEquals(Set.of(new HostAndPort("localhost", 6379)), s.nodes());
        assertEquals(0, s.database());
        assertEquals("tsstore", s.prefix());
        assertEquals(4 << 20, s.chunkBytes());
        assertEquals(RedisDurability.OS, s.durability());
        assertEquals(5000, s.timeoutMillis());
    }

    @Test
    void clusterLocationWithSeveralSeeds() {
        RedisSettings s = RedisSettings.parse(URI.create("redis-cluster://h1:7000,h2:7001?timeoutMillis=250"),
                Map.of());
        assertTrue(s.cluster());
        assertEquals(Set.of(new HostAndPort("h1", 7000), new HostAndPort("h2", 7001)), s.nodes());
        assertEquals(250, s.timeoutMillis());
    }

    @Test
    void badLocationsAndOptionsAreRejectedByName() {
        Map<String, String> none = Map.of();
        List<List<String>> cases = List.of(
                List.of("redis://h:1/0?colour=red", "colour"),
                List.of("redis://h:99999/0", "99999"),
                List.of("redis://h:1/x", "x"),
                List.of("redis://h1:1,h2:2/0", "redis-cluster"),
                List.of("redis-cluster://h1:1/2", "database"),
                List.of("redis://h:1/0?chunkBytes=8", "chunkBytes"),
                List.of("redis://h:1/0?chunkBytes=1g", "chunkBytes"),
                List.of("redis://h:1/0?durability=fsync", "durability"),
                List.of("redis://h:1/0?replicas=2", "replicas"),
                List.of("redis://h:1/0?prefix=a%7Bb", "a{b"),
                List.of("file:/tmp/x", "file:/tmp/x"));
        for (List<String> c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RedisSettings.parse(URI.create(c.get(0)), none), c.get(0));
            assertTrue(e.getMessage().contains(c.get(1)), c.get(0) + ": " + e.getMessage());
        }
    }
}
