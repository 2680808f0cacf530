package org.tsstore.storage.memory;

import java.util.concurrent.atomic.AtomicBoolean;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ForwardingStorageManager;
import org.tsstore.core.InMemoryStorageManager;

/**
 * The {@code memory} backend's manager: ts-core's {@link InMemoryStorageManager}, private or shared by
 * name within the JVM.
 *
 * <p>{@code new MemoryStorageManager()} makes a private store, gone when the manager is closed. The
 * provider's {@code memory:name} opens a named store shared within the JVM: every manager opened on the
 * same name sees the same series, and the store is dropped when the last of them is closed. Closing one
 * manager makes that manager refuse further calls ({@link IllegalStateException}) without affecting the
 * others.
 */
public final class MemoryStorageManager extends ForwardingStorageManager {

    private final InMemoryStorageManager store;
    private final String name;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A new, empty, private store. */
    public MemoryStorageManager() {
        this(new InMemoryStorageManager("private"), "");
    }

    private MemoryStorageManager(InMemoryStorageManager store, String name) {
        this.store = store;
        this.name = name;
    }

    /** A manager on the named store of this JVM, created empty if no manager has it open. */
    static MemoryStorageManager openNamed(String name) {
        return new MemoryStorageManager(NamedMemoryStores.acquire(name), name);
    }

    /**
     * The name of the store: the {@code name} of {@code memory:name}, or the empty string for a private
     * store.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    @Override
    protected StorageManager delegate() {
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed");
        }
        return store;
    }

    /** Closes this manager; a named store is dropped when its last manager closes. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (name.isEmpty()) {
                store.close();
            } else {
                NamedMemoryStores.release(name, store);
            }
        }
    }

    @Override
    public String toString() {
        return "MemoryStorageManager[" + (name.isEmpty() ? "private" : "memory:" + name) + "]";
    }
}
