package org.tsstore.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.backend.IdSnapshot;

/**
 * A storage manager over a map, for ts-core's own tests (the real memory backend lives downstream). It
 * records every call, and its own form of a stored series is a {@link ThreeMethodSeries}, so that a test
 * can tell the manager's form from the caller's.
 */
class MapStorageManager implements StorageManager {

    final Map<String, SizedContainerTimeSeries> series = new ConcurrentHashMap<>();
    /** Every call, as "method id", in order. */
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger nextId = new AtomicInteger();
    volatile boolean closed;

    List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    private void open(String call) {
        calls.add(call);
        if (closed) {
            throw new IllegalStateException("closed");
        }
    }

    @Override
    public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries s) {
        open("store " + id);
        SeriesIds.check(id);
        ThreeMethodSeries own = new ThreeMethodSeries(s.times(), s.values());
        series.put(id, own);
        return own;
    }

    @Override
    public int size(String id) {
        open("size " + id);
        return get(id).size();
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        open("get " + id);
        SizedContainerTimeSeries s = series.get(id);
        if (s == null) {
            throw new NoSuchSeriesException(id);
        }
        return s;
    }

    @Override
    public boolean contains(String id) {
        open("contains " + id);
        return series.containsKey(id);
    }

    @Override
    public boolean delete(String id) {
        open("delete " + id);
        return series.remove(id) != null;
    }

    @Override
    public Set<String> ids() {
        open("ids");
        return IdSnapshot.of(series.keySet());
    }

    @Override
    public String newId() {
        open("newId");
        return "generated-" + nextId.incrementAndGet();
    }

    @Override
    public void flush() {
        open("flush");
    }

    @Override
    public void close() {
        calls.add("close");
        closed = true;
    }
}
