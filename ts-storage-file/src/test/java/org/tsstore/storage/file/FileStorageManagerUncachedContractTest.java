package org.tsstore.storage.file;

import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.StorageManagerContract;

/** The contract again without a cache, so that every get reads and checks its file. */
class FileStorageManagerUncachedContractTest implements StorageManagerContract {

    @Override
    public BackendFixture fixture() {
        return FileBackendTest.FILE.withOption("cacheBytes", "0");
    }
}
