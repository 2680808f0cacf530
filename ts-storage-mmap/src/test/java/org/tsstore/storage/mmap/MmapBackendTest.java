package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.Capability;
import org.tsstore.testkit.StatefulStorageContract;
import org.tsstore.testkit.StorageManagerContract;
import org.tsstore.testkit.StressProfile;
import org.tsstore.testkit.reliability.CorruptionCampaign;
import org.tsstore.testkit.reliability.CrashHarness;
import org.tsstore.testkit.reliability.CrashReport;
import org.tsstore.testkit.reliability.DiskFullCheck;
import org.tsstore.testkit.reliability.LiveReaderCheck;
import org.tsstore.testkit.reliability.ReliabilitySuite;

/**
 * The whole testkit on the mmap backend with its default options: the contract with reopen, the stateful
 * model test, SIGKILL of writers inside writes, rolls, compactions and recovery (small segments make those
 * frequent), damaged segments and hint files, a second process, readers beside a live (then killed) writer, and a full disk (never a {@code SIGBUS});
 * the crash and disk-full checks again with {@code durability=sync}.
 */
class MmapBackendTest implements StorageManagerContract, StatefulStorageContract, ReliabilitySuite {

    /** The mmap backend as the testkit sees it. */
    static final BackendFixture MMAP = BackendFixture
            .inDirectory("mmap", dir -> URI.create("mmap:" + dir.toUri().getRawPath()))
            .capabilities(Capability.PERSISTENT, Capability.SINGLE_PROCESS, Capability.ATOMIC_BATCHES,
                    Capability.LIVE_READERS)
            .dataFiles("segment", "\\d{10}\\.seg")
            .checkpointFiles("hint", "keydir\\.hint")
            .build();

    @Override
    public BackendFixture fixture() {
        return MMAP;
    }

    @Override
    public CrashHarness.Builder tuneCrash(CrashHarness.Builder harness) {
        return harness.option("segmentBytes", "2m").maxPoints(60_000);
    }

    @Override
    public CorruptionCampaign.Builder tuneCorruption(CorruptionCampaign.Builder campaign) {
        return campaign.option("segmentBytes", "64k");
    }

    @Override
    public LiveReaderCheck.Builder tuneLiveReaders(LiveReaderCheck.Builder check) {
        return check.option("segmentBytes", "256k"); // rolls to new segments, and compactions delete old ones
    }

    @Test
    void acknowledgedSyncWritesSurviveKills() {
        CrashReport report = CrashHarness.builder(MMAP.withOption("durability", "sync").withOption("segmentBytes", "2m"))
                .cycles(StressProfile.count(6, 100)).seed(Long.getLong("tsstore.crash.seed", 0xC0FFEEL))
                .maxPoints(20_000).build().run();
        assertTrue(report.ackedStores() > 0, report::toString);
    }

    @Test
    void fullDiskFailsCleanlyWithSmallSegmentsAndSync() {
        DiskFullCheck.builder(MMAP.withOption("segmentBytes", "256k").withOption("durability", "sync"))
                .seed(8L).build().run();
    }
}
