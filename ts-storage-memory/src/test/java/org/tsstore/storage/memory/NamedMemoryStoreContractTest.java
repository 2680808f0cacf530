package org.tsstore.storage.memory;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.StorageManagerContract;

/** The contract again, on named stores opened through the provider, each under a name of its own. */
class NamedMemoryStoreContractTest implements StorageManagerContract {

    private static final AtomicLong NAMES = new AtomicLong();

    @Override
    public StorageManager create() {
        return new MemoryStorageManagerProvider().open(URI.create("memory:contract-" + NAMES.incrementAndGet()), Map.of());
    }
}
