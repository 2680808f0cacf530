package org.tsstore.core;

/**
 * A series that implements only the skeleton's three accessors, over arrays it does not check or copy:
 * every other operation runs the skeleton's default code.
 */
class ThreeMethodSeries extends AbstractSizedContainerTimeSeries {
    private final double[] t;
    private final double[] v;

    ThreeMethodSeries(double[] t, double[] v) {
        this.t = t;
        this.v = v;
    }

    @Override
    public int size() {
        return t.length;
    }

    @Override
    public double time(int index) {
        return t[index];
    }

    @Override
    public double value(int index) {
        return v[index];
    }
}
