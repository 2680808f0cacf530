/**
 * The contract every tsstore series implementation and storage backend must pass, as property-based
 * tests that a backend author runs by implementing an interface.
 *
 * <p>Add {@code ts-testkit} with test scope and write one small test class:
 * <pre>{@code
 * class MyStorageManagerContractTest implements StorageManagerContract, StatefulStorageContract {
 *     public StorageManager create() { return MyStorageManager.open(StoreDirectories.newDirectory("my")); }
 *     public Set<Capability> capabilities() { return EnumSet.of(Capability.PERSISTENT); }
 *     public StorageManager reopen(StorageManager previous) { ... close it and open the same store ... }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link org.tsstore.testkit.StorageManagerContract}: round trips, overwrites, deletes, ids, hostile
 *       and invalid input, persistence, concurrency and the closed state of a
 *       {@link org.tsstore.api.StorageManager};</li>
 *   <li>{@link org.tsstore.testkit.StatefulStorageContract}: random sequences of operations checked against
 *       a {@link java.util.Map} model;</li>
 *   <li>{@link org.tsstore.testkit.SizedContainerTimeSeriesContract}: every operation of a
 *       {@link org.tsstore.api.SizedContainerTimeSeries} against plain arrays;</li>
 *   <li>{@link org.tsstore.testkit.CrashHarness}: kills a child JVM in the middle of writes and checks that
 *       no acknowledged write was lost;</li>
 *   <li>{@link org.tsstore.testkit.SeriesArbitraries} and {@link org.tsstore.testkit.StoreDirectories}:
 *       generators and temporary directories for a backend's own tests.</li>
 * </ul>
 *
 * <p>The contracts are jqwik properties: they run under the JUnit Platform with the {@code jqwik} engine,
 * which this module brings along.
 */
package org.tsstore.testkit;
