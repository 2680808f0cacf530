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
import org.openjdk.jmh.infra.Blackhole;

/** Reads of all {@link Scale#manySeries()} small series, stored and the subject reopened in setup. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ManyReadBench {

    /** The subject. */
    @Param({"mmap"})
    public String impl;

    private String[] ids;
    private Subject subject;

    /** Stores the series, closes and reopens (the memory backend keeps its data only while open). */
    @Setup(Level.Trial)
    public void prepare() {
        int n = Scale.manySeries();
        ids = new String[n];
        Path dir = Workspace.newDirectory("many-read-" + impl);
        Subject writer = Subjects.open(impl, dir, false);
        for (int i = 0; i < n; i++) {
            ids[i] = SampleSeries.id(i);
            writer.store(ids[i], SampleSeries.times(Scale.manyPoints(), i), SampleSeries.values(Scale.manyPoints(), i));
        }
        writer.settle();
        if (impl.equals("memory")) {
            subject = writer;
            return;
        }
        if (writer instanceof RocksSubject) {
            ((RocksSubject) writer).compactMemtable();
        }
        writer.close();
        subject = Subjects.open(impl, dir, false);
    }

    /** {@code get} of every series. */
    @Benchmark
    public void getAll(Blackhole bh) {
        for (String id : ids) {
            bh.consume(subject.get(id));
        }
    }

    /** {@code get} then {@code mean()} of every series. */
    @Benchmark
    public double getAllMean() {
        double sum = 0;
        for (String id : ids) {
            sum += subject.getMean(id);
        }
        return sum;
    }

    /** Closes the subject. */
    @TearDown(Level.Trial)
    public void close() {
        subject.close();
    }
}
