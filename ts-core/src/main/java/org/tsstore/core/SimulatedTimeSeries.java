package org.tsstore.core;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PrimitiveIterator;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.LongToDoubleFunction;
import java.util.function.Supplier;
import org.tsstore.api.TimeSeries;

/**
 * An unbounded series computed on demand: a simulation, a signal, a random walk. It has no size and
 * nothing is stored; every iterator starts from the first point and computes the points one by one, so
 * two iterators (or two runs of a program) see the same points, as long as the generator is deterministic
 * (a seeded random walk is).
 *
 * <p>The iterators never end ({@code hasNext()} is always {@code true}): bound them with {@link #take},
 * or with {@code limit} on a stream. The times must be finite and strictly increasing like those of any
 * series; a time function that breaks the rule makes the time iterator throw
 * {@link IllegalStateException} at the offending index.
 *
 * <p>{@link #runningMean()} and {@link #runningStd()} are series too: the mean and the population standard
 * deviation of the values up to each point ({@link #runningStd(int)} for other degrees of freedom), computed
 * in one pass by Welford's algorithm.
 *
 * <p>Immutable and thread-safe, provided the functions it is built from are; each iterator is confined to
 * the thread that uses it.
 */
public final class SimulatedTimeSeries implements TimeSeries {

    private final String description;
    private final LongToDoubleFunction timeAt;
    private final Supplier<? extends DoubleSupplier> values;

    private SimulatedTimeSeries(String description, LongToDoubleFunction timeAt,
            Supplier<? extends DoubleSupplier> values) {
        this.description = description;
        this.timeAt = timeAt;
        this.values = values;
    }

    /**
     * A series whose points are functions of their index, such as a sampled sine wave:
     * {@code of(i -> i * 0.1, i -> Math.sin(i * 0.1))}.
     *
     * @param timeAt the time of the point at an index; finite and strictly increasing in the index
     * @param valueAt the value of the point at an index
     * @return the series
     */
    public static SimulatedTimeSeries of(LongToDoubleFunction timeAt, LongToDoubleFunction valueAt) {
        Objects.requireNonNull(timeAt, "timeAt");
        Objects.requireNonNull(valueAt, "valueAt");
        return new SimulatedTimeSeries("SimulatedTimeSeries.of(" + timeAt + ", " + valueAt + ")", timeAt, () -> {
            long[] next = {0};
            return () -> valueAt.applyAsDouble(next[0]++);
        });
    }

    /**
     * A series whose values come from a stateful generator, such as a simulation. The factory is asked for
     * a fresh generator for every iterator, so that each iteration starts from the beginning.
     *
     * @param timeAt the time of the point at an index; finite and strictly increasing in the index
     * @param generators makes a new generator of the values, in order, for each iteration; for repeatable
     *     iterations it returns generators that produce the same values (for example seeded ones)
     * @return the series
     */
    public static SimulatedTimeSeries generated(LongToDoubleFunction timeAt,
            Supplier<? extends DoubleSupplier> generators) {
        Objects.requireNonNull(timeAt, "timeAt");
        Objects.requireNonNull(generators, "generators");
        return new SimulatedTimeSeries("SimulatedTimeSeries.generated(" + timeAt + ", " + generators + ")",
                timeAt, generators);
    }

    /**
     * A Gaussian random walk: the value at time {@code 0} is {@code start}, and each later value, one
     * {@code step} of time on, adds an independent normal increment of mean 0 and standard deviation
     * {@code sigma}. The times are {@code i * step}, strictly increasing for every index below 2<sup>53</sup>.
     *
     * <p>The increments come from {@link Random#nextGaussian()} seeded with {@code seed}, whose algorithm the
     * JDK specifies: the same seed gives the same walk on every JVM.
     *
     * @param seed the seed of the increments
     * @param start the first value, finite
     * @param step the time between points, finite and positive
     * @param sigma the standard deviation of each increment, finite and not negative
     * @return the series
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static SimulatedTimeSeries randomWalk(long seed, double start, double step, double sigma) {
        checkArgument(Double.isFinite(start), "start must be finite: %s", start);
        checkArgument(step > 0 && step < Double.POSITIVE_INFINITY, "step must be finite and positive: %s", step);
        checkArgument(sigma >= 0 && sigma < Double.POSITIVE_INFINITY, "sigma must be finite and >= 0: %s", sigma);
        return new SimulatedTimeSeries(
                "SimulatedTimeSeries.randomWalk(seed=" + seed + ", start=" + start + ", step=" + step
                        + ", sigma=" + sigma + ")",
                i -> i * step,
                () -> new RandomWalk(new Random(seed), start, sigma));
    }

    /** One run of a random walk. */
    private static final class RandomWalk implements DoubleSupplier {
        private final Random random;
        private final double sigma;
        private double current;
        private boolean started;

        RandomWalk(Random random, double start, double sigma) {
            this.random = random;
            this.sigma = sigma;
            this.current = start;
        }

        @Override
        public double getAsDouble() {
            if (started) {
                current += sigma * random.nextGaussian();
            }
            started = true;
            return current;
        }
    }

