/**
 * A simulated file system for power-loss tests, and the states a power loss may leave.
 *
 * <ul>
 *   <li>{@link org.tsstore.testkit.reliability.powerloss.PowerLossFileSystem}: wraps a real directory; a
 *       store opened at its {@code root()} does its I/O through it, and every change is recorded in an
 *       {@link org.tsstore.testkit.reliability.powerloss.FsLog} of
 *       {@link org.tsstore.testkit.reliability.powerloss.FsOp}s; {@code crashAfter(n)} and
 *       {@code freeze()} cut the power;</li>
 *   <li>{@link org.tsstore.testkit.reliability.powerloss.PowerLossStates}: the model of what survives
 *       (forced content and entries; a prefix of each file's other changes, torn at sectors; any unforced
 *       directory change undone), making one random
 *       {@link org.tsstore.testkit.reliability.powerloss.PowerLossState} at a time, which can be written to a
 *       fresh directory and opened there with the real backend.</li>
 * </ul>
 *
 * <p>{@link org.tsstore.testkit.reliability.PowerLossCheck} drives them for a backend; a backend's own
 * test may use them directly, for a power loss at one chosen moment.
 */
package org.tsstore.testkit.reliability.powerloss;
