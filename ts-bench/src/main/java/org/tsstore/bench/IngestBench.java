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
 * Ingestion into a new store per iteration, one shot each: {@code shape=ticks} adds one point to each of
 * {@link Scale#manySeries()} series per tick for {@link Scale#ticks()} ticks (one commit per tick);
 * {@code shape=each} adds the same points by one {@code append} per series per tick (the calls a batch saves);
 * {@code shape=chunks} grows one series to {@link Scale#growPoints()} points in appends of 1,000 (one commit
 * each). {@code durability} is {@code os} or {@code sync} (each subject's own sync-on-commit setting). After
 * each shot, untimed, the count and mean of one series go to {@link Checks}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IngestBench {

    /** Points per append of {@code shape=chunks}. */
    static final int CHUNK = 1_000;

    /** The subject. */
    @Param({"mmap"})
    public String impl;

    /** {@code ticks}, {@code each} or {@code chunks}. */
    @Param({"ticks"})
    public String shape;

    /** {@code os} or {@code sync}. */
    @Param({"os"})
    public String durability;

    private String[] ids;
    private double[][] tickValues;
    private double[] times;
    private double[] values;
    private GrowSubject subject;

    /** Builds the data once: value {@code i + 0.5 t} for series {@code i} at tick {@code t}, or the long series. */
    @Setup(Level.Trial)
    public void data() {
        if (shape.equals("ticks") || shape.equals("each")) {
            int n = Scale.manySeries();
            ids = new String[n];
            for (int i = 0; i < n; i++) {
                ids[i] = SampleSeries.id(i);
            }
            tickValues = new double[Scale.ticks()][n];
            for (int t = 0; t < tickValues.length; t++) {
                for (int i = 0; i < n; i++) {
                    tickValues[t][i] = i + 0.5 * t;
                }
            }
        } else if (shape.equals("chunks")) {
            times = SampleSeries.times(Scale.growPoints(), 0);
            values = SampleSeries.values(Scale.growPoints(), 0);
        } else {
            throw new IllegalArgumentException("shape " + shape);
        }
    }

    /** A new directory and an open subject, untimed. */
    @Setup(Level.Iteration)
    public void open() {
        Path dir = Workspace.newDirectory("ingest-" + shape + "-" + impl);
        subject = GrowSubjects.open(impl, dir, durability.equals("sync"), false);
    }

    /** The timed ingestion. */
    @Benchmark
    public void ingest() {
        if (shape.equals("each")) {
            for (int t = 0; t < tickValues.length; t++) {
                double[] time = {t};
                for (int i = 0; i < ids.length; i++) {
                    subject.append(ids[i], time, new double[] {tickValues[t][i]}, 0, 1);
                }
            }
        } else if (tickValues != null) {
            for (int t = 0; t < tickValues.length; t++) {
                subject.appendTick(ids, t, tickValues[t]);
            }
        } else {
            for (int from = 0; from < times.length; from += CHUNK) {
                subject.append("large", times, values, from, Math.min(CHUNK, times.length - from));
            }
        }
    }

    /** Checks one series and closes the subject, untimed; the directory stays until the run ends. */
    @TearDown(Level.Iteration)
    public void close() {
        if (tickValues != null) {
            Checks.record("series 7", subject.mean("7"));
        } else {
            Checks.record("series large", subject.mean("large"));
        }
        subject.close();
    }
}
