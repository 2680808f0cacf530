package org.tsstore.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Opening an mmap store that holds {@link Scale#reopenSeries()} series of 10 points (closed cleanly, so its
 * hint file is current), one open per iteration; the close after it is untimed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReopenBench {

    /** The subject (only {@code mmap} is measured). */
    @Param({"mmap"})
    public String impl;

    private Path dir;
    private TsstoreSubject store;

    /** Builds the store once per run. */
    @Setup(Level.Trial)
    public void prepare() {
        dir = ReopenFixture.ensure(Scale.reopenSeries());
    }

    /** The timed open; it must find every series. */
    @Benchmark
    public Object open() {
        store = TsstoreSubject.open(Subjects.scheme(impl), dir, Map.of());
        return store;
    }

    /** Checks that the open found the store and closes it, untimed. */
    @TearDown(Level.Iteration)
    public void close() {
        int expected = Scale.reopenSeries();
        if (!store.manager().contains(SampleSeries.id(expected - 1))) {
            throw new IllegalStateException("reopened store lost series " + (expected - 1));
        }
        store.close();
    }
}
