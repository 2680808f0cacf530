package org.tsstore.storage.memory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.tsstore.core.ArrayTimeSeries;

/** The series of one in-memory store, shared by every manager opened on it. */
final class MemoryStore {

    /** The name of the store, or the empty string for a private one. */
    final String name;

    /** The series by id: immutable heap series, handed out as they are. */
    final ConcurrentMap<String, ArrayTimeSeries> series = new ConcurrentHashMap<>();

    MemoryStore(String name) {
        this.name = name;
    }
}
