package org.tsstore.core;

import com.google.common.collect.ForwardingObject;
import java.util.Iterator;
import java.util.PrimitiveIterator;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
import org.tsstore.api.NanStatistics;
import org.tsstore.api.Point;
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * A series that forwards every call to another series, in the style of Guava's forwarding collections:
 * a subclass supplies {@link #delegate()} and overrides only the methods whose behaviour it changes.
 *
 * <p>Every method of {@link SizedContainerTimeSeries}, {@link org.tsstore.api.TimeSeries} and
 * {@link Iterable} is forwarded exactly once, the interfaces' default methods ({@link #iterator()},
 * {@link #timeStream()}, {@link #valueStream()}, {@link #points()}, {@link #forEach},
 * {@link #spliterator()}) included: a backend that overrides one of them for speed, or an optimised
 * {@link #mean()} over its own memory, is the code that runs.
 *
 * <p>Unlike Guava's forwarding collections, {@link #equals}, {@link #hashCode} and {@link #toString}
 * forward too. Series equality is by content and defined the same way for every implementation, so the
 * delegate's answer is the right one for the wrapper; {@code equals} unwraps an argument that is itself
 * a forwarding series and hands its delegate on, so that two wrappers of one delegate are equal even when
 * that delegate's own equality were by identity.
 *
 * @param <D> the type of the series forwarded to
 */
public abstract class ForwardingSizedContainerTimeSeries<D extends SizedContainerTimeSeries> extends ForwardingObject
        implements SizedContainerTimeSeries {

    /** For subclasses. */
    protected ForwardingSizedContainerTimeSeries() {}

    /**
     * The series every call is forwarded to.
     *
     * @return the delegate, never {@code null}
     */
    @Override
    protected abstract D delegate();

    @Override
    public PrimitiveIterator.OfDouble timeIterator() {
        return delegate().timeIterator();
    }

    @Override
    public PrimitiveIterator.OfDouble valueIterator() {
        return delegate().valueIterator();
    }

    @Override
    public Iterator<Point> iterator() {
        return delegate().iterator();
    }

    @Override
    public void forEach(Consumer<? super Point> action) {
        delegate().forEach(action);
    }

    @Override
    public Spliterator<Point> spliterator() {
        return delegate().spliterator();
    }

    @Override
    public DoubleStream timeStream() {
        return delegate().timeStream();
    }

    @Override
    public DoubleStream valueStream() {
        return delegate().valueStream();
    }

    @Override
    public Stream<Point> points() {
        return delegate().points();
    }

    @Override
    public int size() {
        return delegate().size();
    }

    @Override
    public boolean isEmpty() {
        return delegate().isEmpty();
    }

    @Override
    public double time(int index) {
        return delegate().time(index);
    }

    @Override
    public double value(int index) {
        return delegate().value(index);
    }

    @Override
    public double[] times() {
        return delegate().times();
    }

    @Override
    public double[] values() {
        return delegate().values();
    }

    @Override
    public void copyTimes(int from, double[] dst, int offset, int length) {
        delegate().copyTimes(from, dst, offset, length);
    }

    @Override
    public void copyValues(int from, double[] dst, int offset, int length) {
        delegate().copyValues(from, dst, offset, length);
    }

    @Override
    public boolean containsTime(double time) {
        return delegate().containsTime(time);
    }

    @Override
    public SizedContainerTimeSeries interpolate(double... newTimes) {
        return delegate().interpolate(newTimes);
    }

    @Override
    public SizedContainerTimeSeries plus(SizedContainerTimeSeries other) {
        return delegate().plus(other);
    }

    @Override
    public SizedContainerTimeSeries minus(SizedContainerTimeSeries other) {
        return delegate().minus(other);
    }

    @Override
    public SizedContainerTimeSeries multipliedBy(SizedContainerTimeSeries other) {
        return delegate().multipliedBy(other);
    }

    @Override
    public SizedContainerTimeSeries plus(double scalar) {
        return delegate().plus(scalar);
    }

    @Override
    public SizedContainerTimeSeries minus(double scalar) {
        return delegate().minus(scalar);
    }

    @Override
    public SizedContainerTimeSeries multipliedBy(double scalar) {
        return delegate().multipliedBy(scalar);
    }

    @Override
    public SizedContainerTimeSeries negated() {
        return delegate().negated();
    }

    @Override
    public SizedContainerTimeSeries abs() {
        return delegate().abs();
    }

    @Override
    public double mean() {
        return delegate().mean();
    }

    @Override
    public double std() {
        return delegate().std();
    }

    @Override
    public double std(int ddof) {
        return delegate().std(ddof);
    }

    @Override
    public NanStatistics skippingNaN() {
        return delegate().skippingNaN();
    }

    @Override
    public double min() {
        return delegate().min();
    }

    @Override
    public double max() {
        return delegate().max();
    }

    @Override
    public SizedContainerTimeSeries followedBy(SizedContainerTimeSeries later) {
        return delegate().followedBy(later);
    }

    @Override
    public SizedContainerTimeSeries slice(double fromTime, double toTime) {
        return delegate().slice(fromTime, toTime);
    }

    @Override
    public boolean equals(Object other) {
        if (other == this) {
            return true;
        }
        Object that = other instanceof ForwardingSizedContainerTimeSeries
                ? ((ForwardingSizedContainerTimeSeries<?>) other).delegate()
                : other;
        return delegate().equals(that);
    }

    @Override
    public int hashCode() {
        return delegate().hashCode();
    }

    @Override
    public String toString() {
        return delegate().toString();
    }
}
