package org.tsstore.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every workload for our subjects and the peers, interleaved: in each round every workload runs each of
 * its subjects once (ours then the peers, the order reversed in every other round), so each per-pair ratio
 * compares two measurements taken next to each other. Writes {@code raw.csv} (round, workload, impl, side,
 * ms per operation) and {@code keydir.txt} into the output directory; {@code report.py} turns them into tables
 * and a chart.
 *
 * <p>Options: {@code --smoke} (tiny sizes and one short iteration: checks the harness, measures nothing),
 * {@code --rounds N} (default 5), {@code --out DIR}, {@code --only REGEX} (workload names),
 * {@code --python PATH}, {@code --heap SIZE} (default 1g).
 */
public final class BenchRunner {

    private final boolean smoke;
    private final int rounds;
    private final Path out;
    private final Path scratch;
    private final Pattern only;
    private final String python;
    private final Path driver;
    private final String heap;
    private int failures;

    private BenchRunner(Map<String, String> opts) {
        this.smoke = opts.containsKey("smoke");
        this.rounds = Integer.parseInt(opts.getOrDefault("rounds", smoke ? "1" : "5"));
        this.out = Paths.get(opts.getOrDefault("out", "ts-bench/target/results")).toAbsolutePath();
        this.scratch = Paths.get(opts.getOrDefault("scratch", out.resolve("scratch").toString())).toAbsolutePath();
        this.only = Pattern.compile(opts.getOrDefault("only", ".*"));
        this.python = opts.getOrDefault("python", "python3");
        this.driver = Paths.get(opts.getOrDefault("driver", "ts-bench/src/main/python/numpy_bench.py")).toAbsolutePath();
        this.heap = opts.getOrDefault("heap", smoke ? "512m" : "1g");
    }

