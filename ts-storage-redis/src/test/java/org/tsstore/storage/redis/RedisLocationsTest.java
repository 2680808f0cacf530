package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RedisLocationsTest {

    private static String redact(String uri) {
        return RedisLocations.redact(URI.create(uri)).toString();
    }

    @Test
    void passwordsAreReplacedAndEverythingElseKept() {
        assertEquals("redis://ts:***@h:6379/0?prefix=p", redact("redis://ts:s3cret@h:6379/0?prefix=p"));
        assertEquals("redis://:***@h", redact("redis://:s3cret@h"));
        assertEquals("redis://ts@h/0", redact("redis://ts@h/0"));
        assertEquals("redis-cluster://ts:***@h1:1,h2:2?tls=true", redact("redis-cluster://ts:p%40ss@h1:1,h2:2?tls=true"));
        assertEquals("redis://h:1/0", redact("redis://h:1/0"));
        assertEquals("mmap:/data/x?durability=sync", redact("mmap:/data/x?durability=sync"));
    }

    @Test
    void secretLookingQueryValuesAreReplacedButFileAndVariableNamesKept() {
        assertEquals("rediss://h/0?password=***&passwordFile=/run/pw&token=***&passwordEnv=PW&prefix=a",
                redact("rediss://h/0?password=hunter2&passwordFile=/run/pw&token=abc&passwordEnv=PW&prefix=a"));
        assertEquals("rediss://h/0?trustStore=/ca.pem&trustStorePassword=***",
                redact("rediss://h/0?trustStore=/ca.pem&trustStorePassword=changeit"));
    }

    @Test
    void userInformationIsReadFromTheRawAuthority() {
        assertEquals("u:p%40ss", RedisLocations.rawUserInfo(URI.create("redis-cluster://u:p%40ss@h1:1,h2:2")));
        assertEquals("h1:1,h2:2", RedisLocations.hosts(URI.create("redis-cluster://u:p%40ss@h1:1,h2:2")));
        assertNull(RedisLocations.rawUserInfo(URI.create("redis://h:1")));
        assertEquals("p@ss+é", new String(RedisLocations.decode("p%40ss+%C3%A9", "the password",
                URI.create("redis://h"))));
    }
}
