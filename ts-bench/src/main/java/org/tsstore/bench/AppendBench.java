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
 * One point appended to a series of {@code points} points ({@code durability=os}; QuestDB one row and one
 * commit): a store that appends natively pays for the point, not for the series, so the time per append
 * should not grow with it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AppendBench {

    private static final String[] GROW = {"grow"};

    /** The subject. */
    @Param({"mmap"})
    public String impl;

    /** The length of the series before the first append. */
    @Param({"1000"})
    public int points;

    private GrowSubject subject;
    private double next;
    private final double[] time = new double[1];
    private final double[] value = new double[1];

    /** Opens the store and loads the series once, untimed. */
    @Setup(Level.Trial)
    public void open() {
        Path dir = Workspace.newDirectory("append-" + impl + "-" + points);
        subject = GrowSubjects.open(impl, dir, false, false);
        reload();
    }

    /**
     * Loads the series and appends its first point, both untimed. A store that keeps appended points in a
     * buffer grown by doubling (the memory backend) copies the series once, at its first append, and then
     * once per doubling; reloading at a tenth would charge that copy ten times as often as a series that
     * grows does, so the first append after a load is not timed.
     */
    private void reload() {
        subject.load(GROW, points);
        next = points;
        appendOnePoint();
    }

    /**
     * Loads the series anew before an iteration, untimed, once appends have grown it by a tenth, so that it
     * stays near {@code points} points however many appends an iteration fits in.
     */
    @Setup(Level.Iteration)
    public void reset() {
        if (next - points > points / 10.0) {
            reload();
        }
    }

    /** The timed append. */
    @Benchmark
    public void appendOnePoint() {
        time[0] = next;
        value[0] = next * 0.5;
        next += 1;
        subject.append("grow", time, value, 0, 1);
    }

    /** Checks the series' count and closes the store, untimed. */
    @TearDown(Level.Trial)
    public void close() {
        double[] m = subject.mean("grow");
        if (m[0] != next) {
            throw new IllegalStateException(impl + " holds " + (long) m[0] + " points, expected " + (long) next);
        }
        subject.close();
    }
}
