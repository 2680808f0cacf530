package org.tsstore.bench;

import java.nio.file.Path;
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
 * Store of {@link Scale#manySeries()} series of {@link Scale#manyPoints()} points ({@code durability=os}), one
 * shot per iteration into a new directory, both page-cache regimes as in {@link LargeStoreBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ManyStoreBench {

    /** The subject. */
    @Param({"mmap"})
    public String impl;

    /** Page-cache regime: {@code fresh} or {@code recycled}. */
    @Param({"fresh"})
    public String regime;

    private String[] ids;
    private double[][] times;
    private double[][] values;
    private Path dir;
    private Path previous;
    private Subject subject;

    /** Builds the series once. */
    @Setup(Level.Trial)
    public void data() {
        int n = Scale.manySeries();
        ids = new String[n];
        times = new double[n][];
        values = new double[n][];
        for (int i = 0; i < n; i++) {
            ids[i] = SampleSeries.id(i);
            times[i] = SampleSeries.times(Scale.manyPoints(), i);
            values[i] = SampleSeries.values(Scale.manyPoints(), i);
        }
    }

    /** A new directory and an open subject, untimed. */
    @Setup(Level.Iteration)
    public void open() {
        Workspace.prepare(regime, previous);
        dir = Workspace.newDirectory("many-store-" + impl);
        subject = Subjects.open(impl, dir, false);
    }

    /** The timed stores. */
    @Benchmark
    public void storeAll() {
        for (int i = 0; i < ids.length; i++) {
            subject.store(ids[i], times[i], values[i]);
        }
        subject.settle();
    }

    /** Closes the subject, untimed. */
    @TearDown(Level.Iteration)
    public void close() {
        subject.close();
        previous = dir;
    }
}
