package com.example.rawstore.broken;

import com.example.rawstore.RawStorageManager;
import java.nio.file.Path;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.Capability;
import org.tsstore.testkit.StatefulStorageContract;
import org.tsstore.testkit.StorageManagerContract;

/** The same contract as the working backend's; this one must fail. */
class LastPointDroppingStoreContractTest implements StorageManagerContract, StatefulStorageContract {

    @Override
    public BackendFixture fixture() {
        return BackendFixture.inDirectory("rawstore-broken", Path::toUri)
                .opener((location, options) -> new LastPointDroppingStore(RawStorageManager.open(Path.of(location))))
                .capabilities(Capability.PERSISTENT)
                .build();
    }
}
