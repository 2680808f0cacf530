package com.example.rawstore;

import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Example;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.Capability;
import org.tsstore.testkit.CorruptionCampaign;
import org.tsstore.testkit.CrashHarness;
import org.tsstore.testkit.ExclusionCheck;
import org.tsstore.testkit.StatefulStorageContract;
import org.tsstore.testkit.StorageManagerContract;
import org.tsstore.testkit.StoreDirectories;

/**
 * The whole tsstore contract, the model-based sequences, the crash harness, the corruption campaign and the
 * two-process check, run on the raw backend.
 */
class RawStorageManagerContractTest implements StorageManagerContract, StatefulStorageContract {

    @Override
    public StorageManager create() {
        return RawStorageManager.open(StoreDirectories.newDirectory("rawstore"));
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.PERSISTENT);
    }

    @Override
    public StorageManager reopen(StorageManager previous) {
        Path dir = ((RawStorageManager) previous).directory();
        previous.close();
        return RawStorageManager.open(dir);
    }

    @Override
    public Optional<Path> directory(StorageManager store) {
        return Optional.of(((RawStorageManager) store).directory());
    }

    @Example
    void damagedFilesAreReportedNeverReadWrong() {
        CorruptionCampaign.builder(dir -> URI.create("raw:" + dir))
                .files("data", "[0-9a-f]+-[0-9]+\\.(times|values)").files("record", "[0-9a-f]+\\.record")
                .cases(100).seed(42L).build().run();
    }

    @Example
    void oneWritingProcessAtATime() {
        ExclusionCheck.builder(URI.create("raw:" + StoreDirectories.newDirectory("rawstore-exclusion"))).build().run();
    }

    @Example
    void noAcknowledgedWriteIsLostWhenTheJvmIsKilled() {
        Path dir = StoreDirectories.newDirectory("rawstore-crash");
        CrashHarness.builder(URI.create("raw:" + dir)).option("durability", "sync")
                .cycles(6).seed(42L).maxPoints(20_000).build().run();
    }
}
