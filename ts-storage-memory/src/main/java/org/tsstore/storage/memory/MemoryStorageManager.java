package org.tsstore.storage.memory;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.backend.IdSnapshot;

/**
 * A thread-safe {@link StorageManager} that keeps its series on the heap, in a concurrent map.
 *
 * <p>{@link #store} copies the series once into an immutable {@link ArrayTimeSeries} (not at all when it
 * already is one) and {@link #get} returns that very instance: no copy on the read path. Nothing survives
 * the JVM.
 *
 * <p>{@code new MemoryStorageManager()} makes a private store, gone when the manager is closed. The
 * provider's {@code memory:name} opens a named store shared within the JVM: every manager opened on the
 * same name sees the same series, and the store is dropped when the last of them is closed. Closing one
 * manager makes that manager refuse further calls ({@link IllegalStateException}) without affecting the
 * others.
 */
public final class MemoryStorageManager implements StorageManager {

    private final MemoryStore store;
    private final boolean named;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A new, empty, private store. */
    public MemoryStorageManager() {
        this(new MemoryStore(""), false);
    }

    private MemoryStorageManager(MemoryStore store, boolean named) {
        this.store = store;
        this.named = named;
    }

    /** A manager on the named store of this JVM, created empty if no manager has it open. */
    static MemoryStorageManager openNamed(String name) {
        return new MemoryStorageManager(NamedMemoryStores.acquire(name), true);
    }

    /**
     * The name of the store: the {@code name} of {@code memory:name}, or the empty string for a private
     * store.
     *
     * @return the name
     */
    public String name() {
        return store.name;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    @Override
    public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
        checkOpen();
        Objects.requireNonNull(series, () -> "series to store under " + SeriesIds.quote(id) + " is null");
        SeriesIds.check(id);
        ArrayTimeSeries copy;
        try {
            copy = ArrayTimeSeries.copyOf(series);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot store the series under " + SeriesIds.quote(id) + ": "
                    + e.getMessage(), e);
        }
        store.series.put(id, copy);
        return copy;
    }

    @Override
    public int size(String id) {
        return get(id).size();
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        checkOpen();
        ArrayTimeSeries series = store.series.get(SeriesIds.check(id));
        if (series == null) {
            throw new NoSuchSeriesException(id);
        }
        return series;
    }

    @Override
    public boolean contains(String id) {
        checkOpen();
        return store.series.containsKey(SeriesIds.check(id));
    }

    @Override
    public boolean delete(String id) {
        checkOpen();
        return store.series.remove(SeriesIds.check(id)) != null;
    }

    @Override
    public Set<String> ids() {
        checkOpen();
        return IdSnapshot.of(store.series.keySet());
    }

    /**
     * A new id under which nothing is stored: a random UUID, unused in this store when returned.
     *
     * @return a fresh, valid id
     */
    @Override
    public String newId() {
        checkOpen();
        String id;
        do {
            id = UUID.randomUUID().toString();
        } while (store.series.containsKey(id));
        return id;
    }

    /** Nothing to write: every store is complete when it returns. */
    @Override
    public void flush() {
        checkOpen();
    }

    /**
     * Counts the series and their bytes (16 per point): heap series cannot be damaged, so the report is
     * always clean.
     *
     * @return a clean report
     */
    @Override
    public IntegrityReport verify() {
        checkOpen();
        IntegrityReport.Builder report = IntegrityReport.builder();
        for (ArrayTimeSeries series : store.series.values()) {
            report.checked(16L * series.size());
        }
        return report.build();
    }

    /** Nothing to reclaim: the garbage collector frees replaced series. */
    @Override
    public void compact() {
        checkOpen();
    }

    /** Closes this manager; a named store is dropped when its last manager closes. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && named) {
            NamedMemoryStores.release(store);
        }
    }

    @Override
    public String toString() {
        return "MemoryStorageManager[" + (named ? "memory:" + store.name : "private") + "]";
    }
}
