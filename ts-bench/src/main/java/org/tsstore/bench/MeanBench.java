package org.tsstore.bench;

import java.nio.ByteBuffer;
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
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * Steady-state {@code mean()} of {@link Scale#largePoints()} values already at hand: a view obtained once from
 * {@code mmap} (or {@code file}, {@code memory}), a plain {@code double[]} ({@code array}, four accumulators),
 * or a mapped buffer ({@code nio-mmap}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MeanBench {

    /** The subject. */
    @Param({"mmap"})
    public String impl;

    private Subject subject;
    private SizedContainerTimeSeries series;
    private double[] array;
    private ByteBuffer mapped;

    /** Stores the series and obtains it once. */
    @Setup(Level.Trial)
    public void prepare() {
        double[] t = SampleSeries.times(Scale.largePoints(), 0);
        double[] v = SampleSeries.values(Scale.largePoints(), 0);
        if (impl.equals("array")) {
            array = v;
            return;
        }
        Path dir = Workspace.newDirectory("mean-" + impl);
        subject = Subjects.open(impl, dir, false);
        subject.store("large", t, v);
        subject.settle();
        Object got = subject.get("large");
        if (got instanceof SizedContainerTimeSeries) {
            series = (SizedContainerTimeSeries) got;
        } else {
            mapped = (ByteBuffer) got;
        }
    }

    /** The mean over data already at hand. */
    @Benchmark
    public double mean() {
        if (array != null) {
            return SampleSeries.mean(array);
        }
        if (series != null) {
            return series.mean();
        }
        return SeriesBytes.meanOfValues(mapped.duplicate());
    }

    /** Closes the subject. */
    @TearDown(Level.Trial)
    public void close() {
        if (subject != null) {
            subject.close();
        }
    }
}
