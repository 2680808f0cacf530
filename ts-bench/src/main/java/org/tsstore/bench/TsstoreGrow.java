package org.tsstore.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * A tsstore backend as a {@link GrowSubject}: a tick is one {@code appendAll}, a chunk one {@code append}, a
 * range one {@code get(id, from, to).mean()}, the last points a {@code get(id)} sliced from its last time.
 */
final class TsstoreGrow implements GrowSubject {

    private final StorageManager manager;

    TsstoreGrow(StorageManager manager) {
        this.manager = manager;
    }

    @Override
    public void appendTick(String[] ids, double time, double[] values) {
        Map<String, SizedContainerTimeSeries> tick = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            tick.put(ids[i], ArrayTimeSeries.of(new double[] {time}, new double[] {values[i]}));
        }
        manager.appendAll(tick);
    }

    @Override
    public void append(String id, double[] times, double[] values, int offset, int length) {
        manager.append(id, ArrayTimeSeries.of(Arrays.copyOfRange(times, offset, offset + length),
                Arrays.copyOfRange(values, offset, offset + length)));
    }

    @Override
    public void load(String[] ids, int points) {
        double[] times = SampleSeries.times(points, 0);
        for (int i = 0; i < ids.length; i++) {
            manager.store(ids[i], ArrayTimeSeries.of(times, SampleSeries.values(points, i)));
        }
    }

    @Override
    public double[] rangeMean(String id, double from, double to) {
        SizedContainerTimeSeries s = manager.get(id, from, to);
        return new double[] {s.size(), s.mean()};
    }

    @Override
    public double[] lastMean(String id, int n) {
        SizedContainerTimeSeries s = manager.get(id);
        SizedContainerTimeSeries last = s.slice(s.time(s.size() - 1) - (n - 1), Double.POSITIVE_INFINITY);
        return new double[] {last.size(), last.mean()};
    }

    @Override
    public double[] mean(String id) {
        SizedContainerTimeSeries s = manager.get(id);
        return new double[] {s.size(), s.mean()};
    }

    @Override
    public void close() {
        manager.close();
    }
}
