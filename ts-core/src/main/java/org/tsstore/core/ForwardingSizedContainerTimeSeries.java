package org.tsstore.core;

import com.google.common.collect.ForwardingObject;
import java.util.Iterator;
import java.util.PrimitiveIterator;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
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

    /**
     * Forwards to the delegate.
     *
     * @return the delegate's answer
     */
    @Override
    public PrimitiveIterator.OfDouble timeIterator() {
        return delegate().timeIterator();
    }

    /**
     * Forwards to the delegate.
     *
     * @return the delegate's answer
     */
    @Override
    public PrimitiveIterator.OfDouble valueIterator() {
        return delegate().valueIterator();
    }

    /**
     * Forwards to the delegate (not to the interface's default).
     *
     * @return the delegate's answer
     */
    @Override
    public Iterator<Point> iterator() {
        return delegate().iterator();
    }

    /**
     * Forwards to the delegate (not to the interface's default).
     *
     * @param action the action for each point
     */
    @Override
    public void forEach(Consumer<? super Point> action) {
        delegate().forEach(action);
    }

    /**
     * Forwards to the delegate (not to the interface's default).
     *
     * @return the delegate's answer
     */
    @Override
    public Spliterator<Point> spliterator() {
        return delegate().spliterator();
    }

    /**
     * Forwards to the delegate (not to the interface's default).
     *
     * @return the delegate's answer
     */
    @Override
    public DoubleStream timeStream() {
        return delegate().timeStream();
    }

    /**
     * Forwards to the delegate (not to the interface's default).
     *
     * @return the delegate's answer
     */
    @Override
    public DoubleStream valueStream() {
        return delegate().valueStream();
    }

    /**
     * Forwards to the delegate (not to the interface's default).
     *
     * @return the delegate's answer
     */
    @Override
    public Stream<Point> points() {
        return delegate().points();
    }

    /**
     * Forwards to the delegate.
     *
     * @return the delegate's answer
     */
    @Override
    public int size() {
        return delegate().size();
    }

    /**
     * Forwards to the delegate.
     *
     * @return the delegate's answer
     */
    @Override
    public boolean isEmpty() {
        return delegate().isEmpty();
    }

    /**
     * Forwards to the delegate.
     *
     * @param index the index
     * @return the delegate's answer
     */
    @Override
    public double time(int index) {
        return delegate().time(index);
    }

    /**
     * Forwards to the delegate.
     *
     * @param index the index
     * @return the delegate's answer
     */
    @Override
    public double value(int index) {
        return delegate().value(index);
    }

    /**
     * Forwards to the delegate.
     *
     * @return the delegate's answer
     */
    @Override
    public double[] times() {
        return delegate().times();
    }

    /**
     * Forwards to the delegate.
     *
     * @return the delegate's answer
     */
    @Override
    public double[] values() {
        return delegate().values();
    }

    /**
     * Forwards to the delegate.
     *
     * @param from the index of the first time to copy
     * @param dst the destination array
     * @param offset where in {@code dst} the first time goes
     * @param length how many times to copy
     */
    @Override
    public void copyTimes(int from, double[] dst, int offset, int length) {
        delegate().copyTimes(from, dst, offset, length);
    }

    /**
     * Forwards to the delegate.
     *
     * @param from the index of the first value to copy
     * @param dst the destination array
     * @param offset where in {@code dst} the first value goes
     * @param length how many values to copy
     */
    @Override
    public void copyValues(int from, double[] dst, int offset, int length) {
        delegate().copyValues(from, dst, offset, length);
    }

    /**
     * Forwards to the delegate.
     *
     * @param time the time to look for
     * @return the delegate's answer
     */
    @Override
    public boolean containsTime(double time) {
        return delegate().containsTime(time);
    }

    /**
     * Forwards to the delegate.
     *
     * @param newTimes the times of the result
     * @return the delegate's answer
     */
    @Override
    public SizedContainerTimeSeries interpolate(double... newTimes) {
        return delegate().interpolate(newTimes);
    }

    /**
     * Forwards to the delegate.
     *
     * @param other a series on the same times
     * @return the delegate's answer
     */
    @Override
    public SizedContainerTimeSeries plus(SizedContainerTimeSeries other) {
        return delegate().plus(other);
    }

    /**
     * Forwards to the delegate.
     *
     * @param other a series on the same times
     * @return the delegate's answer
     */
    @Override
    public SizedContainerTimeSeries minus(SizedContainerTimeSeries other) {
        return delegate().minus(other);
    }

    /**
     * Forwards to the delegate.
     *
     * @param other a series on the same times
     * @return the delegate's answer
     */
    @Override
    public SizedContainerTimeSeries times(SizedContainerTimeSeries other) {
        return delegate().times(other);
    }

    /**
     * Forwards to the delegate.
     *
     * @param scalar the constant
     * @return the delegate's answer
     */
    @Override
    public SizedContainerTimeSeries plus(double scalar) {
        return delegate().plus(scalar);
    }

    /**
     * Forwards to the delegate.
     *
     * @param scalar the constant
     * @return the delegate's answer
     */
    @Override
    public SizedContainerTimeSeries minus(double scalar) {
        return delegate().minus(scalar);
    }

    /**
     * Forwards to the delegate.
     *
     * @param scalar the constant
     * @return the delegate's answer
     */
    @Override
    public SizedContainerTimeSeries times(double scalar) {
        return delegate().times(scalar);
    }

    /**
     * Forwards to the delegate.
     *
     * @return the delegate's answer
     */
    @Override
    public SizedContainerTimeSeries negate() {
        return delegate().negate();
    }

    /**
     * Forwards to the delegate.
     *
     * @return the delegate's answer
     */
    @Override
    public SizedContainerTimeSeries abs() {
        return delegate().abs();
    }

    /**
     * Forwards to the delegate.
     *
     * @return the delegate's answer
     */
    @Override
    public double mean() {
        return delegate().mean();
    }

    /**
     * Forwards to the delegate.
     *
     * @return the delegate's answer
     */
    @Override
    public double std() {
        return delegate().std();
    }

    /**
     * Forwards to the delegate.
     *
     * @return the delegate's answer
     */
    @Override
    public double min() {
        return delegate().min();
    }

    /**
     * Forwards to the delegate.
     *
     * @return the delegate's answer
     */
    @Override
    public double max() {
        return delegate().max();
    }

    /**
     * Forwards to the delegate.
     *
     * @param fromTime the least time included
     * @param toTime the least time excluded
     * @return the delegate's answer
     */
    @Override
    public SizedContainerTimeSeries slice(double fromTime, double toTime) {
        return delegate().slice(fromTime, toTime);
    }

    /**
     * Forwards to the delegate, first unwrapping an argument that is itself a forwarding series (one
     * level; its delegate unwraps further if it forwards too). Content equality makes the answer the same
     * as comparing with the wrapper, without a forwarded call per point.
     *
     * @param other any object
     * @return the delegate's answer
     */
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

    /**
     * Forwards to the delegate: the content hash is the same for every implementation.
     *
     * @return the delegate's answer
     */
    @Override
    public int hashCode() {
        return delegate().hashCode();
    }

    /**
     * Forwards to the delegate.
     *
     * @return the delegate's answer
     */
    @Override
    public String toString() {
        return delegate().toString();
    }
}
