package org.tsstore.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.codec.BlockFormat;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.StorageManagers;

/**
 * The compressed codec in the backends, against raw, in one JVM with the two interleaved pass by pass: the
 * {@code mean()} of a 10,000,000-point series on mmap, the ingest of 10,000 series by 100 ticks of one point
 * ({@code appendAll}, as {@code BatchBench}), a range read of 1% of the 10M series, and the disk (mmap, blocks
 * allocated) and memory (Redis {@code INFO memory} {@code used_memory}, if {@code redis-server} is on the PATH)
 * of the NAB corpus and the 10M series with and without the codec. Prints Markdown; each time is the median of
 * the passes, with min and max, and each ratio is compressed over raw.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.tsstore.bench.CompressionReport [corpus-dir] [passes] [points]}
 * (defaults {@code ../shared/data/nab}, 5, 10,000,000).
 */
public final class CompressionReport {

    private static final String RAW = "raw";
    private static final String COMPRESSED = "compressed";

    private CompressionReport() {}

    /**
     * Entry point.
     *
     * @param args the corpus directory, the passes and the points of the large series
     * @throws Exception if a store or the Redis server fails
     */
    public static void main(String[] args) throws Exception {
        Path corpusDir = Paths.get(args.length > 0 ? args[0] : "../shared/data/nab");
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int points = args.length > 2 ? Integer.parseInt(args[2]) : 10_000_000;
        Path work = Files.createTempDirectory("tsstore-compression-");
        try {
            run(corpusDir, passes, points, work);
        } finally {
            delete(work);
        }
    }

