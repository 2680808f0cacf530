package org.tsstore.testkit;

import org.tsstore.testkit.reliability.CrashReport;
import org.tsstore.testkit.reliability.CrashHarness;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/** The crash harness passes a backend that writes atomically and catches one that acknowledges too early. */
class CrashHarnessTest {

    @Test
    void aBackendThatWritesBeforeAcknowledgingSurvivesEveryKill() {
        Path dir = StoreDirectories.newDirectory("crash-testdir");
        CrashReport report = CrashHarness.builder(URI.create("testdir:" + dir))
                .cycles(6).seed(42L).maxPoints(20_000).operationsPerCycle(60).build().run();
        assertEquals(6, report.cycles());
        assertEquals(42L, report.seed());
        assertTrue(report.verifiedCycles() >= 1 && report.verifiedCycles() <= 6, report::toString);
        assertTrue(report.ackedStores() > 0, "no store was acknowledged: " + report);
        assertTrue(report.idChecks() > 0, "no id was checked: " + report);
        assertTrue(report.toString().contains("seed=42"), report::toString);
    }

    @Test
    void aBackendThatAcknowledgesBeforeWritingIsCaught() {
        Path dir = StoreDirectories.newDirectory("crash-lossy");
        AssertionError e = assertThrows(AssertionError.class, () -> CrashHarness.builder(URI.create("testdir-lossy:" + dir))
                .cycles(8).seed(7L).maxPoints(2000).operationsPerCycle(100).build().run());
        System.out.println("caught: " + e.getMessage());
        assertTrue(e.getMessage().contains("seed(7L)"), e::getMessage);
        assertTrue(e.getMessage().contains("was lost") || e.getMessage().contains("reads back wrong")
                || e.getMessage().contains("should be"), e::getMessage);
    }

    @Test
    void aBatchHalfThereAfterAKillIsCaughtWhereBatchesAreAtomic() {
        Path dir = StoreDirectories.newDirectory("crash-halfbatch");
        AssertionError e = assertThrows(AssertionError.class, () -> CrashHarness.builder(URI.create("testdir-halfbatch:" + dir))
                .atomicBatches(true).cycles(40).seed(11L).maxPoints(200).operationsPerCycle(16).build().run());
        assertTrue(e.getMessage().contains("half there"), e::getMessage);
    }

    @Test
    void theSameBatchesPassWhereBatchesAreNotDeclaredAtomic() {
        Path dir = StoreDirectories.newDirectory("crash-halfbatch-declared");
        CrashReport report = CrashHarness.builder(URI.create("testdir-halfbatch:" + dir))
                .cycles(8).seed(11L).maxPoints(200).operationsPerCycle(16).build().run();
        assertTrue(report.ackedBatches() > 0, report::toString);
    }

    @Test
    void theStoreMustBeEmptyAtTheStart() {
        Path dir = StoreDirectories.newDirectory("crash-nonempty");
        try (StorageManager store = new DirectoryStorageManager(dir)) {
            store.store("x", ArrayTimeSeries.of(new double[] {1}, new double[] {2}));
        }
        CrashHarness harness = CrashHarness.builder(URI.create("testdir:" + dir)).cycles(1).build();
        assertThrows(IllegalStateException.class, harness::run);
    }

    @Test
    void anUnknownSchemeIsNamed() {
        CrashHarness harness = CrashHarness.builder(URI.create("nosuchscheme:/tmp/x")).cycles(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, harness::run);
        assertTrue(e.getMessage().contains("nosuchscheme") && e.getMessage().contains("testdir"), e::getMessage);
    }
}
