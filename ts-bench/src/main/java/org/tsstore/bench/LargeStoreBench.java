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
 * Store of one series of {@link Scale#largePoints()} points ({@code durability=os}), one shot per iteration into
 * a new directory opened untimed. {@code regime=recycled} deletes the previous iteration's output (untimed)
 * first, so the page cache reuses just-freed pages; {@code fresh} keeps it, so the store touches new pages.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LargeStoreBench {

    /** The subject. */
    @Param({"mmap"})
    public String impl;

    /** Page-cache regime: {@code fresh} or {@code recycled}. */
    @Param({"fresh"})
    public String regime;

    private double[] times;
    private double[] values;
    private Path dir;
    private Path previous;
    private Subject subject;

    /** Builds the series once. */
    @Setup(Level.Trial)
    public void data() {
        times = SampleSeries.times(Scale.largePoints(), 0);
        values = SampleSeries.values(Scale.largePoints(), 0);
    }

    /** A new directory and an open subject, untimed. */
    @Setup(Level.Iteration)
    public void open() {
        Workspace.prepare(regime, previous);
        dir = Workspace.newDirectory("large-store-" + impl);
        subject = Subjects.open(impl, dir, false);
    }

    /** The timed store. */
    @Benchmark
    public void store() {
        subject.store("large", times, values);
        subject.settle();
    }

    /** Closes the subject, untimed. */
    @TearDown(Level.Iteration)
    public void close() {
        subject.close();
        previous = dir;
    }
}
