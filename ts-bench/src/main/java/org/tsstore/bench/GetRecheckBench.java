package org.tsstore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * What it would cost an mmap {@code get} to re-check the length of its segment file on every read (so that a
 * file cut short by another process were noticed before a verified record is read through the mapping): a
 * {@code get} of one of 10,000 series of {@link #points} points, reading its first and last value, against the
 * same plus one {@code FileChannel.size()} (an {@code fstat}) of the segment file, the one system call such a
 * check needs. {@link #main} runs them interleaved, one fork each per round, and prints the ratios:
 * {@code java -cp ts-bench/target/benchmarks.jar org.tsstore.bench.GetRecheckBench [rounds]}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GetRecheckBench {

    /** Points per series. */
    @Param({"100"})
    public int points;

    private static final int SERIES = 10_000;

    private Path dir;
    private StorageManager store;
    private FileChannel segment;

    /** Stores the series, reopens the store, reads each once (first reads check the checksums) and opens the file. */
    @Setup(Level.Trial)
    public void open() {
        dir = Workspace.newDirectory("get-recheck");
        URI location = URI.create("mmap:" + dir.toUri().getRawPath());
        try (StorageManager writer = StorageManagers.open(location, Map.of())) {
            for (int i = 0; i < SERIES; i++) {
                writer.store(SampleSeries.id(i), ArrayTimeSeries.of(SampleSeries.times(points, i),
                        SampleSeries.values(points, i)));
            }
        }
        store = StorageManagers.open(location, Map.of());
        for (int i = 0; i < SERIES; i++) {
            store.get(SampleSeries.id(i));
        }
        try (Stream<Path> files = Files.list(dir)) {
            Path first = files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().findFirst().orElseThrow();
            segment = FileChannel.open(first, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SizedContainerTimeSeries any() {
        return store.get(SampleSeries.id(ThreadLocalRandom.current().nextInt(SERIES)));
    }

    /**
     * A get as it is.
     *
     * @return the first and last value, so that nothing is optimised away
     */
    @Benchmark
    public double get() {
        SizedContainerTimeSeries s = any();
        return s.value(0) + s.value(s.size() - 1);
    }

    /**
     * A get with the length check it would need.
     *
     * @return the first and last value and the file size
     * @throws IOException if the file cannot be sized
     */
    @Benchmark
    public double getAndCheckLength() throws IOException {
        SizedContainerTimeSeries s = any();
        long size = segment.size();
        return s.value(0) + s.value(s.size() - 1) + size;
    }

    /**
     * Closes and deletes, untimed.
     *
     * @throws IOException if the file cannot be closed
     */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        segment.close();
        store.close();
        Workspace.delete(dir);
    }

    /**
     * Runs both interleaved and prints the ratios.
     *
     * @param args the number of rounds (default 5)
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<double[]> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            String[] order = round % 2 == 1 ? new String[] {"get", "getAndCheckLength"}
                    : new String[] {"getAndCheckLength", "get"};
            double plain = 0;
            double checked = 0;
            for (String method : order) {
                Collection<RunResult> run = new Runner(new OptionsBuilder()
                        .include(GetRecheckBench.class.getName() + "." + method + "$")
                        .forks(1)
                        .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                        .jvmArgs("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch")
                        .build()).run();
                double score = run.iterator().next().getPrimaryResult().getScore();
                if (method.equals("get")) {
                    plain = score;
                } else {
                    checked = score;
                }
            }
            results.add(new double[] {plain, checked, checked / plain});
        }
        System.out.printf(Locale.ROOT, "%nns per get of %s: round, get, get + length check, ratio%n", "100 points");
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
        System.out.printf(Locale.ROOT, "ratio: median %.2f (%.2f–%.2f); added ns: median %.1f (%.1f–%.1f)%n",
                ratios.get(ratios.size() / 2), ratios.get(0), ratios.get(ratios.size() - 1),
                added.get(added.size() / 2), added.get(0), added.get(added.size() - 1));
    }
}
