package com.example.rawstore;

import java.net.URI;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.Capability;
import org.tsstore.testkit.StatefulStorageContract;
import org.tsstore.testkit.StorageManagerContract;
import org.tsstore.testkit.reliability.CorruptionCampaign;
import org.tsstore.testkit.reliability.CrashHarness;
import org.tsstore.testkit.reliability.PowerLossCheck;
import org.tsstore.testkit.reliability.ReliabilitySuite;

/**
 * The whole tsstore testkit on the raw backend: the contract, the model-based sequences, the crash harness,
 * the corruption campaign, the two-process check and the full disk.
 */
class RawStorageManagerContractTest implements StorageManagerContract, StatefulStorageContract, ReliabilitySuite {

    @Override
    public BackendFixture fixture() {
        return BackendFixture.inDirectory("rawstore", dir -> URI.create("raw:" + dir))
                .capabilities(Capability.PERSISTENT, Capability.SINGLE_PROCESS)
                .dataFiles("data", "[0-9a-f]+-[0-9]+\\.(times|values)")
                .dataFiles("record", "[0-9a-f]+\\.record")
                .build();
    }

    @Override
    public CrashHarness.Builder tuneCrash(CrashHarness.Builder harness) {
        return harness.option("durability", "sync").cycles(6).seed(42L).maxPoints(20_000);
    }

    /**
     * Like the crash test, with {@code durability=sync}: with {@code os} this store promises nothing across
     * a power loss before {@code flush()}, and a record renamed into place without its bytes stops it opening.
     */
    @Override
    public PowerLossCheck.Builder tunePowerLoss(PowerLossCheck.Builder check) {
        return check.option("durability", "sync");
    }

    @Override
    public CorruptionCampaign.Builder tuneCorruption(CorruptionCampaign.Builder campaign) {
        return campaign.cases(100).seed(42L);
    }
}
