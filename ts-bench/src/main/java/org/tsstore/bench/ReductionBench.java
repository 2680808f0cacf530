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
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * Reductions over two series of {@link Scale#exprPoints()} points already obtained from a subject (views of
 * {@code mmap}, heap series of {@code memory}): {@code expr}, the lazy {@code ((a + b) * 2).mean()}, one fused
 * pass over both operands' memory; and {@code std}, {@code a.std()}. The peers are numpy's
 * {@code ((a + b) * 2).mean()} on memory-mapped and in-memory arrays and {@code np.std}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ReductionBench {

    /** The subject. */
    @Param({"mmap"})
    public String impl;

    private Subject subject;
    private SizedContainerTimeSeries a;
    private SizedContainerTimeSeries b;

    /** Stores both series and obtains them once. */
    @Setup(Level.Trial)
    public void prepare() {
        int n = Scale.exprPoints();
        double[] t = SampleSeries.times(n, 0);
        Path dir = Workspace.newDirectory("reduce-" + impl);
        subject = Subjects.open(impl, dir, false);
        subject.store("a", t, SampleSeries.values(n, 0));
        subject.store("b", t, SampleSeries.values(n, 1));
        subject.settle();
        a = (SizedContainerTimeSeries) subject.get("a");
        b = (SizedContainerTimeSeries) subject.get("b");
    }

    /** {@code ((a + b) * 2).mean()}: the expression is built and reduced in every call. */
    @Benchmark
    public double expr() {
        return a.plus(b).multipliedBy(2).mean();
    }

    /** The population standard deviation of {@code a}. */
    @Benchmark
    public double std() {
        return a.std();
    }

    /** Closes the subject. */
    @TearDown(Level.Trial)
    public void close() {
        subject.close();
    }
}
