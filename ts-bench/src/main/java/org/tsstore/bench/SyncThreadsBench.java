package org.tsstore.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * {@link Scale#syncSeries()} series of {@link Scale#manyPoints()} points stored with {@code durability=sync},
 * one shot per iteration into a new store, by {@code threads} threads sharing the work: where concurrent
 * writers share fsyncs (group commit), four threads take far less than one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SyncThreadsBench {

    /** The subject. */
    @Param({"mmap"})
    public String impl;

    /** How many threads store at once. */
    @Param({"1"})
    public int threads;

    private ArrayTimeSeries[] series;
    private Path dir;
    private StorageManager store;

    /** Builds the series once. */
    @Setup(Level.Trial)
    public void data() {
        series = new ArrayTimeSeries[Scale.syncSeries()];
        for (int i = 0; i < series.length; i++) {
            series[i] = ArrayTimeSeries.of(SampleSeries.times(Scale.manyPoints(), i), SampleSeries.values(Scale.manyPoints(), i));
        }
    }

    /** A new directory and an open store, untimed. */
    @Setup(Level.Iteration)
    public void open() {
        dir = Workspace.newDirectory("sync-threads-" + impl + "-" + threads);
        store = ((TsstoreSubject) Subjects.open(impl, dir, true)).manager();
    }

    /**
     * The timed durable stores, the series dealt out to the threads in turn.
     *
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public void storeDurably() throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread w = new Thread(() -> {
                for (int i = first; i < series.length; i += threads) {
                    store.store(SampleSeries.id(i), series[i]);
                }
            });
            w.setUncaughtExceptionHandler((thread, e) -> failures.add(e));
            workers.add(w);
        }
        workers.forEach(Thread::start);
        for (Thread w : workers) {
            w.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a storing thread failed", failures.get(0));
        }
    }

    /** Closes the store, untimed. */
    @TearDown(Level.Iteration)
    public void close() {
        store.close();
    }
}
