package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.Capability;
import org.tsstore.testkit.StatefulStorageContract;
import org.tsstore.testkit.StorageManagerContract;
import org.tsstore.testkit.StressProfile;
import org.tsstore.testkit.reliability.CrashHarness;
import org.tsstore.testkit.reliability.CrashReport;
import org.tsstore.testkit.reliability.DiskFullCheck;
import org.tsstore.testkit.reliability.PowerLossCheck;
import org.tsstore.testkit.reliability.ReliabilitySuite;

/**
 * The whole testkit on the file backend: the contract with reopen, the stateful model test, SIGKILL of
 * writers, damaged series files, block sidecars, index snapshot and journal, a second process, readers beside a live (then
 * killed) writer, and a full disk; the
 * crash and disk-full checks again with {@code durability=sync}.
 */
class FileBackendTest implements StorageManagerContract, StatefulStorageContract, ReliabilitySuite {

    /** The file backend as the testkit sees it. */
    static final BackendFixture FILE = BackendFixture.inDirectory("file", dir -> URI.create("file:" + dir))
            .directories(() -> TestStores.newDirectory("file"))
            .capabilities(Capability.PERSISTENT, Capability.SINGLE_PROCESS, Capability.ATOMIC_BATCHES,
                    Capability.LIVE_READERS)
            .dataFiles("series", "series/.*\\.npy")
            .dataFiles("index", "index\\.(snapshot|journal)")
            .dataFiles("blocks", "series/.*\\.blocks")
            .build();

    @Override
    public BackendFixture fixture() {
        return FILE;
    }

    @Override
    public CrashHarness.Builder tuneCrash(CrashHarness.Builder harness) {
        return harness.seed(Long.getLong("tsstore.crash.seed", 0x5EED_F11EL)).maxPoints(100_000);
    }

    @Override
    public DiskFullCheck.Builder tuneDiskFull(DiskFullCheck.Builder check) {
        return check.seed(5L);
    }

    @Test
    void killedSyncWritersLoseNothingAcknowledged() {
        CrashReport report = CrashHarness.builder(FILE.withOption("durability", "sync"))
                .cycles(StressProfile.count(8, 100)).seed(Long.getLong("tsstore.crash.seed", 0xC0FFEEL))
                .maxPoints(20_000).build().run();
        assertTrue(report.ackedStores() > 0, report::toString);
    }

    @Test
    void fullDiskFailsCleanlyWithSync() {
        DiskFullCheck.builder(FILE.withOption("durability", "sync")).seed(6L).build().run();
    }

    /**
     * With {@code durability=os} a batch renames its files into place unforced, so a power loss may keep some
     * of those renames and lose its journal record: batches are whole across a crash, and across a power loss
     * only with {@code sync} ({@link FilePowerLossTest} runs that, and pins this limit).
     */
    @Override
    public PowerLossCheck.Builder tunePowerLoss(PowerLossCheck.Builder check) {
        return check.inFlightBatchesAtomic(false);
    }
}
