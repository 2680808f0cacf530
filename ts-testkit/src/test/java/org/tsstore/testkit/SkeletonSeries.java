package org.tsstore.testkit;

import org.tsstore.core.AbstractSizedContainerTimeSeries;

/** The least a backend writes: three accessors over arrays, everything else from the skeleton. */
class SkeletonSeries extends AbstractSizedContainerTimeSeries {

    /** Owned copies; package-private so that deliberately broken subclasses can give them out. */
    final double[] times;
    final double[] values;

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
