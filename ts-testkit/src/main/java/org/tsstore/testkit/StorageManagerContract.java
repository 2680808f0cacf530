package org.tsstore.testkit;

import java.util.Map;

/**
 * The whole contract of a {@link org.tsstore.api.StorageManager}, as jqwik properties that a backend's test
 * class inherits by implementing this interface and {@link #fixture()}:
 *
 * <pre>{@code
 * class MyStoreTest implements StorageManagerContract, StatefulStorageContract, ReliabilitySuite {
 *     public BackendFixture fixture() { return MyFixtures.DEFAULT; }
 * }
 * }</pre>
 *
 * <p>Each property opens fresh stores and closes them, and checks them against an independent model (a
 * {@link Map} of heap series) through every read path. The concepts, each an interface of its own that can
 * also be implemented alone: {@link RoundTripContract}, {@link InvalidInputContract},
 * {@link OwnershipContract}, {@link HostileIdContract}, {@link PersistenceContract},
 * {@link ConcurrencyContract}, {@link LifecycleContract} and {@link StreamingContract}. The whole contract runs in
 * well under a minute for an in-memory backend; {@link StatefulStorageContract} adds random sequences of
 * operations against a model, {@code org.tsstore.testkit.reliability.ReliabilitySuite} the checks that need
 * another process.
 */
public interface StorageManagerContract extends RoundTripContract, InvalidInputContract, OwnershipContract,
        HostileIdContract, PersistenceContract, ConcurrencyContract, LifecycleContract, StreamingContract {
}
