package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The Redis parts of a location; how a location is shown is tested with {@code StorageLocations}. */
class RedisLocationsTest {

    @Test
    void userInformationIsReadFromTheRawAuthority() {
        assertEquals("u:p%40ss", RedisLocations.rawUserInfo(URI.create("redis-cluster://u:p%40ss@h1:1,h2:2")));
        assertEquals("h1:1,h2:2", RedisLocations.hosts(URI.create("redis-cluster://u:p%40ss@h1:1,h2:2")));
        assertNull(RedisLocations.rawUserInfo(URI.create("redis://h:1")));
        assertEquals("p@ss+é", new String(RedisLocations.decode("p%40ss+%C3%A9", "the password",
                URI.create("redis://h"))));
    }
}
