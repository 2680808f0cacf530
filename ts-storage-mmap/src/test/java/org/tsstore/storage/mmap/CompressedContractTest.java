package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.StatefulStorageContract;
import org.tsstore.testkit.StorageManagerContract;
import org.tsstore.testkit.StressProfile;
import org.tsstore.testkit.reliability.CorruptionCampaign;
import org.tsstore.testkit.reliability.CorruptionReport;
import org.tsstore.testkit.reliability.CrashHarness;
import org.tsstore.testkit.reliability.CrashReport;
import org.tsstore.testkit.reliability.PowerLossCheck;
import org.tsstore.testkit.reliability.PowerLossReport;

/**
 * The whole contract (streaming included) and the stateful model test on an mmap store opened with
 * {@code codec=compressed}, the corruption campaign against its segments (every damaged byte of an encoded
 * block is reported or refused, never read as data), and the crash and power-loss harnesses: appends that
 * re-encode the open blocks leave the old tail or the new one.
 */
class CompressedContractTest implements StorageManagerContract, StatefulStorageContract {

    /** The mmap backend with the codec on. */
    static final BackendFixture COMPRESSED = MmapBackendTest.MMAP.withOption("codec", "compressed");

    @Override
    public BackendFixture fixture() {
        return COMPRESSED;
    }

    @Test
    void damageIsReportedNeverReadWrong() {
        int cases = Integer.getInteger("tsstore.corruption.cases", StressProfile.count(200, 2000));
        CorruptionReport report = CorruptionCampaign.builder(COMPRESSED.withOption("segmentBytes", "64k"))
                .cases(cases).seed(Long.getLong("tsstore.corruption.seed", 20_261_203L)).build().run();
        assertTrue(report.cases() > 0 && report.seriesChecked() > 0, report::toString);
    }

    @Test
    void acknowledgedWritesSurviveKills() {
        CrashReport report = CrashHarness.builder(COMPRESSED.withOption("segmentBytes", "2m"))
                .cycles(StressProfile.count(6, 100)).seed(Long.getLong("tsstore.crash.seed", 0xC0DECL))
                .maxPoints(20_000).build().run();
        assertTrue(report.ackedStores() > 0, report::toString);
    }

    @Test
    void powerLossServesNothingWrong() {
        int states = Integer.getInteger("tsstore.powerloss.states", StressProfile.count(300, 100_000));
        PowerLossReport report = PowerLossCheck.builder(COMPRESSED.withOption("segmentBytes", "64k"))
                .states(states).seed(Long.getLong("tsstore.powerloss.seed", 0xC0DECL)).build().run();
        assertTrue(report.states() >= states && report.ackedStores() > 0, report::toString);
    }
}
