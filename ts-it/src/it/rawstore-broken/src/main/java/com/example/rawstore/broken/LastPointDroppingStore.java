package com.example.rawstore.broken;

import com.example.rawstore.RawStorageManager;
import java.nio.file.Path;
import java.util.Set;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * The raw backend with an off-by-one: it stores every series but its last point (a classic bug of a
 * hand-written encoder). Everything else is the real backend.
 */
public final class LastPointDroppingStore implements StorageManager {

    private final RawStorageManager store;

    public LastPointDroppingStore(RawStorageManager store) {
        this.store = store;
    }

    public Path directory() {
        return store.directory();
    }

    @Override
    public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
        ArrayTimeSeries copy = ArrayTimeSeries.copyOf(series);
        int kept = Math.max(0, copy.size() - 1);
        double[] times = new double[kept];
        double[] values = new double[kept];
        copy.copyTimes(0, times, 0, kept);
        copy.copyValues(0, values, 0, kept);
        return store.store(id, ArrayTimeSeries.of(times, values));
    }

    @Override
    public int size(String id) {
        return store.size(id);
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        return store.get(id);
    }

    @Override
    public boolean contains(String id) {
        return store.contains(id);
    }

    @Override
    public boolean delete(String id) {
        return store.delete(id);
    }

    @Override
    public Set<String> ids() {
        return store.ids();
    }

    @Override
    public String newId() {
        return store.newId();
    }

    @Override
    public void flush() {
        store.flush();
    }

    @Override
    public IntegrityReport verify() {
        return store.verify();
    }

    @Override
    public void compact() {
        store.compact();
    }

    @Override
    public void close() {
        store.close();
    }
}
