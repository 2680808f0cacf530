package org.tsstore.storage.redis;

/**
 * When {@code store} and {@code delete} return, as the {@code durability} option names it.
 *
 * <p>Neither level says anything about disk: whether a master's memory reaches its disk, and how
 * often, is Redis' own persistence setting ({@code appendonly yes} with {@code appendfsync always} or
 * {@code everysec}, or RDB snapshots), configured on the servers.
 */
enum RedisDurability {
    /** Return once the master has applied the write (its own persistence settings apply). */
    OS,
    /**
     * Return once the write has also reached {@code replicas} replicas (Redis' {@code WAIT}), so it
     * survives the loss of the master: after a failover the promoted replica has it.
     */
    REPLICATED
}
