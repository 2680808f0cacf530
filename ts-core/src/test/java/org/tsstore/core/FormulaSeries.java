package org.tsstore.core;

import java.util.Objects;

/** A series computed from its index, {@code t = t0 + i * dt} and {@code v = a * i + b}: no arrays at all. */
final class FormulaSeries extends AbstractSizedContainerTimeSeries {
    private final int n;
    private final double t0;
    private final double dt;
    private final double a;
    private final double b;

    FormulaSeries(int n, double t0, double dt, double a, double b) {
        this.n = n;
        this.t0 = t0;
        this.dt = dt;
        this.a = a;
        this.b = b;
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public double time(int index) {
        Objects.checkIndex(index, n);
        return t0 + index * dt;
    }

    @Override
    public double value(int index) {
        Objects.checkIndex(index, n);
        return a * index + b;
    }
}
