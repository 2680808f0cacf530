package org.tsstore.testkit;

/**
 * An optional ability a storage backend declares to the contract through
 * {@link StoreContract#capabilities()}.
 *
 * <p>The contract checks declared-absent behaviour too instead of skipping it: a backend that does not
 * declare {@link #PERSISTENT} must leave {@link StoreContract#reopen} unsupported, and its stores
 * must not see each other's series.
 */
public enum Capability {
    /**
     * Series survive {@link org.tsstore.api.StorageManager#close()} and are found again when the same store
     * is opened again ({@link StoreContract#reopen}).
     */
    PERSISTENT,

    /**
     * One process at a time holds a store: a second process that opens it is refused at once, and gets it
     * once the first closes it or dies ({@code ExclusionCheck}).
     */
    SINGLE_PROCESS,

    /**
     * {@code storeAll} and {@code appendAll} are atomic across a crash: a batch cut by a kill or a power loss
     * is wholly there or wholly absent after reopening. Without it, each series of a batch is still atomic
     * on its own.
     */
    ATOMIC_BATCHES,

    /**
     * The store opens read-only with the option {@code mode=read} beside a live writer in another process:
     * no lock, nothing written, and every read serves a version the writer acknowledged (or had in flight),
     * never an older one, never a torn one, and keeps working when the writer is killed
     * ({@code LiveReaderCheck}, and in one JVM {@link ReadOnlyContract}).
     */
    LIVE_READERS
}
