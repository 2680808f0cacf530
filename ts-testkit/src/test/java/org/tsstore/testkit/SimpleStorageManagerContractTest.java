package org.tsstore.testkit;

import org.tsstore.api.StorageManager;

/** The contract passes for a correct manager: the control for {@link ContractBitesTest}. */
class SimpleStorageManagerContractTest implements StatefulStorageContract, DoubleContract {

    @Override
    public StorageManager create() {
        return new SimpleStorageManager();
    }
}
