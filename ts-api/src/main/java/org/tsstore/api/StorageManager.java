package org.tsstore.api;

import java.util.Map;
import java.util.Objects;
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
     * Adds points after the end of a series, creating the series when nothing is stored under the id.
     *
     * <p>Atomic per id: a reader sees the series before the append or after it, never part of it, and a
     * series obtained before is unchanged. Appending an empty series changes nothing and creates nothing.
     *
     * <p>The default is {@code get}, {@link SizedContainerTimeSeries#followedBy}, {@code store}: correct,
     * but it rewrites the whole series and is not atomic with another writer of the same id. Backends
     * override it to write only the new points.
     *
     * @param id the id
     * @param points the points to add; every time greater than the series' last time
     * @return the size of the series after the append
     * @throws NullPointerException if the id or the points are null
     * @throws IllegalArgumentException if the id or the points are invalid, or if the first time of
     *     {@code points} is not greater than the last stored time (the message names the id and both
     *     times); nothing changes
     * @throws StorageException if the write fails; the series stays as it was
     */
    default int append(String id, SizedContainerTimeSeries points) {
        SeriesIds.check(id);
        Objects.requireNonNull(points, () -> "points to append to " + SeriesIds.quote(id) + " are null");
        SizedContainerTimeSeries existing;
        try {
            existing = get(id);
        } catch (NoSuchSeriesException e) {
            existing = null;
        }
        if (points.isEmpty()) {
            return existing == null ? 0 : existing.size();
        }
        if (existing == null || existing.isEmpty()) {
            return store(id, points).size();
        }
        RequestRules.checkAppendOrder(id, existing.time(existing.size() - 1), points.time(0));
        return store(id, existing.followedBy(points)).size();
    }

    /**
     * Adds points after the end of the series under an integer id.
     *
     * @param id the integer id
     * @param points the points to add
     * @return the size of the series after the append
     * @see #append(String, SizedContainerTimeSeries)
     */
    default int append(long id, SizedContainerTimeSeries points) {
        return append(SeriesIds.of(id), points);
    }

    /**
     * The number of points of a stored series, answered from the index without reading the series.
     *
     * @param id the id
     * @return the number of points
     * @throws NoSuchSeriesException if nothing is stored under the id
     * @throws StorageException if the store is damaged and the series under the id may have been among what
     *     was lost: refused, naming the damage, until the id is stored again or the store is {@link #repair}ed
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
     * @throws StorageException if the series cannot be read or fails its checksum, or if the store is damaged
     *     and the series under the id may have been among what was lost (refused until the id is stored again
     *     or the store is {@link #repair}ed; never answered "absent")
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
     * The points of a stored series whose times lie in the half-open range {@code [fromTime, toTime)}:
     * equal to {@code get(id).slice(fromTime, toTime)}, but a backend reads only that part from storage.
     *
     * <p>The default is {@code get(id).slice(fromTime, toTime)}.
     *
     * @param id the id
     * @param fromTime the least time included; may be {@code -Infinity}
     * @param toTime the least time excluded; may be {@code +Infinity}; at most {@code fromTime} gives an
     *     empty series
     * @return the points in the range, in the manager's own immutable form
     * @throws IllegalArgumentException if the id is invalid or a bound is {@code NaN}
     * @throws NoSuchSeriesException if nothing is stored under the id
     * @throws StorageException if the series cannot be read or fails its checksum
     */
    default SizedContainerTimeSeries get(String id, double fromTime, double toTime) {
        SeriesIds.check(id);
        RequestRules.checkRange(id, fromTime, toTime);
        return get(id).slice(fromTime, toTime);
    }

    /**
     * The points in {@code [fromTime, toTime)} of the series under an integer id.
     *
     * @param id the integer id
     * @param fromTime the least time included
     * @param toTime the least time excluded
     * @return the points in the range
     * @see #get(String, double, double)
     */
    default SizedContainerTimeSeries get(long id, double fromTime, double toTime) {
        return get(SeriesIds.of(id), fromTime, toTime);
    }

    /**
     * Stores many series in one call, each replacing what is stored under its id.
     *
     * <p>Every entry is checked before anything is written: one invalid id or series refuses the whole
     * call and nothing changes. One durability point for the whole call: with {@link Durability#SYNC}, one
     * forced write for the batch, not one per series. Whether a batch cut by a crash is wholly there or
     * wholly absent is the backend's to say (each series on its own always is).
     *
     * <p>The default checks every entry, then stores them one by one.
     *
     * @param series the series by id; an empty map does nothing
     * @throws NullPointerException if the map, an id or a series is null
     * @throws IllegalArgumentException naming the first invalid id or series; nothing is stored
     * @throws StorageException if a write fails; see the backend for what a failed batch leaves
     */
    default void storeAll(Map<String, ? extends SizedContainerTimeSeries> series) {
        RequestRules.checkBatch(series, "store");
        for (Map.Entry<String, ? extends SizedContainerTimeSeries> e : series.entrySet()) {
            store(e.getKey(), e.getValue());
        }
    }

    /**
     * Appends to many series in one call, as {@link #append} does for each.
     *
     * <p>Every entry is checked before anything is written, the order of its times against the stored
     * series included: one invalid entry refuses the whole call and nothing changes. One durability point
     * for the call, as for {@link #storeAll}.
     *
     * <p>The default checks every entry, then appends them one by one.
     *
     * @param points the points to add, by id; an empty map does nothing
     * @throws NullPointerException if the map, an id or a series is null
     * @throws IllegalArgumentException naming the first invalid id or series, or the first id whose new
     *     points do not come after its stored ones; nothing changes
     * @throws StorageException if a write fails; see the backend for what a failed batch leaves
     */
    default void appendAll(Map<String, ? extends SizedContainerTimeSeries> points) {
        RequestRules.checkBatch(points, "append");
        for (Map.Entry<String, ? extends SizedContainerTimeSeries> e : points.entrySet()) {
            SizedContainerTimeSeries p = e.getValue();
            if (!p.isEmpty()) {
                RequestRules.checkAppendsAfterStored(this, e.getKey(), p.time(0));
            }
        }
        for (Map.Entry<String, ? extends SizedContainerTimeSeries> e : points.entrySet()) {
            append(e.getKey(), e.getValue());
        }
    }

    /**
     * Whether a series is stored under an id.
     *
     * @param id the id
     * @return {@code true} if {@link #get} would find a series
     * @throws StorageException if the store is damaged and the series under the id may have been among what
     *     was lost: refused, naming the damage, until the id is stored again or the store is {@link #repair}ed
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
     * <p>On a damaged store, the ids of series that may have been lost with the damaged records cannot all be
     * known and are not listed; {@link #get}, {@link #size} and {@link #contains} refuse them with a
     * {@link StorageException} rather than answering "absent", and {@link #verify()} reports the damage.
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
     * what is damaged. Never repairs or removes anything, and never throws for damage: every damaged record
     * it meets, including bytes that end early or a file that is gone, is in the report.
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
     * Makes a damaged store whole again: keeps every series whose checksums hold, drops (or reverts to an
     * older intact version) every series that is damaged or may have been lost, and reports which. Afterwards
     * {@link #verify()} is clean and no id is refused for damage. Unlike {@code verify}, this changes the
     * store; run it after a {@code verify} that found damage, once whatever the damage can tell has been kept.
     *
     * <p>The default is {@link RepairReport#byDeletingDamaged}: it verifies, then deletes every series
     * {@code verify} names as damaged. Backends that can salvage more (older versions, records beyond a
     * damaged one) override it.
     *
     * @return what was kept and what was lost
     * @throws StorageException if the store cannot be read or written at all
     */
    default RepairReport repair() {
        return RepairReport.byDeletingDamaged(this);
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
