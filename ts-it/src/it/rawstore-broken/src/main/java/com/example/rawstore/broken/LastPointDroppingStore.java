package com.example.rawstore.broken;

import com.example.rawstore.RawStorageManager;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.ForwardingStorageManager;

/**
 * The raw backend with an off-by-one: it stores every series but its last point (a classic bug of a
 * hand-written encoder). Everything else is the real backend.
 */
public final class LastPointDroppingStore extends ForwardingStorageManager {

    private final RawStorageManager store;

    public LastPointDroppingStore(RawStorageManager store) {
        this.store = store;
    }

    @Override
    protected StorageManager delegate() {
        return store;
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
}
