/**
 * The core of tsstore: the series implementations and the way to a storage backend.
 *
 * <ul>
 *   <li>{@link org.tsstore.core.ArrayTimeSeries}, the immutable series on the heap, and
 *       {@link org.tsstore.core.AbstractSizedContainerTimeSeries}, the skeleton with which a backend's view
 *       of its storage implements three methods and inherits every operation;</li>
 *   <li>{@link org.tsstore.core.ForwardingSizedContainerTimeSeries}, the base for series that delegate,
 *       and {@link org.tsstore.core.SMTimeSeries}, a series bound to an id in a storage manager;</li>
 *   <li>{@link org.tsstore.core.StorageManagers}, which opens a manager by location URI, choosing the
 *       backend by scheme among the {@link org.tsstore.api.spi.StorageManagerProvider}s on the classpath;</li>
 *   <li>{@link org.tsstore.core.SimulatedTimeSeries}, an unbounded generated series with running
 *       statistics.</li>
 * </ul>
 *
 * <p>Arithmetic is lazy: {@code plus}, {@code minus}, {@code multipliedBy}, {@code negated} and {@code abs}
 * return views that compute on access, and a reduction over one ({@code mean}, {@code std},
 * {@code skippingNaN()}) is a single fused pass over the operands' memory through the one summation kernel,
 * {@link org.tsstore.core.backend.Sums}. {@link org.tsstore.core.ArrayTimeSeries#copyOf} or a
 * {@code store} computes a view once.
 *
 * <p>A short example, with one backend on the classpath:
 * <pre>{@code
 * try (StorageManager store = StorageManagers.open("memory:demo")) {
 *     SMTimeSeries a = new SMTimeSeries(store, new double[] {0, 1, 2}, new double[] {1, 4, 9}, "squares");
 *     SizedContainerTimeSeries twice = a.multipliedBy(2.0);   // a lazy view; not stored
 *     store.store("twice", twice);                          // computed in one pass
 *     double mean = SMTimeSeries.fromDb(store, "twice").mean();
 * }
 * }</pre>
 */
package org.tsstore.core;
