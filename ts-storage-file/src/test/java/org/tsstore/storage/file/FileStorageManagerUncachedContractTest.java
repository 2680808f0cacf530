package org.tsstore.storage.file;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.Capability;
import org.tsstore.testkit.StorageManagerContract;

/** The contract again without a cache, so that every get reads and checks its file. */
class FileStorageManagerUncachedContractTest implements StorageManagerContract {

    private static final Map<String, String> OPTIONS = Map.of("cacheBytes", "0");

    @Override
    public StorageManager create() {
        return FileStorageManager.open(TestStores.newDirectory("file-contract-uncached"), OPTIONS);
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.PERSISTENT);
    }

    @Override
    public StorageManager reopen(StorageManager previous) {
        Path dir = ((FileStorageManager) previous).directory();
        previous.close();
        return FileStorageManager.open(dir, OPTIONS);
    }
}
