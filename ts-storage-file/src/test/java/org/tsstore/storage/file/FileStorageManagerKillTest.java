package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

/**
 * The crash test: a child JVM ({@link KillChild}) stores and deletes series in a file store, printing each
 * call before it starts and after it returns; the test SIGKILLs it at a random moment (often inside a
 * write, sometimes while it starts or recovers), reopens the store and checks it against a model: every
 * acknowledged store reads back equal (or equal to the one call in flight), every acknowledged delete
 * stays deleted, {@code ids()} lists exactly what {@code get} finds, nothing reads back wrong, and
 * {@code verify()} finds no damage. A quarter of the kills are not checked, so that the next child's
 * recovery is killed too.
 *
 * <p>The child's standard output goes to a file rather than a pipe: a JVM reading a pipe loses the last
 * bytes a killed child wrote (the JDK drains the pipe when the process exits, racing the reading thread),
 * which would make the model miss calls that did happen.
 */
class FileStorageManagerKillTest {

    private record State(long version, int size) {
        static final State ABSENT = new State(-1, -1);

        boolean absent() {
            return version < 0;
        }
    }

    private final Map<String, Set<State>> model = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private long acked;

    @Test
    void killedWritersLoseNothingAcknowledged() throws Exception {
        run(URI.create("file:" + TestStores.newDirectory("file-kill")), 24, 0x7E57L, 60_000);
    }

    @Test
    void killedSyncWritersLoseNothingAcknowledged() throws Exception {
        run(URI.create("file:" + TestStores.newDirectory("file-kill-sync") + "?durability=sync"), 6, 0x5C1L,
                20_000);
    }

    private void run(URI uri, int cycles, long seed, int maxPoints) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        int operations = 150;
        for (int cycle = 0; cycle < cycles; cycle++) {
            List<String> lines = runChild(uri, seed, cycle, maxPoints, operations, random);
            apply(lines, cycle);
            if (cycle == cycles - 1 || random.nextInt(4) != 0) {
                check(uri, cycle);
            }
            assertTrue(violations.isEmpty(), "seed " + seed + ", cycle " + cycle + ":\n" + String.join("\n", violations));
        }
        assertTrue(acked > cycles, "only " + acked + " acknowledged calls");
    }

    private List<String> runChild(URI uri, long seed, int cycle, int maxPoints, int operations,
            SplittableRandom random) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kill-child", ".out");
        Path err = Files.createTempFile("kill-child", ".err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), KillChild.class.getName(), "write", uri.toString(),
                Long.toString(seed), Integer.toString(cycle), Integer.toString(maxPoints), Integer.toString(operations))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            p.getOutputStream().close();
            if (random.nextInt(8) == 0) {
                p.waitFor(random.nextInt(800), TimeUnit.MILLISECONDS);
            } else {
                int target = 1 + random.nextInt(2 * operations + 2);
                long lastProgress = System.nanoTime();
                long lastSize = -1;
                while (p.isAlive() && lines(out) < target) {
                    long size = Files.size(out);
                    if (size != lastSize) {
                        lastSize = size;
                        lastProgress = System.nanoTime();
                    } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(120)) {
                        violations.add("cycle " + cycle + ": the child printed nothing for 120 s");
                        break;
                    }
                    Thread.sleep(1);
                }
                TimeUnit.MICROSECONDS.sleep(random.nextInt(3000));
            }
            if (!p.isAlive()) {
                violations.add("cycle " + cycle + ": the child exited by itself: " + Files.readString(err));
            }
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        Files.delete(err);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    }

    private static int lines(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int n = 0;
        for (byte x : b) {
            if (x == '\n') {
                n++;
            }
        }
        return n;
    }

    private void apply(List<String> lines, int cycle) {
        String pendingId = null;
        State pending = null;
        for (String line : lines) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "BEGIN":
                    pendingId = KillChild.decode(f[3]);
                    pending = f[2].equals("STORE") ? new State(Long.parseLong(f[4]), Integer.parseInt(f[5]))
                            : State.ABSENT;
                    model.computeIfAbsent(pendingId, id -> new LinkedHashSet<>(Set.of(State.ABSENT)));
                    break;
                case "ACK":
                    Set<State> before = model.get(pendingId);
                    if (pending.absent() && before.size() == 1
                            && before.iterator().next().absent() == Boolean.parseBoolean(f[2])) {
                        violations.add("cycle " + cycle + ": delete of " + pendingId + " returned " + f[2]
                                + " but the series was " + before);
                    }
                    model.put(pendingId, new LinkedHashSet<>(Set.of(pending)));
                    acked++;
                    pendingId = null;
                    break;
                case "READY":
                case "DONE":
                    break;
                default:
                    violations.add("cycle " + cycle + ": unexpected line " + line);
            }
        }
        if (pendingId != null) {
            model.get(pendingId).add(pending);
        }
    }

    private void check(URI uri, int cycle) {
        try (FileStorageManager store = (FileStorageManager) new FileStorageManagerProvider().open(uri, Map.of())) {
            Set<String> ids = store.ids();
            for (String id : ids) {
                if (!model.containsKey(id)) {
                    violations.add("cycle " + cycle + ": ids() lists " + id + ", never written");
                }
            }
            for (Map.Entry<String, Set<State>> e : model.entrySet()) {
                String id = e.getKey();
                SizedContainerTimeSeries got;
                try {
                    got = store.get(id);
                } catch (NoSuchSeriesException missing) {
                    got = null;
                }
                if (ids.contains(id) != (got != null)) {
                    violations.add("cycle " + cycle + ": ids() and get disagree on " + id);
                }
                State found = null;
                for (State s : e.getValue()) {
                    if (got == null ? s.absent() : !s.absent() && KillChild.series(s.version(), s.size()).equals(got)) {
                        found = s;
                    }
                }
                if (found == null) {
                    violations.add("cycle " + cycle + ": " + id + " should be one of " + e.getValue() + " but is "
                            + (got == null ? "missing" : got));
                    continue;
                }
                if (got != null) {
                    assertEquals(got.size(), store.size(id));
                }
                e.setValue(new LinkedHashSet<>(Set.of(found)));
            }
            IntegrityReport report = store.verify();
            if (!report.isClean()) {
                violations.add("cycle " + cycle + ": verify found damage: " + report.damage());
            }
            for (Repair r : store.repairs()) {
                if (r.kind().level() == System.Logger.Level.ERROR) {
                    violations.add("cycle " + cycle + ": opening reported " + r);
                }
            }
        } catch (RuntimeException e) {
            violations.add("cycle " + cycle + ": checking the store failed: " + e);
        }
    }
}
