/**
 * The backend toolkit: the one place a backend author, ours or a stranger's, takes shared parts from.
 *
 * <ul>
 *   <li>{@link org.tsstore.core.backend.AbstractStorageProvider} and
 *       {@link org.tsstore.core.backend.DirectoryStorageProvider}: the scheme check and option parsing,
 *       and opening a directory given as a {@link java.nio.file.Path} of any file system;</li>
 *   <li>{@link org.tsstore.core.backend.DirectoryLock}: one writing process per store directory;</li>
 *   <li>{@link org.tsstore.core.backend.DirectorySync}: the directory {@code fsync}, with one policy;</li>
 *   <li>{@link org.tsstore.core.backend.Checksums} and {@link org.tsstore.core.backend.CorruptDataException}:
 *       the CRC-32C rule, headers and footers;</li>
 *   <li>{@link org.tsstore.core.backend.IdSnapshot}: what {@code ids()} returns;</li>
 *   <li>{@link org.tsstore.core.backend.Sums}: the summation kernel behind every mean and standard
 *       deviation.</li>
 * </ul>
 * Beside them in {@code org.tsstore.core}: {@link org.tsstore.core.ForwardingStorageManager} for wrappers,
 * {@link org.tsstore.core.InMemoryStorageManager} as the reference store for tests, and
 * {@link org.tsstore.core.AbstractSizedContainerTimeSeries} for a backend's series view.
 */
package org.tsstore.core.backend;
