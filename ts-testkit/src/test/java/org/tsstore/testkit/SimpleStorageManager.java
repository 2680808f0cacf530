package org.tsstore.testkit;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.backend.IdSnapshot;

/**
 * A correct in-memory manager for the testkit's own tests (ts-storage-memory depends on the testkit, so
 * the testkit cannot use it). Subclasses break it on purpose, one hook at a time, to show the contract
 * catches each break.
 */
class SimpleStorageManager implements StorageManager {

    final Map<String, SizedContainerTimeSeries> series = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** The id check; a broken manager skips it. */
    String checkId(String id) {
        return SeriesIds.check(id);
    }

    /** What is kept for a stored series; a broken manager keeps something else. */
    SizedContainerTimeSeries keep(SizedContainerTimeSeries s) {
        return ArrayTimeSeries.copyOf(s);
    }

    /** What a reader gets for a kept series. */
    SizedContainerTimeSeries give(SizedContainerTimeSeries kept) {
        return kept;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
    }

    @Override
    public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries s) {
        checkOpen();
        checkId(id);
        Objects.requireNonNull(s, "series");
        SizedContainerTimeSeries kept = keep(s);
        series.put(id, kept);
        return give(kept);
    }

    @Override
    public int size(String id) {
        return get(id).size();
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        checkOpen();
        SizedContainerTimeSeries s = series.get(checkId(id));
        if (s == null) {
            throw new NoSuchSeriesException(id);
        }
        return give(s);
    }

    @Override
    public boolean contains(String id) {
        checkOpen();
        return series.containsKey(checkId(id));
    }

    @Override
    public boolean delete(String id) {
        checkOpen();
        return series.remove(checkId(id)) != null;
    }

    @Override
    public Set<String> ids() {
        checkOpen();
        return IdSnapshot.of(series.keySet());
    }

    @Override
    public String newId() {
        checkOpen();
        return UUID.randomUUID().toString();
    }

    @Override
    public void flush() {
        checkOpen();
    }

    @Override
    public org.tsstore.api.IntegrityReport verify() {
        checkOpen();
        return StorageManager.super.verify();
    }

    @Override
    public void compact() {
        checkOpen();
    }

    @Override
    public void close() {
        closed = true;
    }
}
