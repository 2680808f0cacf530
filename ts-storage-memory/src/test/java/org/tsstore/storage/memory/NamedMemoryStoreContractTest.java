package org.tsstore.storage.memory;

import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.StorageManagerContract;

/** The contract again, on named stores opened through the provider, each under a name of its own. */
class NamedMemoryStoreContractTest implements StorageManagerContract {

    private static final AtomicLong NAMES = new AtomicLong();

    @Override
    public BackendFixture fixture() {
        return BackendFixture.remote("memory-named", () -> URI.create("memory:contract-" + NAMES.incrementAndGet()))
                .build();
    }
}
