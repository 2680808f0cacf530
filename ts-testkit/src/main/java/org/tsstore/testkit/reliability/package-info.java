/**
 * The reliability harnesses: checks that kill, damage, crowd or starve a store, most of them from a child
 * JVM, each driven by a backend's {@link org.tsstore.testkit.BackendFixture} or by a URI.
 *
 * <ul>
 *   <li>{@link org.tsstore.testkit.reliability.ReliabilitySuite}: all of them, for a backend's test class
 *       to implement;</li>
 *   <li>{@link org.tsstore.testkit.reliability.CrashHarness}: kills a child JVM in the middle of writes and
 *       checks that no acknowledged write was lost;</li>
 *   <li>{@link org.tsstore.testkit.reliability.CorruptionCampaign}: damages the files (or other
 *       {@link org.tsstore.testkit.DamageSite}s) of closed stores and checks that damage is reported, never
 *       read as data;</li>
 *   <li>{@link org.tsstore.testkit.reliability.ExclusionCheck}: a second JVM on the same store is refused at
 *       once, and gets the store once the first closes it or dies;</li>
 *   <li>{@link org.tsstore.testkit.reliability.DiskFullCheck}: runs the store out of space on a small
 *       {@code tmpfs} ({@link org.tsstore.testkit.reliability.SmallFileSystem}) and checks that it fails
 *       cleanly and recovers.</li>
 * </ul>
 */
package org.tsstore.testkit.reliability;
