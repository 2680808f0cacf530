package org.tsstore.api;

import java.util.Arrays;
import java.util.PrimitiveIterator;

/**
 * A bare {@link TimeSeries} over two arrays, with only the two abstract iterators: ts-api's tests
 * cannot use ts-core's implementations, and the default methods are what is under test. It also answers
 * the sized methods trivially, just enough to be stored by a fake manager.
 */
final class ListSeries implements SizedContainerTimeSeries {
    private final double[] t;
    private final double[] v;

    ListSeries(double[] t, double[] v) {
        this.t = t;
        this.v = v;
    }

    @Override
    public PrimitiveIterator.OfDouble timeIterator() {
        return Arrays.stream(t).iterator();
    }

    @Override
    public PrimitiveIterator.OfDouble valueIterator() {
        return Arrays.stream(v).iterator();
    }

    @Override
    public int size() {
        return t.length;
    }

    @Override
    public boolean isEmpty() {
        return t.length == 0;
    }

    @Override
    public double time(int index) {
        return t[index];
    }

    @Override
    public double value(int index) {
        return v[index];
    }

    @Override
    public double[] times() {
        return t.clone();
    }

    @Override
    public double[] values() {
        return v.clone();
    }

    @Override
    public void copyTimes(int from, double[] dst, int offset, int length) {
        System.arraycopy(t, from, dst, offset, length);
    }

    @Override
    public void copyValues(int from, double[] dst, int offset, int length) {
        System.arraycopy(v, from, dst, offset, length);
    }

    @Override
    public boolean containsTime(double time) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SizedContainerTimeSeries interpolate(double... newTimes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SizedContainerTimeSeries plus(SizedContainerTimeSeries other) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SizedContainerTimeSeries minus(SizedContainerTimeSeries other) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SizedContainerTimeSeries multipliedBy(SizedContainerTimeSeries other) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SizedContainerTimeSeries plus(double scalar) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SizedContainerTimeSeries minus(double scalar) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SizedContainerTimeSeries multipliedBy(double scalar) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SizedContainerTimeSeries negated() {
        throw new UnsupportedOperationException();
    }

    @Override
    public SizedContainerTimeSeries abs() {
        throw new UnsupportedOperationException();
    }

    @Override
    public double mean() {
        throw new UnsupportedOperationException();
    }

    @Override
    public double std() {
        throw new UnsupportedOperationException();
    }

    @Override
    public double std(int ddof) {
        throw new UnsupportedOperationException();
    }

    @Override
    public NanStatistics skippingNaN() {
        throw new UnsupportedOperationException();
    }

    @Override
    public double min() {
        throw new UnsupportedOperationException();
    }

    @Override
    public double max() {
        throw new UnsupportedOperationException();
    }

    @Override
    public SizedContainerTimeSeries followedBy(SizedContainerTimeSeries later) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SizedContainerTimeSeries slice(double fromTime, double toTime) {
        throw new UnsupportedOperationException();
    }
}
