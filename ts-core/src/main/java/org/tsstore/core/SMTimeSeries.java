package org.tsstore.core;

import java.util.Objects;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SeriesRules;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;

/**
 * A series bound to an id in a {@link StorageManager}: created by storing it, or by naming a series
 * already stored ({@link #fromDb(String)}).
 *
 * <p>The constructors check the arrays against the {@link SeriesRules} and the id against
 * {@link SeriesIds} before anything reaches the manager, store one copy of the arrays (later changes to
 * them have no effect), and from then on forward every call to the manager's own form of the series: a
 * backend's optimised statistics are the ones that run. Without an explicit manager the shared default,
 * {@link StorageManagers#defaultManager()}, is used; without an explicit id the manager makes one up
 * ({@link StorageManager#newId()}).
 *
 * <h2>Results of operations are not stored</h2>
 * The seed left open whether {@code a.plus(b)} of two stored series is stored too. It is not: every
 * operation ({@code plus}, {@code slice}, {@code interpolate}, ...) returns an in-memory series, with no
 * id, and stores nothing, so that arithmetic never writes to disk behind the caller's back. To keep a
 * result, store it: {@code manager.store(id, result)} then {@code SMTimeSeries.fromDb(manager, id)}.
 *
 * <h2>Lazy loading</h2>
 * {@link #fromDb(StorageManager, String) fromDb} does not touch the manager: the series is fetched on
 * the first call that needs it, once, however many threads ask at the same moment. Whether the id
 * exists is deliberately not checked up front (that would be a read the laziness is there to avoid, and
 * its answer could be stale by first use anyway): an id under which nothing is stored surfaces as a
 * {@link NoSuchSeriesException} at first use. A failed fetch is not remembered, so storing the series
 * later makes the same object usable. Every method but {@link #id()}, {@link #manager()} and
 * {@link #toString()} needs the series, {@code equals} and {@code hashCode} included, and so may throw that
 * exception. Once fetched, the series is a snapshot: storing another series under the id later does not
 * change this object, as series are immutable.
 *
 * <p>Equality is by content, like every {@link SizedContainerTimeSeries}: the id and the manager take no
 * part in it, so an {@code SMTimeSeries} equals an {@link ArrayTimeSeries} with the same points.
 */
public final class SMTimeSeries extends ForwardingSizedContainerTimeSeries<SizedContainerTimeSeries> {

    private final StorageManager manager;
    private final String id;
    /** Guards the one fetch; private, so that callers locking the series cannot interfere. */
    private final Object fetchLock = new Object();
    /** The manager's series once fetched; written once, under {@link #fetchLock}. */
    private volatile SizedContainerTimeSeries series;

    /**
     * Stores a series in the default store, under an id the store makes up.
     *
     * @param times the times, finite and strictly increasing
     * @param values the values, as many as times
     * @throws IllegalArgumentException if the arrays break the {@link SeriesRules}; nothing is stored
     * @throws IllegalStateException if there is no default store (see {@link StorageManagers#openDefault()})
     * @throws org.tsstore.api.StorageException if the store fails
     */
    public SMTimeSeries(double[] times, double[] values) {
        this(store(null, times, values, null));
    }

    /**
     * Stores a series in the default store under an id, replacing what was stored under it.
     *
     * @param times the times, finite and strictly increasing
     * @param values the values, as many as times
     * @param id the id
     * @throws IllegalArgumentException if the arrays or the id break the rules; nothing is stored
     * @throws IllegalStateException if there is no default store (see {@link StorageManagers#openDefault()})
     * @throws org.tsstore.api.StorageException if the store fails
     */
    public SMTimeSeries(double[] times, double[] values, String id) {
        this(store(null, times, values, Objects.requireNonNull(id, "id")));
    }

    /**
     * Stores a series in the default store under an integer id, its decimal string.
     *
     * @param times the times, finite and strictly increasing
     * @param values the values, as many as times
     * @param id the integer id
     * @throws IllegalArgumentException if the arrays break the rules; nothing is stored
     * @throws IllegalStateException if there is no default store (see {@link StorageManagers#openDefault()})
     * @throws org.tsstore.api.StorageException if the store fails
     */
    public SMTimeSeries(double[] times, double[] values, long id) {
        this(store(null, times, values, SeriesIds.of(id)));
    }

    /**
     * Stores a series through a manager, under an id the manager makes up.
     *
     * @param manager the manager to store in
     * @param times the times, finite and strictly increasing
     * @param values the values, as many as times
     * @throws IllegalArgumentException if the arrays break the rules; nothing is stored
     * @throws org.tsstore.api.StorageException if the store fails
     */
    public SMTimeSeries(StorageManager manager, double[] times, double[] values) {
        this(store(Objects.requireNonNull(manager, "manager"), times, values, null));
    }

