package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tsstore.testkit.CrashHarness;
import org.tsstore.testkit.CrashReport;
import org.tsstore.testkit.StoreDirectories;
import org.tsstore.testkit.StressProfile;

/**
 * SIGKILLs a child JVM writing to a file store, again and again, and checks after each kill that every
 * acknowledged store reads back equal, every acknowledged delete stays deleted and nothing reads back
 * wrong and {@code verify()} finds the store clean (ts-testkit's {@link CrashHarness}).
 */
class FileStorageManagerCrashTest {

    @Test
    void killedWritersLoseNothingAcknowledged() {
        Path dir = StoreDirectories.newDirectory("file-crash");
        CrashReport report = CrashHarness.builder(URI.create("file:" + dir))
                .cycles(StressProfile.count(25, 500)).seed(Long.getLong("tsstore.crash.seed", 0x5EED_F11EL)).maxPoints(100_000).build().run();
        assertEquals(StressProfile.count(25, 500), report.cycles());
        assertTrue(report.ackedStores() > 0, report.toString());
    }

    @Test
    void killedSyncWritersLoseNothingAcknowledged() {
        Path dir = StoreDirectories.newDirectory("file-crash-sync");
        CrashReport report = CrashHarness.builder(URI.create("file:" + dir)).option("durability", "sync")
                .cycles(StressProfile.count(8, 100)).seed(Long.getLong("tsstore.crash.seed", 0xC0FFEEL)).maxPoints(20_000).build().run();
        assertEquals(StressProfile.count(8, 100), report.cycles());
        assertTrue(report.ackedStores() > 0, report.toString());
    }
}
