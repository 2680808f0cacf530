package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * SIGKILL of a child JVM writing to the store at random moments (inside writes, segment rolls, automatic
 * compactions, and recovery itself), 24 times; after each kill the store opens, every acknowledged write
 * reads back equal, every acknowledged delete stays deleted, nothing reads back wrong, no id appears that
 * was never written, and {@code verify()} finds the store clean. Small segments make rolls and
 * compactions frequent.
 *
 * <p>The child is ts-testkit's crash child ({@code org.tsstore.testkit.CrashHarness} run as a main
 * class, protocol in its {@code CrashChild}); this parent replaces {@code CrashHarness.run()}, which in
 * ts-testkit 0.1.0-SNAPSHOT reads the child's output from a pipe and kills with
 * {@code Process.destroyForcibly()}, which also closes that pipe: the lines the reader had not yet
 * consumed are lost, and it reports the writes they announced as never made (false violations in about
 * a third of runs here). This parent has the child write its lines to a file, which nothing can lose.
 */
class CrashTest {

    private static final int CYCLES = 24;
    private static final int OPERATIONS = 200;
    private static final int MAX_POINTS = 60_000;
    private static final Map<String, String> OPTIONS = Map.of("segmentBytes", "2m");
    /** What starts every line of the child's protocol (ts-testkit's {@code CrashChild.PREFIX}). */
    private static final String PROTOCOL_PREFIX = "@tsstore-crash ";

    /** Absent (version -1), or a version of some size. */
    private record State(long version, int size) {
        static final State ABSENT = new State(-1, -1);
    }

    @Test
    void acknowledgedWritesSurviveKills() throws Exception {
        Path dir = StoreDirectories.newDirectory("mmap-crash");
        String location = "mmap:" + dir.toUri().getRawPath();
        MmapStorageManager.open(dir, OPTIONS).close();
        long seed = 20261125L;
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Set<State>> model = new TreeMap<>();
        int checked = 0;
        long acked = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            List<String> lines = runChild(location, seed, cycle, random);
            acked += apply(lines, model, cycle);
            if (cycle == CYCLES - 1 || random.nextInt(4) != 0) { // else recovery itself gets killed next cycle
                check(dir, model, cycle);
                checked++;
            }
        }
        System.out.println("mmap crash test: " + CYCLES + " kills, " + checked + " checked, " + acked + " acknowledged operations");
        assertTrue(acked > 0, "no operation was acknowledged");
    }

    private static List<String> runChild(String location, long seed, int cycle, SplittableRandom random)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "org.tsstore.testkit.CrashHarness",
                location, Long.toString(seed), Integer.toString(cycle), Integer.toString(MAX_POINTS),
                Integer.toString(OPERATIONS), "12"));
        OPTIONS.forEach((k, v) -> command.add(encode(k) + "=" + encode(v)));
        boolean early = random.nextInt(8) == 0;
        long earlyMillis = random.nextInt(1000);
        int killAfterLines = 1 + random.nextInt(2 * OPERATIONS + 2);
        int extraMicros = random.nextInt(4000);
        Path output = Files.createTempFile("mmap-crash-child", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectOutput(output.toFile()).start();
            if (early) {
                process.waitFor(earlyMillis, TimeUnit.MILLISECONDS);
            } else {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (newlines(output) < killAfterLines && process.isAlive() && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(1);
                }
                TimeUnit.MICROSECONDS.sleep(extraMicros);
            }
            process.destroyForcibly();
            process.waitFor();
            // the child wrote its lines to a file, so none is lost however the kill treats its pipes
            String text = Files.readString(output, StandardCharsets.UTF_8);
            int last = text.lastIndexOf('\n');
            List<String> lines = new ArrayList<>();
            for (String line : last < 0 ? new String[0] : text.substring(0, last).split("\n")) {
                if (line.startsWith(PROTOCOL_PREFIX)) { // anything else on standard output is not the child's
                    lines.add(line.substring(PROTOCOL_PREFIX.length()));
                }
            }
            return lines;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static long newlines(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long n = 0;
        for (byte b : bytes) {
            n += b == '\n' ? 1 : 0;
        }
        return n;
    }

    /** Applies a child's lines to the model; returns how many operations were acknowledged. */
    private static long apply(List<String> lines, Map<String, Set<State>> model, int cycle) {
        String pendingId = null;
        State pending = null;
        long acked = 0;
        for (String line : lines) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "BEGIN":
                    pendingId = decode(f[3]);
                    pending = f[2].equals("STORE") ? new State(Long.parseLong(f[4]), Integer.parseInt(f[5])) : State.ABSENT;
                    model.computeIfAbsent(pendingId, id -> new LinkedHashSet<>(Set.of(State.ABSENT)));
                    break;
                case "ACK":
                    model.put(pendingId, new LinkedHashSet<>(Set.of(pending)));
                    pendingId = null;
                    acked++;
                    break;
                case "FAIL":
                    fail("cycle " + cycle + ": the child failed: " + decode(f[2]));
                    break;
                default:
                    break; // READY, DONE
            }
        }
        if (pendingId != null) {
            model.get(pendingId).add(pending); // in flight at the kill: may have landed or not
        }
        return acked;
    }

    private static void check(Path dir, Map<String, Set<State>> model, int cycle) {
        try (MmapStorageManager store = MmapStorageManager.open(dir, OPTIONS)) {
            for (String id : store.ids()) {
                assertTrue(model.containsKey(id), "cycle " + cycle + ": ids() lists " + id + ", never written");
            }
            for (Map.Entry<String, Set<State>> e : model.entrySet()) {
                String id = e.getKey();
                SizedContainerTimeSeries got;
                try {
                    got = store.get(id);
                } catch (NoSuchSeriesException missing) {
                    got = null;
                }
                assertEquals(got != null, store.ids().contains(id), "cycle " + cycle + ": ids() and get disagree on " + id);
                State found = null;
                for (State s : e.getValue()) {
                    if (got == null ? s.version() < 0 : s.version() >= 0 && series(id, s).equals(got)) {
                        found = s;
                    }
                }
                if (found == null) {
                    fail("cycle " + cycle + ": " + id + " should be one of " + e.getValue() + " but is " + got);
                }
                e.setValue(new LinkedHashSet<>(Set.of(found)));
            }
            IntegrityReport report = store.verify();
            assertTrue(report.isClean(), "cycle " + cycle + ": verify() after the kill: " + report.damage());
            ArrayTimeSeries probe = ArrayTimeSeries.of(new double[] {cycle}, new double[] {-cycle});
            store.store("crash-probe", probe);
            assertEquals(probe, store.get("crash-probe"));
            assertTrue(store.delete("crash-probe"));
        }
    }

    /** The series the crash child stores (the formula of ts-testkit's {@code CrashSeries}). */
    private static ArrayTimeSeries series(String id, State s) {
        double code = s.version() * 1024.0 + (id.hashCode() & 0x3ff);
        double[] t = new double[s.size()];
        double[] v = new double[s.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = i - t.length / 2;
            v[i] = i % 97 == 5 ? Double.NaN : i % 89 == 7 ? -0.0 : (i & 1) == 0 ? code : -code - i;
        }
        return ArrayTimeSeries.of(t, v);
    }

    private static String encode(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String s) {
        return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
    }
}
