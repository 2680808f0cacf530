package org.tsstore.api;

import java.util.Set;

/**
 * A collection of time series stored by id.
 *
 * <p>A manager owns both the persistent and the in-memory form of its series: {@link #store} returns
 * the manager's own form of what it stored and {@link #get} returns whatever form the manager keeps
 * (heap arrays, a cache entry, a read-only view of a memory-mapped file). Either is an immutable
 * {@link SizedContainerTimeSeries}, so callers never need to know which.
 *
 * <p>Ids obey {@link SeriesIds}; series obey {@link SeriesRules}. Invalid input is rejected with an
 * exception that names it, and changes nothing. Implementations are thread-safe: a reader running
 * beside a writer of the same id sees the old series or the new one, never a mix. After {@link #close()}
 * every method but {@code close} throws {@link IllegalStateException}.
 *
 * <p>Managers are found by {@code org.tsstore.core.StorageManagers}, from the
 * {@link org.tsstore.api.spi.StorageManagerProvider}s on the classpath.
 */
public interface StorageManager extends AutoCloseable {

    /**
     * Stores a series under an id, replacing any series stored under it.
     *
     * @param id the id
     * @param series the series; its points are read once and checked against {@link SeriesRules}
     * @return the manager's own immutable form of the stored series, equal to {@code series}
     * @throws IllegalArgumentException if the id or the series is invalid; nothing is stored
     * @throws StorageException if the write fails; the previous series under the id, if any, remains
     */
    SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series);

    /**
     * Stores a series under an integer id: its decimal string.
     *
     * @param id the integer id
     * @param series the series
     * @return the manager's own form of the stored series
     * @see #store(String, SizedContainerTimeSeries)
     */
    default SizedContainerTimeSeries store(long id, SizedContainerTimeSeries series) {
        return store(SeriesIds.of(id), series);
    }

    /**
     * The number of points of a stored series, answered from the index without reading the series.
     *
     * @param id the id
     * @return the number of points
     * @throws NoSuchSeriesException if nothing is stored under the id
     */
    int size(String id);

    /**
     * The number of points of the series under an integer id.
     *
     * @param id the integer id
     * @return the number of points
     * @see #size(String)
     */
    default int size(long id) {
        return size(SeriesIds.of(id));
    }

    /**
     * The series stored under an id.
     *
     * @param id the id
     * @return the series, in the manager's own immutable form
     * @throws NoSuchSeriesException if nothing is stored under the id
     * @throws StorageException if the series cannot be read or fails its checksum
     */
    SizedContainerTimeSeries get(String id);

    /**
     * The series stored under an integer id.
     *
     * @param id the integer id
     * @return the series
     * @see #get(String)
     */
    default SizedContainerTimeSeries get(long id) {
        return get(SeriesIds.of(id));
    }

    /**
     * Whether a series is stored under an id.
     *
     * @param id the id
     * @return {@code true} if {@link #get} would find a series
     */
    boolean contains(String id);

    /**
     * Whether a series is stored under an integer id.
     *
     * @param id the integer id
     * @return {@code true} if a series is stored under it
     */
    default boolean contains(long id) {
        return contains(SeriesIds.of(id));
    }

    /**
     * Removes the series stored under an id.
     *
     * @param id the id
     * @return {@code true} if a series was removed, {@code false} if none was stored
     */
    boolean delete(String id);

    /**
     * Removes the series stored under an integer id.
     *
     * @param id the integer id
     * @return {@code true} if a series was removed
     */
    default boolean delete(long id) {
        return delete(SeriesIds.of(id));
    }

    /**
     * The ids of all stored series: an immutable snapshot, unaffected by later writes.
     *
     * @return the ids
     */
    Set<String> ids();

    /**
     * A new id under which nothing is stored, for callers that do not choose their own.
     *
     * @return a fresh, valid id
     */
    String newId();

    /**
     * Makes every write so far durable at the strongest level the backend offers ({@link Durability#SYNC}
     * for persistent backends), and writes any checkpoint that speeds up the next open.
     */
    void flush();

    /**
     * Checks every stored series against its checksum (or, without checksums, reads it back) and reports
     * what is damaged. Never repairs or removes anything.
     *
     * <p>The default reads every series with {@link #get} and reports those that fail.
     *
     * @return the report
     */
    default IntegrityReport verify() {
        IntegrityReport.Builder report = IntegrityReport.builder();
        for (String id : ids()) {
            try {
                SizedContainerTimeSeries series = get(id);
                report.checked(16L * series.size());
            } catch (NoSuchSeriesException e) {
                // deleted since the snapshot of ids: nothing to check
            } catch (StorageException e) {
                report.damaged(new IntegrityReport.Damage(id, "", e.getMessage()));
            }
        }
        return report.build();
    }

    /**
     * Reclaims the space held by overwritten and deleted series, where the backend has any to reclaim.
     * Readers are not blocked, and series obtained before stay valid. The default does nothing.
     */
    default void compact() {}

    /**
     * Releases files, locks, mappings and connections. Idempotent. Writes acknowledged before are kept.
     */
    @Override
    void close();
}
