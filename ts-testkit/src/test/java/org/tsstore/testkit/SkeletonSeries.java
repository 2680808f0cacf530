package org.tsstore.testkit;

import org.tsstore.core.AbstractSizedContainerTimeSeries;

/** The least a backend writes: three accessors over arrays, everything else from the skeleton. */
class SkeletonSeries extends AbstractSizedContainerTimeSeries {

    private final double[] times;
    private final double[] values;

    SkeletonSeries(double[] times, double[] values) {
        this.times = times.clone();
        this.values = values.clone();
    }

    @Override
    public int size() {
        return times.length;
    }

    @Override
    public double time(int index) {
        return times[index];
    }

    @Override
    public double value(int index) {
        return values[index];
    }
}
