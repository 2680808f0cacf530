package org.tsstore.core;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.RequestRules;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.backend.BatchCopies;
import org.tsstore.core.backend.IdSnapshot;

/**
 * The reference {@link StorageManager}: thread-safe, on the heap, nothing survives the JVM. It is the
 * {@code memory} backend's engine and the store that tests and examples build on (as Micrometer's
 * {@code SimpleMeterRegistry} is), so a test double wraps it with a {@link ForwardingStorageManager}
 * instead of writing a manager of its own.
 *
 * <p>{@link #store} copies a series once into an immutable {@link ArrayTimeSeries} (not at all when it
 * already is one) and {@link #get} returns that instance: no copy on the read path. {@link #append} writes
 * the new points after the end of a buffer that grows by doubling (amortised constant cost per point) and
 * returns a new view of the longer run, so a series handed out before keeps its points. Range reads are
 * views. A batch is checked whole before any of it is applied, and no single write runs inside a batch.
 */
public final class InMemoryStorageManager implements StorageManager {

    private final ConcurrentMap<String, Entry> series = new ConcurrentHashMap<>();
    /** Single writes share it, batches hold it alone: a batch is never interleaved with another write. */
    private final ReadWriteLock writes = new ReentrantReadWriteLock();
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
        writes.readLock().lock();
        try {
            this.series.put(id, Entry.of(copy));
        } finally {
            writes.readLock().unlock();
        }
        return copy;
    }

    @Override
    public int append(String id, SizedContainerTimeSeries points) {
        checkOpen();
        SeriesIds.check(id);
        Objects.requireNonNull(points, () -> "points to append to " + SeriesIds.quote(id) + " are null");
        ArrayTimeSeries tail = checkedCopy(id, points, "append to");
        writes.readLock().lock();
        try {
            return appendChecked(id, tail);
        } finally {
            writes.readLock().unlock();
        }
    }

    private int appendChecked(String id, ArrayTimeSeries tail) {
        if (tail.isEmpty()) {
            Entry e = series.get(id);
            return e == null ? 0 : e.snapshot.size();
        }
        return series.compute(id, (k, e) -> e == null ? Entry.of(tail) : e.append(k, tail)).snapshot.size();
    }

    @Override
    public SizedContainerTimeSeries get(String id, double fromTime, double toTime) {
        checkOpen();
        SeriesIds.check(id);
        RequestRules.checkRange(id, fromTime, toTime);
        return get(id).slice(fromTime, toTime);
    }

    @Override
    public void storeAll(Map<String, ? extends SizedContainerTimeSeries> batch) {
        checkOpen();
        Map<String, ArrayTimeSeries> copies = BatchCopies.of(batch, "store");
        writes.writeLock().lock();
        try {
            copies.forEach((id, s) -> series.put(id, Entry.of(s)));
        } finally {
            writes.writeLock().unlock();
        }
    }

    @Override
    public void appendAll(Map<String, ? extends SizedContainerTimeSeries> batch) {
        checkOpen();
        Map<String, ArrayTimeSeries> copies = BatchCopies.of(batch, "append");
        writes.writeLock().lock();
        try {
            for (Map.Entry<String, ArrayTimeSeries> e : copies.entrySet()) {
                Entry stored = series.get(e.getKey());
                if (stored != null && !stored.snapshot.isEmpty() && !e.getValue().isEmpty()) {
                    RequestRules.checkAppendOrder(e.getKey(), stored.lastTime(), e.getValue().time(0));
                }
            }
            copies.forEach(this::appendChecked);
        } finally {
            writes.writeLock().unlock();
        }
    }

    private static ArrayTimeSeries checkedCopy(String id, SizedContainerTimeSeries s, String verb) {
        try {
            return ArrayTimeSeries.copyOf(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot " + verb + " the series under " + SeriesIds.quote(id) + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public int size(String id) {
        return get(id).size();
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        checkOpen();
        Entry found = series.get(SeriesIds.check(id));
        if (found == null) {
            throw new NoSuchSeriesException(id);
        }
        return found.snapshot;
    }

    @Override
    public boolean contains(String id) {
        checkOpen();
        return series.containsKey(SeriesIds.check(id));
    }

    @Override
    public boolean delete(String id) {
        checkOpen();
        SeriesIds.check(id);
        writes.readLock().lock();
        try {
            return series.remove(id) != null;
        } finally {
            writes.readLock().unlock();
        }
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
        for (Entry e : series.values()) {
            report.checked(16L * e.snapshot.size());
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

    /**
     * One series: its current snapshot and, once appended to, the buffer it is a prefix of. Only the entry
     * writes into its buffer, and only past the end of every snapshot handed out, so snapshots never change.
     */
    private static final class Entry {
        final ArrayTimeSeries snapshot;
        /** The buffer the snapshot is a prefix of, or null while the snapshot's arrays are not the entry's. */
        final double[] times;
        final double[] values;

        private Entry(ArrayTimeSeries snapshot, double[] times, double[] values) {
            this.snapshot = snapshot;
            this.times = times;
            this.values = values;
        }

        static Entry of(ArrayTimeSeries stored) {
            return new Entry(stored, null, null);
        }

        double lastTime() {
            return snapshot.time(snapshot.size() - 1);
        }

        Entry append(String id, ArrayTimeSeries tail) {
            int n = snapshot.size();
            int m = tail.size();
            if (n > 0) {
                RequestRules.checkAppendOrder(id, lastTime(), tail.time(0));
            }
            if ((long) n + m > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("cannot append " + m + " points to " + SeriesIds.quote(id)
                        + " of " + n + ": a series holds at most " + (Integer.MAX_VALUE - 8));
            }
            double[] t = times;
            double[] v = values;
            if (t == null || t.length < n + m) {
                int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, Math.max(n + m, 2L * n)));
                t = new double[capacity];
                v = new double[capacity];
                snapshot.copyTimes(0, t, 0, n);
                snapshot.copyValues(0, v, 0, n);
            }
            tail.copyTimes(0, t, n, m);
            tail.copyValues(0, v, n, m);
            return new Entry(ArrayTimeSeries.view(t, v, 0, n + m), t, v);
        }
    }
}
