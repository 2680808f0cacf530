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
 * Reads of one series of {@link Scale#largePoints()} points, stored and the subject reopened in setup, so
 * reads come from the page cache through each subject's own read path ({@code file-nocache} keeps the file
 * backend's series cache out of it; {@code file} serves repeated gets from that cache, as an application would).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LargeReadBench {

    /** The subject. */
    @Param({"mmap"})
    public String impl;

    private Path dir;
    private Subject subject;

    /** Stores the series, closes and reopens (the memory backend keeps its data only while open). */
    @Setup(Level.Trial)
    public void prepare() {
        dir = Workspace.newDirectory("large-read-" + impl);
        Subject writer = Subjects.open(impl, dir, false);
        writer.store("large", SampleSeries.times(Scale.largePoints(), 0), SampleSeries.values(Scale.largePoints(), 0));
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

    /** {@code get}: the series in the subject's own form. */
    @Benchmark
    public Object get() {
        return subject.get("large");
    }

    /** {@code get} then the mean of the values. */
    @Benchmark
    public double getMean() {
        return subject.getMean("large");
    }

    /** Closes the subject. */
    @TearDown(Level.Trial)
    public void close() {
        subject.close();
    }
}
