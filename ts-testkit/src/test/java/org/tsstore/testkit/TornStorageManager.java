package org.tsstore.testkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;

/** Broken on purpose: publishes a series' times and values one after the other, so readers may pair old and new. */
final class TornStorageManager extends SimpleStorageManager {

    private static final class Slot {
        volatile double[] times;
        volatile double[] values;
    }

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    @Override
    public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries s) {
        checkOpen();
        checkId(id);
        ArrayTimeSeries copy = ArrayTimeSeries.copyOf(s);
        Slot slot = slots.computeIfAbsent(id, k -> new Slot());
        slot.times = copy.times();
        LockSupport.parkNanos(200_000); // widen the window in which a reader sees new times with old values
        slot.values = copy.values();
        series.put(id, copy);
        return copy;
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        checkOpen();
        Slot slot = slots.get(checkId(id));
        if (slot == null || !series.containsKey(id)) {
            throw new NoSuchSeriesException(id);
        }
        return ArrayTimeSeries.of(slot.times, slot.values);
    }

    @Override
    public boolean delete(String id) {
        boolean removed = super.delete(id);
        slots.remove(id);
        return removed;
    }
}
