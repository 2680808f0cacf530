package org.tsstore.testkit;

import org.tsstore.core.AbstractSizedContainerTimeSeries;

/**
 * A series that breaks the immutability promise: the test changes its points after storing it. A backend
 * must have read it once at {@code store}, so the stored series keeps the old points.
 */
final class MutableSeries extends AbstractSizedContainerTimeSeries {

    private final double[] times;
    private final double[] values;

    MutableSeries(double[] times, double[] values) {
        this.times = times.clone();
        this.values = values.clone();
    }

    /** Overwrites every value with one it did not have; the times stay valid. */
    void scramble() {
        for (int i = 0; i < values.length; i++) {
            values[i] = Double.doubleToLongBits(values[i]) == Double.doubleToLongBits(42.0) ? 43.0 : 42.0;
        }
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
