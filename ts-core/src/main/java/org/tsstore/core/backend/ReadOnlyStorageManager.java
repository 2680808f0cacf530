package org.tsstore.core.backend;

import java.util.Map;
import org.tsstore.api.RepairReport;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;

/**
 * The write half of a store opened with {@code mode=read} ({@link OpenMode#READ}): every method that would
 * change the store throws {@link OpenMode#refused}. A backend's read-only store extends it and implements the
 * reads, so that every backend refuses the same methods with the same message.
 */
public abstract class ReadOnlyStorageManager implements StorageManager {

    private final String store;

    /**
     * For subclasses.
     *
     * @param store the store, for the messages, such as {@code "the mmap store /data/ts"}
     */
    protected ReadOnlyStorageManager(String store) {
        this.store = store;
    }

    private UnsupportedOperationException refused(String operation) {
        return OpenMode.refused(store, operation);
    }

    /** Refused: the store was opened read-only. */
    @Override
    public final SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
        throw refused("store");
    }

    /** Refused: the store was opened read-only. */
    @Override
    public final int append(String id, SizedContainerTimeSeries points) {
        throw refused("append");
    }

    /** Refused: the store was opened read-only. */
    @Override
    public final void storeAll(Map<String, ? extends SizedContainerTimeSeries> series) {
        throw refused("storeAll");
    }

    /** Refused: the store was opened read-only. */
    @Override
    public final void appendAll(Map<String, ? extends SizedContainerTimeSeries> points) {
        throw refused("appendAll");
    }

    /** Refused: the store was opened read-only. */
    @Override
    public final boolean delete(String id) {
        throw refused("delete");
    }

    /** Refused: the store was opened read-only (the writer compacts). */
    @Override
    public final void compact() {
        throw refused("compact");
    }

    /** Refused: the store was opened read-only (the writer repairs). */
    @Override
    public final RepairReport repair() {
        throw refused("repair");
    }
}
