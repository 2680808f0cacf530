package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tsstore.api.Durability;
import org.tsstore.testkit.reliability.PowerLossCheck;
import org.tsstore.testkit.reliability.PowerLossReport;

/**
 * The power-loss check passes the testkit's directory backend when it forces each file and its directory,
 * and catches it when it acknowledges a write without forcing anything, when it forces the file but not the
 * directory after the rename, when it acknowledges before writing, and when it writes around the path it
 * was given.
 */
class PowerLossBitesTest {

    private static BackendFixture fixture(String name, java.util.function.Function<Path, DirectoryStorageManager> open) {
        return BackendFixture.inDirectory(name, dir -> URI.create("testdir:" + dir))
                .capabilities(Capability.PERSISTENT)
                .pathOpener((dir, options) -> open.apply(dir))
                .build();
    }

    private static PowerLossCheck.Builder check(BackendFixture fixture, Durability durability) {
        return PowerLossCheck.builder(fixture).judgedAs(durability).states(200).statesPerCrash(8).crashesPerStore(3)
                .operationsPerCrash(20).maxPoints(300).seed(11L);
    }

    @Test
    void aBackendThatForcesFilesAndDirectoriesPasses() {
        BackendFixture durable = fixture("durable", dir -> new DurableDirectoryStorageManager(dir, true));
        assertTrue(durable.opensAtPath());
        for (Durability d : Durability.values()) {
            PowerLossReport report = check(durable, d).build().run();
            assertTrue(report.states() >= 200 && report.ackedStores() > 0 && report.ackedDeletes() > 0,
                    report::toString);
            assertEquals(0, report.lostAbsent() + report.lostOlder() + report.lostRefused(), report::toString);
            assertTrue(report.toString().contains("seed=11"), report::toString);
        }
    }

    @Test
    void aBackendThatAcknowledgesSyncWritesWithoutForcingFails() {
        BackendFixture unforced = fixture("unforced", DirectoryStorageManager::new);
        AssertionError e = assertThrows(AssertionError.class, () -> check(unforced, Durability.SYNC).build().run());
        System.out.println("caught: " + e.getMessage().lines().limit(3).toList());
        assertTrue(e.getMessage().contains("an acknowledged store was lost")
                || e.getMessage().contains("an acknowledged delete was lost")
                || e.getMessage().contains("does not open"), e::getMessage);
        assertTrue(e.getMessage().contains(".seed(11L).onlyStore("), e::getMessage);
        assertTrue(e.getMessage().contains("what the power loss did:"), e::getMessage);
    }

    @Test
    void aBackendThatForcesTheFileButNotTheDirectoryFails() {
        BackendFixture noDirectory = fixture("nodirsync", dir -> new DurableDirectoryStorageManager(dir, false));
        AssertionError e = assertThrows(AssertionError.class, () -> check(noDirectory, Durability.SYNC).build().run());
        System.out.println("caught: " + e.getMessage().lines().limit(3).toList());
        assertTrue(e.getMessage().contains("was lost") || e.getMessage().contains("reads back wrong"), e::getMessage);
        assertTrue(e.getMessage().contains("undone: "), "only an undone rename or deletion can lose it: " + e.getMessage());
        // with durability=os the same backend loses nothing it promised
        PowerLossReport os = check(noDirectory, Durability.OS).build().run();
        assertTrue(os.lostOlder() + os.lostAbsent() > 0, os::toString);
    }

    @Test
    void aBackendThatAcknowledgesBeforeWritingFails() {
        BackendFixture lossy = fixture("lossy", LossyDirectoryStorageManager::new);
        assertThrows(AssertionError.class, () -> check(lossy, Durability.SYNC).build().run());
    }

    @Test
    void aBackendThatWritesAroundThePathItWasGivenFails() {
        // it opens the same directory on the default file system: nothing it does is recorded
        BackendFixture leaky = fixture("leaky", dir -> new DurableDirectoryStorageManager(Path.of(dir.toString()), true));
        AssertionError e = assertThrows(AssertionError.class, () -> check(leaky, Durability.SYNC).build().run());
        assertTrue(e.getMessage().contains("did I/O around the path it was given"), e::getMessage);
    }

    @Test
    void onlyPersistentFixturesThatOpenAtAPathAreChecked() {
        BackendFixture byUri = BackendFixture.inDirectory("testdir", dir -> URI.create("testdir:" + dir))
                .capabilities(Capability.PERSISTENT).build();
        assertFalse(byUri.opensAtPath(), "testdir's provider is no DirectoryStorageProvider");
        assertThrows(UnsupportedOperationException.class, () -> byUri.openAt(Path.of("x")));
        assertThrows(IllegalStateException.class, () -> PowerLossCheck.builder(byUri).build().run());
        BackendFixture memory = BackendFixture.inProcess("memory", org.tsstore.core.InMemoryStorageManager::new);
        assertThrows(IllegalStateException.class, () -> PowerLossCheck.builder(memory).build().run());
    }
}
