/**
 * The reliability harnesses: checks that kill, damage, crowd or starve a store, most of them from a child
 * JVM, each driven by a backend's {@link org.tsstore.testkit.BackendFixture} or by a URI.
 *
 * <ul>
 *   <li>{@link org.tsstore.testkit.reliability.ReliabilitySuite}: all of them, for a backend's test class
 *       to implement;</li>
 *   <li>{@link org.tsstore.testkit.reliability.CrashHarness}: kills a child JVM in the middle of writes and
 *       checks that no acknowledged write was lost;</li>
 *   <li>{@link org.tsstore.testkit.reliability.PowerLossCheck}: in this JVM, cuts the power under a store
 *       opened on a simulated file system at random changes to its files, and checks every state a power
 *       loss may leave it in (see below);</li>
 *   <li>{@link org.tsstore.testkit.reliability.CorruptionCampaign}: damages the files (or other
 *       {@link org.tsstore.testkit.DamageSite}s) of closed stores and checks that damage is reported, never
 *       read as data;</li>
 *   <li>{@link org.tsstore.testkit.reliability.ExclusionCheck}: a second JVM on the same store is refused at
 *       once, and gets the store once the first closes it or dies;</li>
 *   <li>{@link org.tsstore.testkit.reliability.LiveReaderCheck}: reader JVMs and threads on a store opened
 *       with {@code mode=read} beside a writer JVM, then beside its SIGKILL: every read a version acknowledged
 *       or in flight, never older, never torn;</li>
 *   <li>{@link org.tsstore.testkit.reliability.DiskFullCheck}: runs the store out of space on a small
 *       {@code tmpfs} ({@link org.tsstore.testkit.reliability.SmallFileSystem}) and checks that it fails
 *       cleanly and recovers.</li>
 * </ul>
 *
 * <h2>The model of a power loss</h2>
 * A SIGKILL keeps the page cache; a power loss keeps only what reached the device. The power-loss check
 * runs the crash harness's operations on a store whose directory is the root of a
 * {@link org.tsstore.testkit.reliability.powerloss.PowerLossFileSystem}: every file the backend touches is
 * reached from the path it was given ({@code DirectoryStorageProvider.open(Path, Map)},
 * {@link org.tsstore.testkit.BackendFixture#openAt}), so all its writes, forces, creations, renames and
 * deletions are recorded. At a random change the power goes: that change fails with an
 * {@link java.io.IOException}, as does everything after it, and the store is abandoned.
 * {@link org.tsstore.testkit.reliability.powerloss.PowerLossStates} then makes the states the device may
 * be left in, promising no more than POSIX: everything forced survives (a file's content by its
 * {@code fsync}, its name by its directory's); of the rest, any prefix of each file's changes, the last
 * write possibly torn at a 512-byte sector with zeroes or garbage after it; and any unforced directory
 * change undone. Each state is opened with the real backend and judged by the crash model: with
 * {@code durability=sync} nothing acknowledged is lost; with {@code durability=os} nothing is served that
 * was never written, and the losses are counted.
 */
package org.tsstore.testkit.reliability;
