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
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * One point appended to a series of {@code points} points ({@code durability=os}): a store that appends
 * natively pays for the point, not for the series, so the time per append should not grow with it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AppendBench {

    /** The subject. */
    @Param({"mmap"})
    public String impl;

    /** The length of the series before the first append. */
    @Param({"1000"})
    public int points;

    private Path dir;
    private StorageManager store;
    private double next;
    private final double[] time = new double[1];
    private final double[] value = new double[1];

    /** Opens the store once, untimed. */
    @Setup(Level.Trial)
    public void open() {
        dir = Workspace.newDirectory("append-" + impl + "-" + points);
        store = ((TsstoreSubject) Subjects.open(impl, dir, false)).manager();
    }

    /**
     * Stores the series again before each iteration, untimed, so that it stays near {@code points} points
     * however many appends an iteration fits in.
     */
    @Setup(Level.Iteration)
    public void reset() {
        store.store("grow", ArrayTimeSeries.of(SampleSeries.times(points, 0), SampleSeries.values(points, 0)));
        next = points;
    }

    /**
     * The timed append.
     *
     * @return the new size, so that nothing is optimised away
     */
    @Benchmark
    public int appendOnePoint() {
        time[0] = next;
        value[0] = next * 0.5;
        next += 1;
        return store.append("grow", ArrayTimeSeries.of(time.clone(), value.clone()));
    }

    /** Closes the store, untimed. */
    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }
}
