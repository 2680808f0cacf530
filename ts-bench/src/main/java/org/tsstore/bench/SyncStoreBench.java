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
 * Durable stores of series of {@link Scale#manyPoints()} points, one shot per iteration into a new directory:
 * {@code each} stores {@link Scale#syncSeries()} series with {@code durability=sync} (one fsync per series);
 * {@code bulk} stores {@link Scale#manySeries()} series with {@code durability=os} and then calls one
 * {@code flush()}; {@code batch} stores as many with {@code durability=sync} in one batch (a {@code storeAll},
 * a RocksDB {@code WriteBatch} with sync), durable when it returns.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SyncStoreBench {

    /** The subject. */
    @Param({"mmap"})
    public String impl;

    /** {@code each}, {@code bulk} or {@code batch}. */
    @Param({"each"})
    public String mode;

    private String[] ids;
    private double[][] times;
    private double[][] values;
    private Path dir;
    private Subject subject;

    /** Builds the series once. */
    @Setup(Level.Trial)
    public void data() {
        int n = mode.equals("each") ? Scale.syncSeries() : Scale.manySeries();
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
        dir = Workspace.newDirectory("sync-store-" + impl);
        subject = Subjects.open(impl, dir, !mode.equals("bulk"));
    }

    /** The timed durable stores. */
    @Benchmark
    public void storeDurably() {
        for (int i = 0; i < ids.length; i++) {
            subject.store(ids[i], times[i], values[i]);
        }
        if (mode.equals("bulk")) {
            subject.flush();
        } else if (mode.equals("batch")) {
            subject.settle();
        }
    }

    /** Closes the subject, untimed; the directory stays until the run ends. */
    @TearDown(Level.Iteration)
    public void close() {
        subject.close();
    }
}
