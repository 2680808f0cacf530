package org.tsstore.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.StorageManagers;

/**
 * How soon a reader in another process sees an append: this JVM is the writer, appending one point at a time to
 * one series (one every 200 µs) and noting when each {@code append} returned; a child JVM opens the store with
 * {@code mode=read} and calls {@code size} in a loop, noting when it first saw each new size. Both read
 * {@link System#nanoTime()}, one clock on one machine, so the latency of append {@code i} is the reader's instant
 * minus the writer's (negative when the reader saw the record before the writer's call returned). Before the
 * appends the child also times {@code size} on the unchanged store: the cost of following the writer when nothing
 * changed. {@code java -cp ts-bench/target/benchmarks.jar org.tsstore.bench.VisibilityBench [appends [backend]]}
 * (10,000 and {@code mmap} by default).
 */
public final class VisibilityBench {

    private static final String ID = "visible";
    private static final int IDLE_CALLS = 200_000;

    private VisibilityBench() {}

    /**
     * Runs the writer here and the reader in a child JVM, then prints the latency's median, p99 and maximum.
     *
     * @param args the number of appends and the backend ({@code mmap} or {@code file}); {@code reader URI n} is
     *     the child's command line
     * @throws Exception if the child cannot be run
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("reader")) {
            reader(URI.create(args[1]), Integer.parseInt(args[2]));
            return;
        }
        int appends = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String backend = args.length > 1 ? args[1] : "mmap";
        Path dir = Workspace.newDirectory("visibility");
        URI location = URI.create(backend + ":" + dir.toUri().getRawPath());
        long[] acked = new long[appends];
        List<String> lines = new ArrayList<>();
        try (StorageManager writer = StorageManagers.open(location, Map.of())) {
            writer.store(ID, ArrayTimeSeries.of(new double[] {0}, new double[] {0}));
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), VisibilityBench.class.getName(),
                    "reader", location.toString(), Integer.toString(appends + 1))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            String idle = out.readLine(); // once the reader has timed its idle calls
            for (int i = 0; i < appends; i++) {
                writer.append(ID, ArrayTimeSeries.of(new double[] {i + 1}, new double[] {i}));
                acked[i] = System.nanoTime();
                LockSupport.parkNanos(200_000);
            }
            for (String l = out.readLine(); l != null; l = out.readLine()) {
                lines.add(l);
            }
            child.waitFor();
            lines.add(0, idle);
        } finally {
            Workspace.delete(dir);
        }
        long[] seen = Arrays.stream(lines.get(1).trim().split(" ")).mapToLong(Long::parseLong).toArray();
        long[] latency = new long[appends];
        for (int i = 0; i < appends; i++) {
            latency[i] = seen[i + 2] - acked[i]; // size i + 2 is the store of 1 point and i + 1 appends
        }
        Arrays.sort(latency);
        System.out.printf(Locale.ROOT, "%s: %s; append-to-visible over %d appends: median %.1f us, p99 %.1f us,"
                + " max %.1f us, min %.1f us%n", backend, lines.get(0), appends, latency[appends / 2] / 1e3,
                latency[(int) (appends * 0.99)] / 1e3, latency[appends - 1] / 1e3, latency[0] / 1e3);
    }

    /** The child: times idle calls, prints them, then notes when each size first shows. */
    private static void reader(URI location, int last) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        try (StorageManager reader = StorageManagers.open(location, Map.of("mode", "read"))) {
            long sum = 0;
            for (int i = 0; i < IDLE_CALLS / 10; i++) {
                sum += reader.size(ID); // warm-up
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < IDLE_CALLS; i++) {
                sum += reader.size(ID);
            }
            long idle = System.nanoTime() - t0;
            out.printf(Locale.ROOT, "size() with nothing changed %.0f ns a call (%d)%n", (double) idle / IDLE_CALLS,
                    sum & 1);
            out.flush();
            long[] seen = new long[last + 1];
            int size = 0;
            while (size < last) {
                int now = reader.size(ID);
                long t = System.nanoTime();
                for (int s = size + 1; s <= now; s++) {
                    seen[s] = t;
                }
                size = Math.max(size, now);
            }
            StringBuilder sb = new StringBuilder();
            for (long t : seen) {
                sb.append(t).append(' ');
            }
            out.println(sb);
            out.flush();
        }
    }
}
