package org.tsstore.testkit;

import org.tsstore.testkit.reliability.ExclusionCheck;
import org.tsstore.testkit.reliability.DiskFullCheck;
import org.tsstore.testkit.reliability.CorruptionReport;
import org.tsstore.testkit.reliability.CorruptionCampaign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The corruption campaign, the exclusion check and the disk-full check pass the testkit's correct
 * directory backend and catch broken ones: a backend that reads without checking its checksums, one that
 * lets two processes write, one that acknowledges writes before they reach the disk.
 */
class ReliabilityChecksTest {

    @Test
    void corruptionCampaignPassesAChecksummedBackend() {
        CorruptionReport report = CorruptionCampaign.builder(dir -> URI.create("testdir:" + dir))
                .files("series", "[0-9a-f]{64}\\.series").cases(60).seed(3L).build().run();
        assertEquals(60, report.cases());
        assertEquals(60, report.count(CorruptionReport.Outcome.INTACT) + report.count(CorruptionReport.Outcome.REPORTED)
                + report.count(CorruptionReport.Outcome.REFUSED_ON_OPEN), report::toString);
        assertTrue(report.count(CorruptionReport.Outcome.INTACT) < 60, "no damage was ever caught: " + report);
        assertTrue(report.toString().contains("seed=3"), report::toString);
    }

    @Test
    void corruptionCampaignCatchesABackendThatSkipsItsChecksums() {
        AssertionError e = assertThrows(AssertionError.class, () -> CorruptionCampaign
                .builder(dir -> URI.create("testdir-unchecked:" + dir))
                .files("series", "[0-9a-f]{64}\\.series").cases(60).seed(3L).build().run());
        System.out.println("caught: " + e.getMessage().lines().limit(3).toList());
        assertTrue(e.getMessage().contains("returned a different series") || e.getMessage().contains("threw"),
                e::getMessage);
        assertTrue(e.getMessage().contains(".seed(3L).only("), e::getMessage);
    }

    @Test
    void corruptionCampaignNeedsFileKinds() {
        assertThrows(IllegalStateException.class,
                () -> CorruptionCampaign.builder(dir -> URI.create("testdir:" + dir)).cases(1).build().run());
        assertThrows(IllegalArgumentException.class,
                () -> CorruptionCampaign.builder(dir -> URI.create("testdir:" + dir)).cases(0));
    }

    @Test
    void exclusionCheckCatchesABackendWithoutALock() {
        AssertionError e = assertThrows(AssertionError.class, () -> ExclusionCheck
                .builder(URI.create("testdir:" + StoreDirectories.newDirectory("exclusion-nolock"))).build().run());
        System.out.println("caught: " + e.getMessage());
        assertTrue(e.getMessage().contains("must throw a StorageException, but it opened"), e::getMessage);
    }

    @Test
    void diskFullCheckPassesAnAtomicBackend() {
        String summary = DiskFullCheck.builder(dir -> URI.create("testdir:" + dir)).maxPoints(20_000).build().run();
        assertTrue(summary.contains("no violation"), summary);
    }

    @Test
    void diskFullCheckCatchesABackendThatAcknowledgesBeforeWriting() {
        AssertionError e = assertThrows(AssertionError.class, () -> DiskFullCheck
                .builder(dir -> URI.create("testdir-lossy:" + dir)).maxPoints(20_000).build().run());
        System.out.println("caught: " + e.getMessage());
        // it swallows the write errors of its background writer, so no write ever fails
        assertTrue(e.getMessage().contains("no write failed on the full disk")
                || e.getMessage().contains("after reopening"), e::getMessage);
    }
}
