package org.tsstore.testkit;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.tsstore.api.StorageManager;

/** The contract with persistence: the test backend the crash harness is tested with must itself be correct. */
class DirectoryStorageManagerContractTest implements StatefulStorageContract {

    @Override
    public StorageManager create() {
        return new DirectoryStorageManager(StoreDirectories.newDirectory("testdir-contract"));
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.PERSISTENT);
    }

    @Override
    public Optional<Path> directory(StorageManager store) {
        return Optional.of(((DirectoryStorageManager) store).directory);
    }

    @Override
    public StorageManager reopen(StorageManager previous) {
        previous.close();
        return new DirectoryStorageManager(((DirectoryStorageManager) previous).directory);
    }
}
