package org.tsstore.storage.memory;

import java.util.HashMap;
import java.util.Map;
import org.tsstore.core.InMemoryStorageManager;

/**
 * The named in-memory stores of this JVM, each with a count of the managers open on it: a store lives
 * while at least one manager is open on it, as H2's {@code mem:} databases do.
 */
final class NamedMemoryStores {

    private static final Map<String, Entry> STORES = new HashMap<>();

    private NamedMemoryStores() {}

    private static final class Entry {
        final InMemoryStorageManager store;
        int open;

        Entry(InMemoryStorageManager store) {
            this.store = store;
        }
    }

    /** The store of this name, created if no manager has it open; counts one more manager on it. */
    static synchronized InMemoryStorageManager acquire(String name) {
        Entry e = STORES.computeIfAbsent(name, n -> new Entry(new InMemoryStorageManager("memory:" + n)));
        e.open++;
        return e.store;
    }

    /** Counts one manager fewer on the store; drops it when none is left. */
    static synchronized void release(String name, InMemoryStorageManager store) {
        Entry e = STORES.get(name);
        if (e != null && e.store == store && --e.open == 0) {
            STORES.remove(name);
            store.close();
        }
    }

    /** How many managers are open on the named store; 0 when it does not exist. */
    static synchronized int openCount(String name) {
        Entry e = STORES.get(name);
        return e == null ? 0 : e.open;
    }
}