    /**
     * The running mean: at each time, the mean of the values up to and including it ({@code NaN} from
     * the first {@code NaN} on; an infinity once one is seen, {@code NaN} once both are).
     *
     * @return a series on the same times
     */
    public SimulatedTimeSeries runningMean() {
        Supplier<? extends DoubleSupplier> source = values;
        return new SimulatedTimeSeries(description + ".runningMean()", timeAt, () -> {
            DoubleSupplier generator = source.get();
            RunningMoments moments = new RunningMoments();
            return () -> {
                moments.add(generator.getAsDouble());
                return moments.mean();
            };
        });
    }

    /**
     * The running population standard deviation ({@code ddof=0}): at each time, that of the values up to
     * and including it; 0 at the first point, {@code NaN} from the first non-finite value on. The default is
     * the population's, as numpy's {@code std()} and {@link org.tsstore.api.SizedContainerTimeSeries#std()};
     * {@link #runningStd(int) runningStd(1)} gives the sample deviation.
     *
     * @return a series on the same times
     */
    public SimulatedTimeSeries runningStd() {
        return runningStd(0);
    }

    /**
     * The running standard deviation with {@code k - ddof} in the denominator after {@code k} values, as
     * numpy's {@code std(ddof=ddof)} of each prefix: {@code NaN} while {@code k - ddof} is not positive and
     * from the first non-finite value on. The course this library descends from defines its online standard
     * deviation with {@code n - 1}, and its tests check that: they port as {@code runningStd(1)}.
     *
     * @param ddof the delta degrees of freedom, 0 or more
     * @return a series on the same times
     * @throws IllegalArgumentException if {@code ddof} is negative
     */
    public SimulatedTimeSeries runningStd(int ddof) {
        if (ddof < 0) {
            throw new IllegalArgumentException("ddof must not be negative: " + ddof);
        }
        Supplier<? extends DoubleSupplier> source = values;
        String name = description + (ddof == 0 ? ".runningStd()" : ".runningStd(" + ddof + ")");
        return new SimulatedTimeSeries(name, timeAt, () -> {
            DoubleSupplier generator = source.get();
            RunningMoments moments = new RunningMoments();
            return () -> {
                moments.add(generator.getAsDouble());
                return moments.std(ddof);
            };
        });
    }

    /**
     * The first points, as a finite series on the heap.
     *
     * @param count how many points
     * @return an {@link ArrayTimeSeries} of the first {@code count} points
     * @throws IllegalArgumentException if {@code count} is negative
     * @throws IllegalStateException if the time function breaks the rules within those points
     */
    public ArrayTimeSeries take(int count) {
        checkArgument(count >= 0, "count must not be negative: %s", count);
        return ArrayTimeSeries.fill(count, (t, v) -> {
            PrimitiveIterator.OfDouble times = timeIterator();
            PrimitiveIterator.OfDouble vals = valueIterator();
            for (int i = 0; i < count; i++) {
                t[i] = times.nextDouble();
                v[i] = vals.nextDouble();
            }
        });
    }

    /**
     * Iterates over the times, without end.
     *
     * @return a new iterator positioned before the first time
     */
    @Override
    public PrimitiveIterator.OfDouble timeIterator() {
        return new TimeIterator(timeAt);
    }

    /**
     * Iterates over the values, without end, from a fresh generator.
     *
     * @return a new iterator positioned before the first value
     */
    @Override
    public PrimitiveIterator.OfDouble valueIterator() {
        DoubleSupplier generator = Objects.requireNonNull(values.get(), "the generator factory returned null");
        return new PrimitiveIterator.OfDouble() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public double nextDouble() {
                return generator.getAsDouble();
            }
        };
    }

    /**
     * How the series was made, for example
     * {@code SimulatedTimeSeries.randomWalk(seed=1, start=0.0, step=1.0, sigma=1.0).runningMean()}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return description;
    }

    /** The times of the function, checked as they are produced, since nothing else sees them. */
    private static final class TimeIterator implements PrimitiveIterator.OfDouble {
        private final LongToDoubleFunction timeAt;
        private long next;
        private double previous = Double.NEGATIVE_INFINITY;

        TimeIterator(LongToDoubleFunction timeAt) {
            this.timeAt = timeAt;
        }

        @Override
        public boolean hasNext() {
            return next != Long.MAX_VALUE;
        }

        @Override
        public double nextDouble() {
            if (next == Long.MAX_VALUE) {
                throw new NoSuchElementException("no index beyond " + Long.MAX_VALUE);
            }
            long i = next++;
            double t = timeAt.applyAsDouble(i);
            if (!Double.isFinite(t)) {
                throw new IllegalStateException("time at index " + i + " is not finite: " + t);
            }
            if (!(t > previous)) {
                throw new IllegalStateException("times must be strictly increasing, but time at index " + i
                        + " (" + t + ") is not greater than time at index " + (i - 1) + " (" + previous + ")");
            }
            previous = t;
            return t;
        }
    }
}
