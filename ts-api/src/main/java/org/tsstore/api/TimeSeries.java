package org.tsstore.api;

import java.util.Iterator;
import java.util.PrimitiveIterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A time series read front to back: a sequence of times and the values observed at them.
 *
 * <p>This is the most general form of series: it may be finite (a stored series) or unbounded (a
 * simulation). Iteration over times and over values is primitive, so that the hot path never boxes;
 * iteration over {@link Point}s is there for convenience. A series whose times and values can be
 * reached by index is a {@link SizedContainerTimeSeries}.
 *
 * <p>Every series is immutable: there is no way to change a point once the series exists. That is what
 * lets a storage manager hand out its cached or memory-mapped series to any number of callers without
 * copying. (The Python course interface this library descends from had {@code __setitem__}; we
 * dropped it on purpose. Derive a new series instead.)
 */
public interface TimeSeries extends Iterable<Point> {

    /**
     * Iterates over the times of this series, in increasing order, without boxing.
     *
     * @return a new iterator positioned before the first time
     */
    PrimitiveIterator.OfDouble timeIterator();

    /**
     * Iterates over the values of this series, in time order, without boxing.
     *
     * @return a new iterator positioned before the first value
     */
    PrimitiveIterator.OfDouble valueIterator();

    /**
     * Iterates over the points of this series, in time order.
     *
     * <p>The default pairs {@link #timeIterator()} with {@link #valueIterator()}.
     *
     * @return a new iterator positioned before the first point
     */
    @Override
    default Iterator<Point> iterator() {
        PrimitiveIterator.OfDouble times = timeIterator();
        PrimitiveIterator.OfDouble values = valueIterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return times.hasNext() && values.hasNext();
            }

            @Override
            public Point next() {
                return new Point(times.nextDouble(), values.nextDouble());
            }
        };
    }

    /**
     * The times of this series as a sequential stream.
     *
     * @return a stream over the times, in increasing order
     */
    default DoubleStream timeStream() {
        return StreamSupport.doubleStream(
                Spliterators.spliteratorUnknownSize(timeIterator(), Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    /**
     * The values of this series as a sequential stream.
     *
     * @return a stream over the values, in time order
     */
    default DoubleStream valueStream() {
        return StreamSupport.doubleStream(
                Spliterators.spliteratorUnknownSize(valueIterator(), Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    /**
     * The points of this series as a sequential stream.
     *
     * @return a stream over the points, in time order
     */
    default Stream<Point> points() {
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
