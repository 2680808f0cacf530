package org.tsstore.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.StorageManagers;

/**
 * What following the writer costs a {@code mode=read} store when nothing changed: a {@code get} of one of 10,000
 * series of 100 points (reading its first and last value) through the writer's own store, against the same
 * through a read-only store opened on the same directory, which first checks whether the writer changed the
 * store; and the same after the writer appended one point to one series (the mmap reader then reads the record
 * the append added, the file reader the journal's new bytes). {@link #main} runs a pair interleaved, one fork each per round, and prints the ratios and the added
 * nanoseconds: {@code java -cp ts-bench/target/benchmarks.jar org.tsstore.bench.ReadModeBench [rounds [backend
 * [changed]]]}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReadModeBench {

    /** The backend: {@code mmap} or {@code file}. */
    @Param({"mmap"})
    public String backend;

    private static final int SERIES = 10_000;
    private static final int POINTS = 100;

    private java.nio.file.Path dir;
    private StorageManager writer;
    private StorageManager reader;

    /** Stores the series with a writer left open, opens a reader beside it and reads each series once in both. */
    @Setup(Level.Trial)
    public void open() {
        dir = Workspace.newDirectory("read-mode");
        URI location = URI.create(backend + ":" + dir.toUri().getRawPath());
        writer = StorageManagers.open(location, Map.of());
        for (int i = 0; i < SERIES; i++) {
            writer.store(SampleSeries.id(i), ArrayTimeSeries.of(SampleSeries.times(POINTS, i),
                    SampleSeries.values(POINTS, i)));
        }
        writer.flush();
        reader = StorageManagers.open(location, Map.of("mode", "read"));
        for (int i = 0; i < SERIES; i++) {
            writer.get(SampleSeries.id(i));
            reader.get(SampleSeries.id(i));
        }
    }

    private static double ends(SizedContainerTimeSeries s) {
        return s.value(0) + s.value(s.size() - 1);
    }

    /**
     * A get through the writer's store.
     *
     * @return the first and last value, so that nothing is optimised away
     */
    @Benchmark
    public double writerGet() {
        return ends(writer.get(SampleSeries.id(ThreadLocalRandom.current().nextInt(SERIES))));
    }

    /**
     * A get through the read-only store, nothing changed since its last read.
     *
     * @return the first and last value
     */
    @Benchmark
    public double readerGet() {
        return ends(reader.get(SampleSeries.id(ThreadLocalRandom.current().nextInt(SERIES))));
    }

    private double appendOne() {
        String id = SampleSeries.id(ThreadLocalRandom.current().nextInt(SERIES));
        double last = writer.get(id).time(writer.size(id) - 1);
        writer.append(id, ArrayTimeSeries.of(new double[] {last + 1}, new double[] {last}));
        return last;
    }

    /**
     * An append of one point through the writer, then a get through the writer's store.
     *
     * @return the first and last value and the appended time
     */
    @Benchmark
    public double writerGetAfterAppend() {
        return appendOne() + writerGet();
    }

    /**
     * An append of one point through the writer, then a get through the read-only store, which first reads what
     * the append added.
     *
     * @return the first and last value and the appended time
     */
    @Benchmark
    public double readerGetAfterAppend() {
        return appendOne() + readerGet();
    }

    /**
     * Closes and deletes, untimed.
     *
     * @throws IOException if the directory cannot be deleted
     */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        reader.close();
        writer.close();
        Workspace.delete(dir);
    }

    /**
     * Runs both interleaved and prints the ratios.
     *
     * @param args the number of rounds (default 5), the backend (default {@code mmap}) and {@code changed} for
     *     the pair after an append
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String backend = args.length > 1 ? args[1] : "mmap";
        String suffix = args.length > 2 && args[2].equals("changed") ? "AfterAppend" : "";
        List<double[]> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            String[] order = round % 2 == 1 ? new String[] {"writerGet" + suffix, "readerGet" + suffix}
                    : new String[] {"readerGet" + suffix, "writerGet" + suffix};
            double plain = 0;
            double following = 0;
            for (String method : order) {
                Collection<RunResult> run = new Runner(new OptionsBuilder()
                        .include(ReadModeBench.class.getName() + "." + method + "$")
                        .param("backend", backend)
                        .forks(1)
                        .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                        .jvmArgs("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch")
                        .build()).run();
                double score = run.iterator().next().getPrimaryResult().getScore();
                if (method.startsWith("writerGet")) {
                    plain = score;
                } else {
                    following = score;
                }
            }
            results.add(new double[] {plain, following, following / plain});
        }
        System.out.printf(Locale.ROOT, "%nns per get of %d points%s, %s: round, writer's get, read-only get, ratio%n",
                POINTS, suffix.isEmpty() ? "" : " after an append of one point", backend);
        List<Double> ratios = new ArrayList<>();
        List<Double> added = new ArrayList<>();
        for (int r = 0; r < results.size(); r++) {
            double[] x = results.get(r);
            System.out.printf(Locale.ROOT, "%d  %.1f  %.1f  %.2f%n", r + 1, x[0], x[1], x[2]);
            ratios.add(x[2]);
            added.add(x[1] - x[0]);
        }
        ratios.sort(null);
        added.sort(null);
        System.out.printf(Locale.ROOT, "ratio: median %.2f (%.2f-%.2f); added ns: median %.1f (%.1f-%.1f)%n",
                ratios.get(ratios.size() / 2), ratios.get(0), ratios.get(ratios.size() - 1),
                added.get(added.size() / 2), added.get(0), added.get(added.size() - 1));
    }
}
