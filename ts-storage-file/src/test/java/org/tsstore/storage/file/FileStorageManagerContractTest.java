package org.tsstore.storage.file;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.Capability;
import org.tsstore.testkit.StatefulStorageContract;
import org.tsstore.testkit.StorageManagerContract;

/** The whole ts-testkit contract, reopen and the stateful model test included, for the file backend. */
class FileStorageManagerContractTest implements StorageManagerContract, StatefulStorageContract {

    @Override
    public StorageManager create() {
        return FileStorageManager.open(TestStores.newDirectory("file-contract"));
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.PERSISTENT);
    }

    @Override
    public Optional<Path> directory(StorageManager store) {
        return Optional.of(((FileStorageManager) store).directory());
    }

    @Override
    public StorageManager reopen(StorageManager previous) {
        Path dir = ((FileStorageManager) previous).directory();
        previous.close();
        return FileStorageManager.open(dir);
    }
}