    /**
     * Stores a series through a manager under an id, replacing what was stored under it.
     *
     * @param manager the manager to store in
     * @param times the times, finite and strictly increasing
     * @param values the values, as many as times
     * @param id the id
     * @throws IllegalArgumentException if the arrays or the id break the rules; nothing is stored
     * @throws org.tsstore.api.StorageException if the store fails
     */
    public SMTimeSeries(StorageManager manager, double[] times, double[] values, String id) {
        this(store(Objects.requireNonNull(manager, "manager"), times, values, Objects.requireNonNull(id, "id")));
    }

    /** What a storing constructor produced. */
    private record Stored(StorageManager manager, String id, SizedContainerTimeSeries series) {}

    /** Checks, then stores; {@code manager} and {@code id} may be null for the default and a new id. */
    private static Stored store(StorageManager manager, double[] times, double[] values, String id) {
        // Everything is checked before the manager is touched, so bad input changes nothing.
        ArrayTimeSeries copy = ArrayTimeSeries.of(times, values);
        if (id != null) {
            SeriesIds.check(id);
        }
        StorageManager target = manager != null ? manager : StorageManagers.defaultManager();
        String chosen = id != null ? id : SeriesIds.check(target.newId());
        SizedContainerTimeSeries stored = Objects.requireNonNull(target.store(chosen, copy),
                () -> "manager returned null from store(" + SeriesIds.quote(chosen) + ")");
        return new Stored(target, chosen, stored);
    }

    private SMTimeSeries(Stored stored) {
        this.manager = stored.manager();
        this.id = stored.id();
        this.series = stored.series();
    }

    /** A lazy reference to a stored series. */
    private SMTimeSeries(StorageManager manager, String id) {
        this.manager = manager;
        this.id = id;
    }

    /**
     * A lazy reference to a series in the default store; nothing is read until first use.
     *
     * @param id the id
     * @return the reference
     * @throws IllegalArgumentException if the id breaks the {@link SeriesIds} rules
     * @throws IllegalStateException if there is no default store (see {@link StorageManagers#openDefault()})
     */
    public static SMTimeSeries fromDb(String id) {
        SeriesIds.check(id);
        return new SMTimeSeries(StorageManagers.defaultManager(), id);
    }

    /**
     * A lazy reference to the series under an integer id (its decimal string) in the default store.
     *
     * @param id the integer id
     * @return the reference
     * @throws IllegalStateException if there is no default store (see {@link StorageManagers#openDefault()})
     */
    public static SMTimeSeries fromDb(long id) {
        return fromDb(SeriesIds.of(id));
    }

    /**
     * A lazy reference to a series in a manager; nothing is read until first use.
     *
     * @param manager the manager that holds it
     * @param id the id
     * @return the reference
     * @throws IllegalArgumentException if the id breaks the {@link SeriesIds} rules
     */
    public static SMTimeSeries fromDb(StorageManager manager, String id) {
        Objects.requireNonNull(manager, "manager");
        SeriesIds.check(id);
        return new SMTimeSeries(manager, id);
    }

    /**
     * A lazy reference to the series under an integer id (its decimal string) in a manager.
     *
     * @param manager the manager that holds it
     * @param id the integer id
     * @return the reference
     */
    public static SMTimeSeries fromDb(StorageManager manager, long id) {
        return fromDb(manager, SeriesIds.of(id));
    }

    /**
     * The id this series is stored under.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The manager this series is stored in.
     *
     * @return the manager
     */
    public StorageManager manager() {
        return manager;
    }

    /**
     * The manager's form of the series, fetched on first use.
     *
     * @return the series
     * @throws NoSuchSeriesException if nothing is stored under the id (the next call tries again)
     * @throws org.tsstore.api.StorageException if the series cannot be read
     */
    @Override
    protected SizedContainerTimeSeries delegate() {
        SizedContainerTimeSeries s = series;
        if (s == null) {
            synchronized (fetchLock) {
                s = series;
                if (s == null) {
                    s = Objects.requireNonNull(manager.get(id),
                            () -> "manager returned null from get(" + SeriesIds.quote(id) + ")");
                    series = s;
                }
            }
        }
        return s;
    }

    /**
     * The id and, once fetched, the series; does not fetch it, so it never fails.
     *
     * @return for example {@code SMTimeSeries[id="temp", ArrayTimeSeries[size=2, (0.0, 1.0), (1.0, 2.0)]]}
     *     or {@code SMTimeSeries[id="temp", not loaded]}
     */
    @Override
    public String toString() {
        SizedContainerTimeSeries s = series;
        return "SMTimeSeries[id=" + SeriesIds.quote(id) + ", " + (s == null ? "not loaded" : s.toString()) + "]";
    }
}
