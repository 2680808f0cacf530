package org.tsstore.storage.memory;

import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.StatefulStorageContract;
import org.tsstore.testkit.StorageManagerContract;

/** The whole testkit contract, run against private in-memory stores (declared not persistent). */
class MemoryStorageManagerContractTest implements StorageManagerContract, StatefulStorageContract {

    @Override
    public BackendFixture fixture() {
        return BackendFixture.inProcess("memory", MemoryStorageManager::new);
    }
}
