package org.tsstore.core;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.backend.IdSnapshot;

/**
 * The reference {@link StorageManager}: thread-safe, on the heap, nothing survives the JVM. It is the
 * {@code memory} backend's engine and the store that tests and examples build on (as Micrometer's
 * {@code SimpleMeterRegistry} is), so a test double wraps it with a {@link ForwardingStorageManager}
 * instead of writing a manager of its own.
 *
 * <p>{@link #store} copies a series once into an immutable {@link ArrayTimeSeries} (not at all when it
 * already is one) and {@link #get} returns that instance: no copy on the read path.
 */
public final class InMemoryStorageManager implements StorageManager {

    private final ConcurrentMap<String, ArrayTimeSeries> series = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String name;

    /** A new, empty store. */
    public InMemoryStorageManager() {
        this("in-memory");
    }

    /**
     * A new, empty store with a name for {@link #toString()} and messages.
     *
     * @param name the name
     */
    public InMemoryStorageManager(String name) {
        this.name = Objects.requireNonNull(name, "name");
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
        this.series.put(id, copy);
        return copy;
    }

    @Override
    public int size(String id) {
        return get(id).size();
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        checkOpen();
        ArrayTimeSeries found = series.get(SeriesIds.check(id));
        if (found == null) {
            throw new NoSuchSeriesException(id);
        }
        return found;
    }

    @Override
    public boolean contains(String id) {
        checkOpen();
        return series.containsKey(SeriesIds.check(id));
    }

    @Override
    public boolean delete(String id) {
        checkOpen();
        return series.remove(SeriesIds.check(id)) != null;
    }

    @Override
    public Set<String> ids() {
        checkOpen();
        return IdSnapshot.of(series.keySet());
    }

    /**
     * A random UUID, unused in this store when returned.
     *
     * @return a fresh, valid id
     */
    @Override
    public String newId() {
        checkOpen();
        String id;
        do {
            id = UUID.randomUUID().toString();
        } while (series.containsKey(id));
        return id;
    }

    /** Nothing to write: every store is complete when it returns. */
    @Override
    public void flush() {
        checkOpen();
    }

    /**
     * Counts the series and their bytes (16 per point); heap series cannot be damaged.
     *
     * @return a clean report
     */
    @Override
    public IntegrityReport verify() {
        checkOpen();
        IntegrityReport.Builder report = IntegrityReport.builder();
        for (ArrayTimeSeries s : series.values()) {
            report.checked(16L * s.size());
        }
        return report.build();
    }

    /** Nothing to reclaim: the garbage collector frees replaced series. */
    @Override
    public void compact() {
        checkOpen();
    }

    /** Drops every series. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            series.clear();
        }
    }

    @Override
    public String toString() {
        return "InMemoryStorageManager[" + name + "]";
    }
}
