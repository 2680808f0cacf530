package org.tsstore.storage.mmap;

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
 * SIGKILL of a child JVM writing to the store at random moments (inside writes, segment rolls, automatic
 * compactions, and recovery itself), through ts-testkit's {@link CrashHarness}: after each kill the store
 * opens, every acknowledged write reads back equal, every acknowledged delete stays deleted, nothing reads
 * back wrong, no id appears that was never written, and {@code verify()} finds the store clean. Small
 * segments make rolls and compactions frequent.
 */
class CrashTest {

    @Test
    void acknowledgedWritesSurviveKills() {
        Path dir = StoreDirectories.newDirectory("mmap-crash");
        CrashReport report = CrashHarness.builder(URI.create("mmap:" + dir.toUri().getRawPath()))
                .option("segmentBytes", "2m").cycles(StressProfile.count(25, 500)).seed(Long.getLong("tsstore.crash.seed", 20261125L)).maxPoints(60_000).build().run();
        assertEquals(StressProfile.count(25, 500), report.cycles());
        assertTrue(report.ackedStores() > 0, report.toString());
    }

    @Test
    void acknowledgedSyncWritesSurviveKills() {
        Path dir = StoreDirectories.newDirectory("mmap-crash-sync");
        CrashReport report = CrashHarness.builder(URI.create("mmap:" + dir.toUri().getRawPath()))
                .option("durability", "sync").option("segmentBytes", "2m").cycles(StressProfile.count(6, 100)).seed(Long.getLong("tsstore.crash.seed", 0xC0FFEEL))
                .maxPoints(20_000).build().run();
        assertEquals(StressProfile.count(6, 100), report.cycles());
        assertTrue(report.ackedStores() > 0, report.toString());
    }
}
