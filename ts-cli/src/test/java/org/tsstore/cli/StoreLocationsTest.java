package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Locations as the command's messages show them: a password never, everything else as typed. */
class StoreLocationsTest {

    @Test
    void thePasswordOfTheUserInformationIsHidden() {
        assertEquals("redis://ts:***@h:6379/0", StoreLocations.shown("redis://ts:s3cret@h:6379/0"));
        assertEquals("redis://:***@h", StoreLocations.shown("redis://:s3cret@h"));
        assertEquals("redis-cluster://ts:***@h1:1,h2:2?tls=true",
                StoreLocations.shown("redis-cluster://ts:p@ss:word@h1:1,h2:2?tls=true"));
        assertEquals("rediss://ts@h/0?passwordFile=/run/pw", StoreLocations.shown("rediss://ts@h/0?passwordFile=/run/pw"));
        assertEquals("mmap:./tsdata", StoreLocations.shown("mmap:./tsdata"));
        assertEquals("file:/data/a@b", StoreLocations.shown("file:/data/a@b"));
    }

    @Test
    void secretLookingOptionsAreHiddenButFileAndVariableNamesKept() {
        assertEquals("redis://h/0?password=***&passwordEnv=PW&prefix=a&trustStorePassword=***",
                StoreLocations.shown("redis://h/0?password=hunter2&passwordEnv=PW&prefix=a&trustStorePassword=x"));
        assertEquals("redis://h/0?keyStorePasswordFile=/k&token=***",
                StoreLocations.shown("redis://h/0?keyStorePasswordFile=/k&token=abc"));
    }

    @Test
    void aMalformedLocationIsRefusedWithoutEchoingItsPassword() {
        Cli.Result r = Cli.exec("--verbose", "--store", "redis://ts:s3cret@[::1/0", "ls");
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("tsstore ls: --store redis://ts:***@[::1/0 is not a valid location (expected closing bracket"
                + " for IPv6 address) (see 'tsstore ls --help')", r.err().lines().findFirst().orElseThrow());
        assertEquals(-1, r.err().indexOf("s3cret"), r.err());
    }
}
