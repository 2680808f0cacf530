package org.tsstore.testkit;

/**
 * An optional ability a storage backend declares to the contract through
 * {@link StorageManagerContract#capabilities()}.
 *
 * <p>The contract checks declared-absent behaviour too instead of skipping it: a backend that does not
 * declare {@link #PERSISTENT} must leave {@link StorageManagerContract#reopen} unsupported, and its stores
 * must not see each other's series.
 */
public enum Capability {
    /**
     * Series survive {@link org.tsstore.api.StorageManager#close()} and are found again when the same store
     * is opened again ({@link StorageManagerContract#reopen}).
     */
    PERSISTENT
}