    /** Whole-second times a minute apart, values a random walk with two decimals (a typical sensor). */
    static double[][] sensor(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] t = new double[n];
        double[] v = new double[n];
        long cents = 2_000;
        for (int i = 0; i < n; i++) {
            t[i] = 1_600_000_000L + 60L * i;
            cents += r.nextInt(-25, 26);
            v[i] = cents / 100.0;
        }
        return new double[][] {t, v};
    }

    private static StorageManager open(Path dir, String codec) {
        return StorageManagers.open("mmap:" + dir.toUri().getRawPath() + "?codec=" + codec + "&compactAt=1");
    }

    private static void run(Path corpusDir, int passes, int points, Path work) throws Exception {
        double[][] big = sensor(points, 21);
        System.out.printf(Locale.ROOT, "Large series: %,d points (times a minute apart, two-decimal random walk); "
                + "%d passes, raw and compressed interleaved.%n%n", points, passes);
        Map<String, StorageManager> stores = new LinkedHashMap<>();
        for (String codec : List.of(RAW, COMPRESSED)) {
            StorageManager s = open(work.resolve("big-" + codec), codec);
            s.store("big", ArrayTimeSeries.of(big[0], big[1]));
            s.flush();
            stores.put(codec, s);
        }
        double from = big[0][points / 2];
        double to = big[0][points / 2 + points / 100];
        Map<String, double[]> times = new LinkedHashMap<>();
        double[] sink = new double[1];
        for (int p = -1; p < passes; p++) { // pass -1 warms up, unrecorded
            for (Map.Entry<String, StorageManager> e : stores.entrySet()) {
                StorageManager s = e.getValue();
                SizedContainerTimeSeries series = s.get("big");
                record(times, e.getKey() + " mean()", p, passes, () -> {
                    sink[0] += series.mean();
                    return 0;
                });
                record(times, e.getKey() + " get + mean()", p, passes, () -> {
                    sink[0] += s.get("big").mean();
                    return 0;
                });
                record(times, e.getKey() + " range read 1% (get(id, from, to), copied out)", p, passes, () -> {
                    sink[0] += s.get("big", from, to).values()[0];
                    return 0;
                });
            }
            for (String codec : List.of(RAW, COMPRESSED)) {
                Path dir = work.resolve("ingest-" + codec + "-" + (p + 1));
                try (StorageManager s = open(dir, codec)) {
                    record(times, codec + " ingest appendAll 10k series x 100 ticks", p, passes, () -> {
                        ingest(s);
                        return 0;
                    });
                }
                delete(dir);
            }
        }
        System.out.println("| operation | raw median (min-max) ms | compressed median (min-max) ms | compressed / raw |");
        System.out.println("|---|---:|---:|---:|");
        for (String op : List.of("mean()", "get + mean()", "range read 1% (get(id, from, to), copied out)",
                "ingest appendAll 10k series x 100 ticks")) {
            double[] r = times.get(RAW + " " + op);
            double[] c = times.get(COMPRESSED + " " + op);
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.2f |%n", op, span(r), span(c), median(c) / median(r));
        }
        System.out.printf(Locale.ROOT, "%n(checksum %.3f)%n%n", sink[0]);
        for (StorageManager s : stores.values()) {
            s.close();
        }
        List<CodecCorpusReport.Series> corpus = Files.isDirectory(corpusDir) ? CodecCorpusReport.load(corpusDir)
                : List.of();
        System.out.println("| data | points | mmap raw (bytes on disk) | mmap compressed | ratio | Redis raw"
                + " (used_memory delta) | Redis compressed | ratio |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        long corpusPoints = corpus.stream().mapToLong(s -> s.times().length).sum();
        Map<String, SizedContainerTimeSeries> corpusMap = new LinkedHashMap<>();
        int skipped = 0;
        for (CodecCorpusReport.Series s : corpus) {
            try {
                corpusMap.put(s.name(), ArrayTimeSeries.of(s.times(), s.values()));
            } catch (IllegalArgumentException repeatedTime) { // a store keeps strictly increasing times only
                skipped++;
                corpusPoints -= s.times().length;
            }
        }
        if (!corpusMap.isEmpty()) {
            footprint("NAB corpus (" + corpusMap.size() + " series; " + skipped + " with a repeated time left out)",
                    corpusPoints, corpusMap, work);
        }
        footprint("sensor random walk", points, Map.of("big", ArrayTimeSeries.of(big[0], big[1])), work);
        appendGrown(big, Math.min(points, 1_000_000), 10, work);
    }

    /**
     * A compressed series grown by appends of {@code chunk} points: its disk before and after {@code compact()},
     * beside the records the writer before appends filled the open block wrote (a record of its own blocks per
     * append), summed from the blocks it encoded and the record layout (FORMAT.md).
     */
    private static void appendGrown(double[][] big, int points, int chunk, Path work) throws Exception {
        Path dir = work.resolve("grown");
        long perAppend = 0;
        long start = System.nanoTime();
        try (StorageManager s = open(dir, COMPRESSED)) {
            for (int at = 0; at < points; at += chunk) {
                int n = Math.min(chunk, points - at);
                double[] t = Arrays.copyOfRange(big[0], at, at + n);
                double[] v = Arrays.copyOfRange(big[1], at, at + n);
                s.append("grown", ArrayTimeSeries.of(t, v));
                long framed = 0;
                for (byte[] block : BlockFormat.encodeAll(t, v, 0, n)) {
                    framed += 4 + ((block.length + 3) & ~3);
                }
                perAppend += 24 + 8 + (framed + 15) / 16 * 16 + 8; // its record: header, id "grown", units, trailer
            }
            s.flush();
            double ms = (System.nanoTime() - start) / 1e6;
            long before = allocated(dir);
            double mean = time(() -> s.get("grown").mean());
            s.compact();
            long after = allocated(dir);
            double meanAfter = time(() -> s.get("grown").mean());
            System.out.printf(Locale.ROOT, "%nAppend-grown series: %,d points appended %d at a time (%.0f ms)."
                    + "%n%n| layout | bytes | bits/point | get + mean() ms |%n|---|---:|---:|---:|%n"
                    + "| a record of its own blocks per append (the old writer, summed) | %,d | %.2f | |%n"
                    + "| open block filled, before compact() (disk, superseded records included) | %,d | %.2f | %.2f |%n"
                    + "| after compact() (disk) | %,d | %.2f | %.2f |%n", points, chunk, ms, perAppend,
                    8.0 * perAppend / points, before, 8.0 * before / points, mean, after, 8.0 * after / points,
                    meanAfter);
        }
        delete(dir);
    }

    /** The milliseconds an operation takes, best of three. */
    private static double time(java.util.function.DoubleSupplier op) {
        double best = Double.POSITIVE_INFINITY;
        double sink = 0;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            sink += op.getAsDouble();
            best = Math.min(best, (System.nanoTime() - start) / 1e6);
        }
        return sink == 42.4242 ? -best : best;
    }

    /** 10,000 series grown by one point each per call, 100 calls, as {@code BatchBench} with appendAll. */
    private static void ingest(StorageManager s) {
        int series = 10_000;
        for (int t = 0; t < 100; t++) {
            Map<String, SizedContainerTimeSeries> tick = new LinkedHashMap<>();
            for (int i = 0; i < series; i++) {
                double v = Math.round(Math.sin(0.01 * t + i) * 10_000) / 100.0;
                tick.put(SampleSeries.id(i), ArrayTimeSeries.of(new double[] {1_600_000_000L + 60L * t},
                        new double[] {v}));
            }
            s.appendAll(tick);
        }
    }

    private static void footprint(String name, long points, Map<String, SizedContainerTimeSeries> data, Path work)
            throws Exception {
        long[] disk = new long[2];
        long[] memory = {-1, -1};
        int k = 0;
        for (String codec : List.of(RAW, COMPRESSED)) {
            Path dir = work.resolve("disk-" + codec);
            try (StorageManager s = open(dir, codec)) {
                for (Map.Entry<String, SizedContainerTimeSeries> e : data.entrySet()) {
                    s.store(e.getKey(), e.getValue());
                }
            }
            disk[k] = allocated(dir);
            delete(dir);
            memory[k] = redisMemory(work, codec, data);
            k++;
        }
        System.out.printf(Locale.ROOT, "| %s | %,d | %,d (%.2f bits/point) | %,d (%.2f bits/point) | %.3f | %s | %s | %s |%n",
                name, points, disk[0], 8.0 * disk[0] / points, disk[1], 8.0 * disk[1] / points,
                (double) disk[1] / disk[0], mem(memory[0], points), mem(memory[1], points),
                memory[0] > 0 ? String.format(Locale.ROOT, "%.3f", (double) memory[1] / memory[0]) : "n/a");
    }

    private static String mem(long bytes, long points) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,d (%.2f bits/point)", bytes, 8.0 * bytes / points);
    }

    /** The Redis memory a store of the data takes, on a fresh redis-server; -1 without one on the PATH. */
    private static long redisMemory(Path work, String codec, Map<String, SizedContainerTimeSeries> data)
            throws Exception {
        Path server = Stream.of("/usr/bin/redis-server", "/usr/local/bin/redis-server").map(Paths::get)
                .filter(Files::isExecutable).findFirst().orElse(null);
        if (server == null) {
            return -1;
        }
        int port = 26_379 + (int) (ProcessHandle.current().pid() % 1000);
        Path dir = Files.createDirectories(work.resolve("redis-" + codec));
        Process p = new ProcessBuilder(server.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        try {
            waitFor(port);
            long before = usedMemory(port);
            try (StorageManager s = StorageManagers.open("redis://127.0.0.1:" + port + "/0?codec=" + codec)) {
                for (Map.Entry<String, SizedContainerTimeSeries> e : data.entrySet()) {
                    s.store(e.getKey(), e.getValue());
                }
            }
            return usedMemory(port) - before;
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    private static void waitFor(int port) throws IOException, InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (cli(port, "PING").trim().equals("PONG")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    /** A command through {@code redis-cli} (the bench's classpath has no Redis client of its own). */
    private static String cli(int port, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        p.waitFor();
        return out;
    }

    private static long usedMemory(int port) throws IOException, InterruptedException {
        for (String line : cli(port, "INFO", "memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("INFO memory has no used_memory");
    }

    /** The bytes the files of a directory take on disk (blocks allocated: the segments grow sparsely). */
    private static long allocated(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("du", "-s", "--block-size=1", dir.toString()).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        p.waitFor();
        return Long.parseLong(out.trim().split("\\s+")[0]);
    }

    private static void record(Map<String, double[]> times, String key, int pass, int passes, LongSupplier op) {
        long start = System.nanoTime();
        op.getAsLong();
        if (pass < 0) {
            return;
        }
        times.computeIfAbsent(key, x -> new double[passes])[pass] = (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String span(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", median(a), s[0], s[s.length - 1]);
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(all::add);
        }
        all.sort(Comparator.reverseOrder());
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
