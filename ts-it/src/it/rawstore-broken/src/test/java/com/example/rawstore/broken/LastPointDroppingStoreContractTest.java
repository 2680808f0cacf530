package com.example.rawstore.broken;

import com.example.rawstore.RawStorageManager;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.Capability;
import org.tsstore.testkit.StatefulStorageContract;
import org.tsstore.testkit.StorageManagerContract;
import org.tsstore.testkit.StoreDirectories;

/** The same contract as the working backend's; this one must fail. */
class LastPointDroppingStoreContractTest implements StorageManagerContract, StatefulStorageContract {

    @Override
    public StorageManager create() {
        return new LastPointDroppingStore(RawStorageManager.open(StoreDirectories.newDirectory("rawstore-broken")));
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.PERSISTENT);
    }

    @Override
    public StorageManager reopen(StorageManager previous) {
        Path dir = ((LastPointDroppingStore) previous).directory();
        previous.close();
        return new LastPointDroppingStore(RawStorageManager.open(dir));
    }
}
