package org.tsstore.testkit;

import org.tsstore.api.StorageManager;

/** The store a property is working on, which {@link StoreContract#reopen} may replace. */
final class OpenStore implements AutoCloseable {

    private final StoreContract contract;
    private StorageManager current;

    OpenStore(StoreContract contract) {
        this.contract = contract;
        this.current = java.util.Objects.requireNonNull(contract.create(), "create() returned null");
    }

    StorageManager get() {
        return current;
    }

    /** Closes and opens the store again through the backend's {@code reopen}. */
    StorageManager reopen() {
        StorageManager previous = current;
        StorageManager next = contract.reopen(previous);
        if (next == null) {
            throw new AssertionError("reopen() returned null");
        }
        if (next == previous) {
            throw new AssertionError("reopen() returned the same manager instead of opening the store again");
        }
        previous.close(); // idempotent: reopen should already have closed it
        current = next;
        return next;
    }

    @Override
    public void close() {
        current.close();
    }
}