    /**
     * Entry point.
     *
     * @param args the options described on the class
     * @throws IOException if the results cannot be written
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            String key = a.substring(2);
            if (key.equals("smoke")) {
                opts.put(key, "true");
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + a);
                }
                opts.put(key, args[++i]);
            }
        }
        int failures = new BenchRunner(opts).run();
        System.exit(failures == 0 ? 0 : 1);
    }

    private Map<String, String> scale() {
        Map<String, String> s = new LinkedHashMap<>();
        if (smoke) {
            s.put("largePoints", "100000");
            s.put("manySeries", "500");
            s.put("manyPoints", "100");
            s.put("syncSeries", "50");
            s.put("reopenSeries", "20000");
            s.put("ticks", "5");
            s.put("exprPoints", "100000");
            s.put("growPoints", "100000");
            s.put("hourSeries", "10");
            s.put("hourPoints", "10000");
        } else {
            s.put("largePoints", Integer.toString(Scale.largePoints()));
            s.put("manySeries", Integer.toString(Scale.manySeries()));
            s.put("manyPoints", Integer.toString(Scale.manyPoints()));
            s.put("syncSeries", Integer.toString(Scale.syncSeries()));
            s.put("reopenSeries", Integer.toString(Scale.reopenSeries()));
            s.put("ticks", Integer.toString(Scale.ticks()));
            s.put("exprPoints", Integer.toString(Scale.exprPoints()));
            s.put("growPoints", Integer.toString(Scale.growPoints()));
            s.put("hourSeries", Integer.toString(Scale.hourSeries()));
            s.put("hourPoints", Integer.toString(Scale.hourPoints()));
        }
        return s;
    }

    private List<Workload> workloads() {
        Map<String, String> s = scale();
        double large = 16e-6 * Integer.parseInt(s.get("largePoints"));
        int many = Integer.parseInt(s.get("manySeries"));
        double manyMb = 16e-6 * many * Integer.parseInt(s.get("manyPoints"));
        int sync = Integer.parseInt(s.get("syncSeries"));
        int reopen = Integer.parseInt(s.get("reopenSeries"));
        // the memory backend has no page cache to be fresh or recycled: it runs in the fresh regime only
        List<String> storeOurs = List.of("memory", "file", "mmap");
        List<String> recycledOurs = List.of("file", "mmap");
        List<String> readOurs = List.of("memory", "file", "file-nocache", "mmap");
        List<Workload> w = new ArrayList<>();
        for (String regime : List.of("fresh", "recycled")) {
            w.add(new Workload("store-1M-" + regime, "LargeStoreBench.store", Map.of("regime", regime),
                    regime.equals("fresh") ? storeOurs : recycledOurs,
                    List.of("numpy", "nio", "rocksdb", "mvstore"), large, 1));
        }
        List<String> largeReadPeers = List.of("numpy", "numpy-mmap", "nio", "nio-mmap", "rocksdb", "mvstore");
        w.add(new Workload("get-1M", "LargeReadBench.get", Map.of(), readOurs, largeReadPeers, large, 1));
        w.add(new Workload("get-mean-1M", "LargeReadBench.getMean", Map.of(), readOurs, largeReadPeers, large, 1));
        w.add(new Workload("mean-steady-1M", "MeanBench.mean", Map.of(), List.of("memory", "mmap"),
                List.of("numpy-sum", "array", "nio-mmap"), large / 2, 1));
        // reductions over two 10M-point series: the lazy fused expression and std, beside numpy
        double expr = 8e-6 * Integer.parseInt(s.get("exprPoints"));
        w.add(new Workload("expr-10M", "ReductionBench.expr", Map.of(), List.of("mmap", "memory"),
                List.of("numpy-mmap", "numpy"), 2 * expr, 1));
        w.add(new Workload("std-10M", "ReductionBench.std", Map.of(), List.of("mmap", "memory"), List.of("numpy-std"),
                expr, 1));
        for (String regime : List.of("fresh", "recycled")) {
            w.add(new Workload("store-10k-" + regime, "ManyStoreBench.storeAll", Map.of("regime", regime),
                    regime.equals("fresh") ? storeOurs : recycledOurs,
                    List.of("numpy", "numpy-savez", "nio", "rocksdb", "rocksdb-batch", "mvstore"), manyMb, many));
        }
        List<String> manyReadPeers = List.of("numpy", "numpy-savez", "nio", "rocksdb", "mvstore");
        w.add(new Workload("get-10k", "ManyReadBench.getAll", Map.of(), readOurs, manyReadPeers, manyMb, many));
        w.add(new Workload("get-mean-10k", "ManyReadBench.getAllMean", Map.of(), readOurs, manyReadPeers, manyMb, many));
        w.add(new Workload("sync-each", "SyncStoreBench.storeDurably", Map.of("mode", "each"), List.of("file", "mmap"),
                List.of("numpy", "nio", "rocksdb", "mvstore"), manyMb * sync / many, sync));
        w.add(new Workload("sync-bulk", "SyncStoreBench.storeDurably", Map.of("mode", "bulk"), List.of("file", "mmap"),
                List.of("numpy-savez", "nio", "rocksdb-batch", "mvstore"), manyMb, many));
        w.add(new Workload("sync-batch", "SyncStoreBench.storeDurably", Map.of("mode", "batch"),
                List.of("file-batch", "mmap-batch"), List.of("rocksdb-batch"), manyMb, many));
        w.add(new Workload("reopen-1M", "ReopenBench.open", Map.of(), List.of("mmap"), List.of(), 0, reopen));
        // growing series beside the peers (appends, ingestion, ranges); batches; concurrent durable writers
        w.addAll(GrowWorkloads.of(s, smoke));
        List<String> growOurs = List.of("memory", "file", "mmap");
        int ticks = Integer.parseInt(s.get("ticks"));
        // the file backend appends through the interface's defaults (a whole rewrite per append) until it
        // appends natively: a million of them would take the run's whole budget
        w.add(new Workload("appendAll-10k", "BatchBench.write", Map.of("mode", "appendAll"), List.of("memory", "mmap"),
                List.of(), 16e-6 * many * ticks, many));
        for (String mode : List.of("storeAll", "storeEach")) {
            w.add(new Workload(mode + "-10k", "BatchBench.write", Map.of("mode", mode), growOurs, List.of(), manyMb, many));
        }
        for (int threads : new int[] {1, 4}) {
            w.add(new Workload("sync-" + threads + "-thread", "SyncThreadsBench.storeDurably",
                    Map.of("threads", Integer.toString(threads)), List.of("file", "mmap"), List.of(),
                    manyMb * sync / many, sync));
        }
        List<Workload> selected = new ArrayList<>();
        for (Workload x : w) {
            if (only.matcher(x.name()).matches()) {
                selected.add(x);
            }
        }
        return selected;
    }

    private boolean available(String impl) {
        if (Workload.isNumpy(impl) || !Subjects.isOurs(impl)) {
            return true;
        }
        return TsstoreSubject.available(Subjects.scheme(impl));
    }

    private int run() throws IOException {
        Files.createDirectories(out.resolve("logs"));
        Files.createDirectories(scratch);
        Instant start = Instant.now();
        List<Workload> workloads = workloads();
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("raw.csv"), StandardCharsets.UTF_8))) {
            csv.println("round,workload,impl,side,ms,megabytes,series");
            writeMachine();
            for (int round = 1; round <= rounds; round++) {
                for (Workload w : workloads) {
                    List<String> order = new ArrayList<>();
                    order.addAll(w.ours());
                    order.addAll(w.peers());
                    if (round % 2 == 0) {
                        Collections.reverse(order);
                    }
                    Map<String, Map<String, double[]>> checks = new LinkedHashMap<>();
                    for (String impl : order) {
                        if (!available(impl)) {
                            log("round %d %-16s %-13s skipped: backend not on the class path", round, w.name(), impl);
                            continue;
                        }
                        double ms = Workload.isNumpy(impl) ? runNumpy(w, impl, round) : runJmh(w, impl, round);
                        String side = Subjects.isOurs(impl) ? "ours" : "peer";
                        csv.printf(Locale.ROOT, "%d,%s,%s,%s,%.6f,%.6f,%d%n", round, w.name(), impl, side, ms,
                                w.megabytes(), w.series());
                        csv.flush();
                        log("round %d %-16s %-13s %12.3f ms", round, w.name(), impl, ms);
                        checks.put(impl, Checks.read(logFile(round, w, impl, ".check")));
                        regimes(round, w, impl);
                    }
                    for (String problem : Checks.compare(checks)) {
                        failures++;
                        log("FAILED check, round %d %s: %s", round, w.name(), problem);
                    }
                }
                if (only.matcher("keydir").matches() && available("mmap")) {
                    keyDirectory(round);
                }
            }
        }
        log("done in %s with %d failure(s); results in %s", Duration.between(start, Instant.now()), failures, out);
        return failures;
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, format + "%n", args);
        System.out.flush();
    }

    private Path logFile(int round, Workload w, String impl, String suffix) {
        return out.resolve("logs").resolve("r" + round + "-" + w.name() + "-" + impl + suffix);
    }

    /** Logs which page regime each iteration of a fork drew, as {@link Workspace#prepare} wrote it. */
    private void regimes(int round, Workload w, String impl) {
        Path file = logFile(round, w, impl, ".regime");
        if (!w.params().containsKey("regime") || !Files.exists(file)) {
            return;
        }
        Map<String, Integer> drew = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("page regime: ")) {
                    drew.merge(line.substring(13).split(";")[0], 1, Integer::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        log("round %d %-16s %-13s page regime per iteration: %s", round, w.name(), impl, drew);
    }

    private List<String> jvmArgs() {
        List<String> a = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch",
                "-Dtsstore.bench.dir=" + scratch));
        for (Map.Entry<String, String> e : scale().entrySet()) {
            a.add("-Dtsstore.bench." + e.getKey() + "=" + e.getValue());
        }
        return a;
    }

    private double runJmh(Workload w, String impl, int round) {
        boolean singleShot = !w.benchmark().startsWith("Large" + "ReadBench") && !w.benchmark().startsWith("ManyReadBench")
                && !w.benchmark().startsWith("MeanBench") && !w.benchmark().startsWith("ReductionBench") && !w.benchmark().startsWith("AppendBench")
                && !w.benchmark().startsWith("RangeBench");
        boolean ingest = w.benchmark().startsWith("IngestBench");
        boolean sync = w.benchmark().startsWith("SyncStoreBench") || w.benchmark().startsWith("SyncThreadsBench");
        String name = BenchRunner.class.getPackageName() + "." + w.benchmark();
        List<String> args = jvmArgs();
        args.add("-Dtsstore.bench.check=" + logFile(round, w, impl, ".check"));
        args.add("-Dtsstore.bench.regimeLog=" + logFile(round, w, impl, ".regime"));
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include("^" + Pattern.quote(name) + "$")
                .param("impl", impl)
                .forks(1)
                .shouldFailOnError(true)
                .timeUnit(TimeUnit.MILLISECONDS)
                .jvmArgs(args.toArray(new String[0]))
                .output(out.resolve("logs").resolve("r" + round + "-" + w.name() + "-" + impl + ".log").toString());
        w.params().forEach(o::param);
        if (singleShot) {
            int warm = smoke ? 0 : (sync || ingest ? 1 : 2);
            int meas = smoke ? 1 : (sync || ingest ? 3 : 4);
            o.warmupIterations(warm).measurementIterations(meas);
        } else {
            o.warmupIterations(smoke ? 0 : 2).warmupTime(TimeValue.milliseconds(smoke ? 50 : 250))
                    .measurementIterations(smoke ? 1 : 3).measurementTime(TimeValue.milliseconds(smoke ? 100 : 300));
        }
        if (!singleShot) {
            o.addProfiler(GCProfiler.class);
        }
        try {
            Collection<RunResult> results = new Runner(o.build()).run();
            for (RunResult r : results) {
                Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
                if (alloc != null) {
                    recordAllocation(w, impl, round, alloc.getScore());
                }
                return r.getPrimaryResult().getScore();
            }
            throw new RunnerException("no result");
        } catch (RunnerException | RuntimeException e) {
            failures++;
            log("FAILED %s %s: %s (see logs/r%d-%s-%s.log)", w.name(), impl, e, round, w.name(), impl);
            return Double.NaN;
        }
    }

    private void recordAllocation(Workload w, String impl, int round, double bytesPerOp) {
        Path file = out.resolve("alloc.csv");
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, "round,workload,impl,bytes\n", StandardCharsets.UTF_8);
            }
            Files.writeString(file, String.format(Locale.ROOT, "%d,%s,%s,%.1f%n", round, w.name(), impl, bytesPerOp),
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private double runNumpy(Workload w, String impl, int round) {
        Map<String, String> s = scale();
        List<String> cmd = new ArrayList<>(List.of(python, driver.toString(), "--workload", w.name(), "--impl", impl,
                "--dir", scratch.toString(), "--large", s.get("largePoints"), "--many", s.get("manySeries"),
                "--many-points", s.get("manyPoints"), "--sync-series", s.get("syncSeries"),
                "--expr", s.get("exprPoints"), "--grow", s.get("growPoints"), "--hour-series", s.get("hourSeries"),
                "--hour-points", s.get("hourPoints"), "--ticks", s.get("ticks"),
                "--check", logFile(round, w, impl, ".check").toString()));
        if (smoke) {
            cmd.add("--smoke");
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(out.resolve("logs").resolve("r" + round + "-" + w.name() + "-" + impl + ".log").toFile())
                    .start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("numpy driver failed, exit " + (p.isAlive() ? "timeout" : p.exitValue()));
            }
            List<String> lines = Files.readAllLines(out.resolve("logs").resolve("r" + round + "-" + w.name() + "-" + impl + ".log"));
            for (String line : lines) {
                if (line.startsWith("ms=")) {
                    return Double.parseDouble(line.substring(3));
                }
            }
            throw new IOException("numpy driver printed no result");
        } catch (IOException e) {
            failures++;
            log("FAILED %s %s: %s", w.name(), impl, e);
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void keyDirectory(int round) throws IOException {
        String javaBin = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin));
        cmd.addAll(jvmArgs());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KeyDirectoryMemory.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("keydir ")) {
                    result = line;
                }
            }
        }
        try {
            if (p.waitFor() != 0 || result == null) {
                failures++;
                log("FAILED keydir (exit %d)", p.exitValue());
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        log("round %d %s", round, result);
        Files.writeString(out.resolve("keydir.txt"), "round=" + round + " " + result + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void writeMachine() {
        try {
            String machine = String.format(Locale.ROOT, "jdk=%s %s%ncpus=%d%nos=%s %s%nheap=%s%nsmoke=%s%nrounds=%d%n",
                    System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                    System.getProperty("os.version"), heap, smoke, rounds);
            Files.writeString(out.resolve("machine.txt"), machine, StandardCharsets.UTF_8);
            Files.deleteIfExists(out.resolve("keydir.txt"));
            Files.deleteIfExists(out.resolve("alloc.csv"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
