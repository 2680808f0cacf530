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
 *       and invalid input (with the store directory checked byte for byte when the backend names it),
 *       persistence, per-id linearizability under concurrent use and the closed state of a
 *       {@link org.tsstore.api.StorageManager};</li>
 *   <li>{@link org.tsstore.testkit.StatefulStorageContract}: random sequences of operations checked against
 *       a {@link java.util.Map} model;</li>
 *   <li>{@link org.tsstore.testkit.SizedContainerTimeSeriesContract}: every operation of a
 *       {@link org.tsstore.api.SizedContainerTimeSeries} against plain arrays;</li>
 *   <li>{@link org.tsstore.testkit.CrashHarness}: kills a child JVM in the middle of writes and checks that
 *       no acknowledged write was lost;</li>
 *   <li>{@link org.tsstore.testkit.CorruptionCampaign}: damages the files (or other
 *       {@link org.tsstore.testkit.DamageSite}s) of closed stores and checks that damage is reported, never
 *       read as data;</li>
 *   <li>{@link org.tsstore.testkit.ExclusionCheck}: a second JVM on the same store is refused at once, and
 *       gets the store once the first closes it or dies;</li>
 *   <li>{@link org.tsstore.testkit.DiskFullCheck}: runs the store out of space on a small {@code tmpfs}
 *       ({@link org.tsstore.testkit.SmallFileSystem}) and checks that it fails cleanly and recovers;</li>
 *   <li>{@link org.tsstore.testkit.StressProfile}: CI counts, or long ones under {@code -Pstress};</li>
 *   <li>{@link org.tsstore.testkit.SeriesArbitraries} and {@link org.tsstore.testkit.StoreDirectories}:
 *       generators and temporary directories for a backend's own tests.</li>
 * </ul>
 *
 * <p>The contracts are jqwik properties: they run under the JUnit Platform with the {@code jqwik} engine,
 * which this module brings along.
 */
package org.tsstore.testkit;
