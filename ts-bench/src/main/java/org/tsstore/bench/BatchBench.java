package org.tsstore.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Many series written in batches ({@code durability=os}), one shot per iteration into a new store:
 * {@code appendAll} grows {@link Scale#manySeries()} series by one point each per call, for
 * {@link Scale#ticks()} calls; {@code storeAll} stores that many series of that many points in
 * one call, and {@code storeEach} does the same with one {@code store} per series.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BatchBench {

    /** The subject. */
    @Param({"mmap"})
    public String impl;

    /** {@code appendAll}, {@code storeAll} or {@code storeEach}. */
    @Param({"appendAll"})
    public String mode;

    private Map<String, SizedContainerTimeSeries> whole;
    private List<Map<String, SizedContainerTimeSeries>> ticks;
    private Path dir;
    private StorageManager store;

    /** Builds the series and the ticks once. */
    @Setup(Level.Trial)
    public void data() {
        int n = Scale.manySeries();
        int points = Scale.manyPoints();
        whole = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            whole.put(SampleSeries.id(i), ArrayTimeSeries.of(SampleSeries.times(points, 0), SampleSeries.values(points, i)));
        }
        ticks = new ArrayList<>();
        for (int t = 0; t < Scale.ticks(); t++) {
            Map<String, SizedContainerTimeSeries> tick = new LinkedHashMap<>();
            ticks.add(tick);
            for (int i = 0; i < n; i++) {
                tick.put(SampleSeries.id(i), ArrayTimeSeries.of(new double[] {t}, new double[] {i + 0.5 * t}));
            }
        }
    }

    /** A new directory and an open store, untimed. */
    @Setup(Level.Iteration)
    public void open() {
        dir = Workspace.newDirectory("batch-" + mode + "-" + impl);
        store = ((TsstoreSubject) Subjects.open(impl, dir, false)).manager();
    }

    /** The timed writes. */
    @Benchmark
    public void write() {
        switch (mode) {
            case "appendAll":
                for (Map<String, SizedContainerTimeSeries> tick : ticks) {
                    store.appendAll(tick);
                }
                break;
            case "storeAll":
                store.storeAll(whole);
                break;
            case "storeEach":
                whole.forEach(store::store);
                break;
            default:
                throw new IllegalArgumentException("mode " + mode);
        }
    }

    /** Closes the store, untimed; the directory stays until the run ends. */
    @TearDown(Level.Iteration)
    public void close() {
        store.close();
    }
}
