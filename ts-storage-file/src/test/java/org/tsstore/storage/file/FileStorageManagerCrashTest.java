package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.tsstore.testkit.CrashHarness;
import org.tsstore.testkit.CrashReport;
import org.tsstore.testkit.StoreDirectories;

/**
 * SIGKILLs a child JVM writing to a file store, again and again, and checks after each kill that every
 * acknowledged store reads back equal, every acknowledged delete stays deleted and nothing reads back
 * wrong (ts-testkit's {@link CrashHarness}).
 *
 * <p>Disabled until the harness reads its child's output from a file: it reads a pipe, and a JVM loses
 * the last bytes a SIGKILLed child wrote to a pipe (the JDK drains the pipe when the process exits, racing
 * the reading thread), so the harness's model misses calls that did happen and reports false violations
 * (an in-flight store "resurrected", a later version "read back wrong"). {@link FileStorageManagerKillTest}
 * runs the same check with the child's output in a file meanwhile.
 */
@Disabled("CrashHarness loses the killed child's last output lines (pipe drained on exit); see the class comment")
class FileStorageManagerCrashTest {

    @Test
    void killedWritersLoseNothingAcknowledged() {
        Path dir = StoreDirectories.newDirectory("file-crash");
        CrashReport report = CrashHarness.builder(URI.create("file:" + dir))
                .cycles(24).seed(0x5EED_F11EL).maxPoints(100_000).build().run();
        assertEquals(24, report.cycles());
        assertTrue(report.ackedStores() > 0, report.toString());
    }

    @Test
    void killedSyncWritersLoseNothingAcknowledged() {
        Path dir = StoreDirectories.newDirectory("file-crash-sync");
        CrashReport report = CrashHarness.builder(URI.create("file:" + dir)).option("durability", "sync")
                .cycles(8).seed(0xC0FFEEL).maxPoints(20_000).build().run();
        assertEquals(8, report.cycles());
        assertTrue(report.ackedStores() > 0, report.toString());
    }
}
