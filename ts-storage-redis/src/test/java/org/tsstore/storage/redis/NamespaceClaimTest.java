package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Claiming a namespace on a real server: the first claim writes the marker, later ones read what is there. */
class NamespaceClaimTest {

    @Test
    void theFirstClaimWritesTheMarkerAndLaterOnesReturnWhatIsStored() {
        String key = HandLayout.markerKey(RedisFixtures.freshPrefix("claim"));
        try (Jedis jedis = RedisFixtures.standalone().client()) {
            assertArrayEquals(HandLayout.marker(), NamespaceMarker.claim(jedis, HandLayout.bytes(key)));
            assertArrayEquals(HandLayout.marker(), jedis.get(HandLayout.bytes(key)));
            assertArrayEquals(HandLayout.marker(), NamespaceMarker.claim(jedis, HandLayout.bytes(key)));

            byte[] foreign = HandLayout.bytes("another application's value");
            jedis.set(HandLayout.bytes(key), foreign);
            assertArrayEquals(foreign, NamespaceMarker.claim(jedis, HandLayout.bytes(key)), "returned to be checked");
            assertArrayEquals(foreign, jedis.get(HandLayout.bytes(key)), "never overwritten");
        }
    }
}
