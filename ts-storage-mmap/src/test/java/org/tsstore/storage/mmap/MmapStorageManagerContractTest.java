package org.tsstore.storage.mmap;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.Capability;
import org.tsstore.testkit.StatefulStorageContract;
import org.tsstore.testkit.StorageManagerContract;
import org.tsstore.testkit.StoreDirectories;

/** The whole testkit contract, including reopen and the stateful model test, with the default options. */
class MmapStorageManagerContractTest implements StorageManagerContract, StatefulStorageContract {

    @Override
    public StorageManager create() {
        return MmapStorageManager.open(StoreDirectories.newDirectory("mmap-contract"));
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.PERSISTENT);
    }

    @Override
    public Optional<Path> directory(StorageManager store) {
        return Optional.of(((MmapStorageManager) store).directory());
    }

    @Override
    public StorageManager reopen(StorageManager previous) {
        MmapStorageManager mmap = (MmapStorageManager) previous;
        previous.close();
        return MmapStorageManager.open(mmap.directory());
    }
}
