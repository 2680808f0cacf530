package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.StatefulStorageContract;
import org.tsstore.testkit.StorageManagerContract;
import org.tsstore.testkit.StressProfile;
import org.tsstore.testkit.reliability.CorruptionCampaign;
import org.tsstore.testkit.reliability.CorruptionReport;

/**
 * The whole contract (streaming included) and the stateful model test on an mmap store opened with
 * {@code codec=compressed}, and the corruption campaign against its segments: every damaged byte of an encoded
 * block is reported or refused, never read as data.
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
}
