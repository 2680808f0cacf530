package org.tsstore.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.StorageManagers;

/**
 * Stores beside a running compaction against stores without one: writer threads store small series (overwriting
 * one of 10,000 ids at random, so every store leaves a dead record behind) into an mmap store that holds
 * {@link #liveSeries} series of 1,000 points (16 MB each 1,000 series) besides. With {@code mode=compacting} a
 * thread runs {@code compact()} back to back for the whole of every iteration (each compaction copies all the live
 * data); with {@code mode=quiet} nothing compacts (automatic compaction is off in both). Same writer threads,
 * same store, same data.
 *
 * <p>{@link #main} runs the two modes interleaved, one fork each per round, the order swapped every other round,
 * and prints each round's rates and their ratio (compacting / quiet), then the median and min–max of the ratios:
 * {@code java -cp ts-bench/target/benchmarks.jar org.tsstore.bench.CompactionBench [rounds] [threads]}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CompactionBench {

    /** {@code quiet} or {@code compacting}. */
    @Param({"quiet", "compacting"})
    public String mode;

    /** Series of 1,000 points held live besides the written ones: what each compaction copies. */
    @Param({"5000"})
    public int liveSeries;

    /** Points per stored series. */
    @Param({"100"})
    public int points;

    private Path dir;
    private StorageManager store;
    private ArrayTimeSeries[] pool;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong compactions = new AtomicLong();
    private Thread compactor;

    /** A new store with the live series, untimed. */
    @Setup(Level.Trial)
    public void open() {
        dir = Workspace.newDirectory("compaction-" + mode);
        store = StorageManagers.open(java.net.URI.create("mmap:" + dir.toUri().getRawPath()),
                Map.of("compactAt", "1", "segmentBytes", "64m"));
        for (int i = 0; i < liveSeries; i++) {
            store.store("live-" + i, ArrayTimeSeries.of(SampleSeries.times(1000, i), SampleSeries.values(1000, i)));
        }
        pool = new ArrayTimeSeries[64];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = ArrayTimeSeries.of(SampleSeries.times(points, i), SampleSeries.values(points, i));
        }
        store.flush();
    }

    /** With {@code mode=compacting}, starts compacting back to back for the iteration. */
    @Setup(Level.Iteration)
    public void startCompacting() {
        if (!mode.equals("compacting")) {
            return;
        }
        stop.set(false);
        compactor = new Thread(() -> {
            while (!stop.get()) {
                store.compact();
                compactions.incrementAndGet();
            }
        }, "bench-compactor");
        compactor.start();
    }

    /**
     * One store of a small series under one of 10,000 ids.
     *
     * @return the stored series' size, so that nothing is optimised away
     */
    @Benchmark
    public int store() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return store.store("w-" + random.nextInt(10_000), pool[random.nextInt(pool.length)]).size();
    }

    /**
     * Stops the compacting thread after the iteration.
     *
     * @throws InterruptedException if interrupted
     */
    @TearDown(Level.Iteration)
    public void stopCompacting() throws InterruptedException {
        if (compactor != null) {
            stop.set(true);
            compactor.join();
            compactor = null;
        }
    }

    /** Closes and deletes the store, untimed. */
    @TearDown(Level.Trial)
    public void close() {
        store.close();
        System.out.println("compactions completed in this fork: " + compactions.get());
        Workspace.delete(dir);
    }

    /**
     * Runs both modes interleaved and prints the ratios.
     *
     * @param args the number of rounds (default 5) and of writer threads (default 2)
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<double[]> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            String[] order = round % 2 == 1 ? new String[] {"quiet", "compacting"} : new String[] {"compacting", "quiet"};
            double quiet = 0;
            double compacting = 0;
            for (String mode : order) {
                Collection<RunResult> run = new Runner(new OptionsBuilder()
                        .include(CompactionBench.class.getName() + ".store")
                        .param("mode", mode)
                        .threads(threads)
                        .forks(1)
                        .warmupIterations(2).warmupTime(TimeValue.seconds(2))
                        .measurementIterations(3).measurementTime(TimeValue.seconds(2))
                        .jvmArgs("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch")
                        .build()).run();
                double score = run.iterator().next().getPrimaryResult().getScore();
                if (mode.equals("quiet")) {
                    quiet = score;
                } else {
                    compacting = score;
                }
            }
            results.add(new double[] {quiet, compacting, compacting / quiet});
        }
        System.out.printf(Locale.ROOT, "%nstores/s by %d writer threads: round, quiet, compacting, ratio%n", threads);
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < results.size(); r++) {
            double[] x = results.get(r);
            System.out.printf(Locale.ROOT, "%d  %,.0f  %,.0f  %.2f%n", r + 1, x[0], x[1], x[2]);
            ratios.add(x[2]);
        }
        ratios.sort(null);
        System.out.printf(Locale.ROOT, "ratio compacting / quiet: median %.2f (%.2f–%.2f)%n",
                ratios.get(ratios.size() / 2), ratios.get(0), ratios.get(ratios.size() - 1));
    }
}
