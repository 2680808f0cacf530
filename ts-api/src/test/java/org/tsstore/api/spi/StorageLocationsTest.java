package org.tsstore.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class StorageLocationsTest {

    private static String shown(String uri) {
        String text = StorageLocations.shown(uri);
        assertEquals(text, StorageLocations.shown(URI.create(uri)).toString(), "the URI and the text agree");
        return text;
    }

    @Test
    void passwordsAreReplacedAndEverythingElseKept() {
        assertEquals("redis://ts:***@h:6379/0?prefix=p", shown("redis://ts:s3cret@h:6379/0?prefix=p"));
        assertEquals("redis://:***@h", shown("redis://:s3cret@h"));
        assertEquals("redis://ts@h/0", shown("redis://ts@h/0"));
        assertEquals("redis-cluster://ts:***@h1:1,h2:2?tls=true", shown("redis-cluster://ts:p%40ss@h1:1,h2:2?tls=true"));
        assertEquals("redis://h:1/0", shown("redis://h:1/0"));
        assertEquals("mmap:/data/x?durability=sync", shown("mmap:/data/x?durability=sync"));
        assertEquals("file:/data/a@b", shown("file:/data/a@b"), "an @ in a path is not user information");
        assertEquals("redis:***@h:1", shown("redis:ts:pw@h:1"), "an opaque location's user information is all hidden");
    }

    @Test
    void secretLookingQueryValuesAreReplacedButFileAndVariableNamesKept() {
        assertEquals("rediss://h/0?password=***&passwordFile=/run/pw&token=***&passwordEnv=PW&prefix=a",
                shown("rediss://h/0?password=hunter2&passwordFile=/run/pw&token=abc&passwordEnv=PW&prefix=a"));
        assertEquals("rediss://h/0?trustStore=/ca.pem&trustStorePassword=***",
                shown("rediss://h/0?trustStore=/ca.pem&trustStorePassword=changeit"));
        assertTrue(StorageLocations.looksSecret("authToken"));
        assertFalse(StorageLocations.looksSecret("passwordFile"));
        assertFalse(StorageLocations.looksSecret("prefix"));
    }

    @Test
    void textThatIsNoURIIsShownWithoutItsPasswordToo() {
        assertEquals("redis://ts:***@h:1/0 with spaces", StorageLocations.shown("redis://ts:pw@h:1/0 with spaces"));
    }

    @Test
    void optionErrorsShowTheLocationWithoutItsPassword() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> StorageOptions.of(URI.create("redis://u:hunter2@h/0?a=1&a=2"), java.util.Map.of(),
                        java.util.Set.of("a")));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("redis://u:***@h/0"), e.getMessage());
    }
}
