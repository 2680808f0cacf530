/**
 * The contract every tsstore series implementation and storage backend must pass, as property-based
 * tests that a backend author runs by implementing interfaces.
 *
 * <p>A backend describes itself once, in a {@link org.tsstore.testkit.BackendFixture} (where a store lives,
 * its options, its {@link org.tsstore.testkit.Capability capabilities}, which files are data and which are
 * checkpoints), and its whole test setup is one small class:
 * <pre>{@code
 * class MyStoreTest implements StorageManagerContract, StatefulStorageContract, ReliabilitySuite {
 *     public BackendFixture fixture() {
 *         return BackendFixture.inDirectory("my", dir -> URI.create("my:" + dir))
 *                 .capabilities(Capability.PERSISTENT, Capability.SINGLE_PROCESS)
 *                 .dataFiles("series", ".*\\.series").build();
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link org.tsstore.testkit.StorageManagerContract}: the whole contract of a
 *       {@link org.tsstore.api.StorageManager}, composed of one interface per concept (round trips, invalid
 *       input, ownership, hostile ids, persistence, concurrency, lifecycle, streaming), each over
 *       {@link org.tsstore.testkit.StoreContract};</li>
 *   <li>{@link org.tsstore.testkit.StatefulStorageContract}: random sequences of operations checked against
 *       a {@link java.util.Map} model;</li>
 *   <li>{@link org.tsstore.testkit.ReadOnlyContract}: a store opened read-only ({@code mode=read}) beside a live
 *       writer in this JVM, for backends with {@link org.tsstore.testkit.Capability#LIVE_READERS};</li>
 *   <li>{@link org.tsstore.testkit.SizedContainerTimeSeriesContract}: every operation of a
 *       {@link org.tsstore.api.SizedContainerTimeSeries} against plain arrays;</li>
 *   <li>{@code org.tsstore.testkit.reliability}: the checks that need another process, damaged bytes or a
 *       simulated device (crash, power loss, corruption, exclusion, disk full), gathered in its
 *       {@code ReliabilitySuite}; {@code org.tsstore.testkit.reliability.powerloss} is the simulated file
 *       system the power-loss check opens stores on, usable alone;</li>
 *   <li>{@link org.tsstore.testkit.StressProfile}: CI counts, or long ones under {@code -Pstress};</li>
 *   <li>{@link org.tsstore.testkit.SeriesArbitraries} and {@link org.tsstore.testkit.StoreDirectories}:
 *       generators and temporary directories for a backend's own tests.</li>
 * </ul>
 *
 * <p>The contracts are jqwik properties and the reliability checks JUnit Jupiter tests; this module brings
 * both engines along.
 */
package org.tsstore.testkit;
