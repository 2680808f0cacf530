package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.core.ArrayTimeSeries;

/**
 * The tsstore command as a real process, through the ./tsstore launcher at the repository root, after the
 * package phase has built the jar. These runs set TSSTORE_SKIP_BUILD=1 so that a source file edited
 * meanwhile never starts a Maven build inside the test; the launcher's build logic has its own test
 * below, in a copy of the launcher with a stand-in Maven wrapper.
 */
class LauncherIT {

    /** The repository root: failsafe runs in the ts-cli module directory. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path LAUNCHER = ROOT.resolve("tsstore");
    static final Path JAR = Path.of(System.getProperty("tsstore.jar", ROOT.resolve("ts-cli/target/tsstore.jar").toString()));

    @TempDir
    Path tmp;

    /** What one process did. */
    record Run(int exitCode, byte[] stdout, String err) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout:\n" + out() + "--- stderr:\n" + err;
        }
    }

    static Run exec(Path cwd, Map<String, String> env, byte[] stdin, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().remove("TSSTORE_URI");
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            }
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Run(p.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs ./tsstore in the temporary directory, using the jar as built. */
    private Run tsstore(String... args) {
        return tsstoreWithInput(new byte[0], args);
    }

    private Run tsstoreWithInput(byte[] stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return exec(tmp, Map.of("TSSTORE_SKIP_BUILD", "1"), stdin, command);
    }

    @Test
    void theJarWasBuiltByPackage() {
        assertTrue(Files.isRegularFile(JAR), JAR + " exists");
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is executable");
    }

    @Test
    void versionFromAnyDirectoryListsTheBackends() {
        Run r = tsstore("--version");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("tsstore 0.1.0-SNAPSHOT\nJava "), r.out());
        assertTrue(r.out().contains("  mmap: ") && r.out().contains("  file: ") && r.out().contains("  memory: "),
                "the jar ships every backend: " + r.out());
        assertEquals("", r.err());
    }

    @Test
    void demoStoresInTheWorkingDirectoryAndLsSeesIt() {
        Run demo = tsstore("demo");
        assertEquals(0, demo.exitCode(), demo.toString());
        assertTrue(demo.out().startsWith("tsstore demo in the store mmap:./tsdata\nbackend mmap: "), demo.out());
        assertTrue(demo.out().contains("6. Sparklines") && demo.out().contains("▁"), "UTF-8 output: " + demo.out());
        assertEquals("", demo.err());
        assertTrue(Files.isDirectory(tmp.resolve("tsdata")), "the default store is ./tsdata of the working directory");
        Run ls = tsstore("ls");
        assertEquals(0, ls.exitCode(), ls.toString());
        assertEquals(List.of("ID           POINTS  FIRST  LAST", "demo/sensor      96      0  47.5",
                "demo/sine       200      0  19.9", "demo/walk       200      0  19.9"), ls.out().lines().toList());
        Run plot = tsstore("plot", "demo/sensor", "-o", "sensor.png");
        assertEquals(0, plot.exitCode(), plot.toString());
        assertTrue(Files.exists(tmp.resolve("sensor.png")));
    }

    @Test
    void errorsAreOneLineWithTheirExitCodes() throws IOException {
        Run unknown = tsstore("frobnicate");
        assertEquals(2, unknown.exitCode());
        assertEquals("", unknown.out());
        assertEquals("tsstore: unknown command 'frobnicate' (see 'tsstore --help')\n", unknown.err());

        Run noStore = tsstore("get", "nope");
        assertEquals(1, noStore.exitCode());
        assertEquals("tsstore get: default store mmap:./tsdata: no store there (no directory ./tsdata); a command"
                + " that only reads never creates one\n", noStore.err());
        assertFalse(Files.exists(tmp.resolve("tsdata")), "a command that only reads created nothing");

        Path bad = Files.writeString(tmp.resolve("bad.csv"), "time,value\n1,1\n2,x\n");
        Run badCsv = tsstore("put", "x", "--csv", bad.toString());
        assertEquals(1, badCsv.exitCode());
        assertEquals("tsstore put: " + bad + ": line 3, column 2 (\"value\"): value \"x\" is not a number (blank, NA,"
                + " NaN and null are missing values; --value-column chooses the columns to read)\n", badCsv.err());
        assertEquals("", tsstore("ls").out(), "nothing was stored");
        Run missing = tsstore("get", "nope");
        assertEquals(1, missing.exitCode());
        assertEquals("tsstore get: no series with id \"nope\"\n", missing.err());

        Run badStore = tsstore("ls", "--store", "nowhere");
        assertEquals(2, badStore.exitCode());
        assertTrue(badStore.err().startsWith("tsstore ls: --store nowhere has no scheme"), badStore.err());
        assertFalse(badStore.err().contains("\tat "), "no stack trace without --verbose");
        Run verbose = tsstore("ls", "--store", "nowhere", "--verbose");
        assertTrue(verbose.err().contains("\tat org.tsstore.cli."), verbose.err());
    }

    @Test
    void standardInputAndBinaryStandardOutput() throws IOException {
        Run put = tsstoreWithInput("time,value\n1,0.5\n2,NaN\n3,1e-300\n".getBytes(StandardCharsets.UTF_8),
                "put", "été/1", "--csv", "-");
        assertEquals(0, put.exitCode(), put.toString());
        assertEquals("stored \"été/1\": 3 points, time 1 .. 3\n", put.out());
        Run npy = tsstore("get", "été/1", "--format", "npy");
        assertEquals(0, npy.exitCode(), npy.toString());
        ArrayTimeSeries back = NpyArrays.read(new ByteArrayInputStream(npy.stdout()), "stdout");
        assertArrayEquals(new double[] {1, 2, 3}, back.times());
        assertArrayEquals(new double[] {0.5, Double.NaN, 1e-300}, back.values());
    }

    @Test
    void numpyRoundTrip() throws IOException {
        assumeTrue(System.getenv("TSSTORE_SKIP_PYTHON") == null, "TSSTORE_SKIP_PYTHON is set");
        // awkward doubles on purpose: shortest forms, extremes, NaN, infinities, -0.0, irregular times
        StringBuilder csv = new StringBuilder("time,value\n");
        List<double[]> points = new ArrayList<>();
        double[] values = {0.1, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-310,
            Double.MAX_VALUE, -Double.MIN_VALUE, 1.0 / 3, 2.5e300};
        double time = -1e6;
        for (int i = 0; i < 500; i++) {
            double v = i < values.length ? values[i] : Math.sin(i) * Math.exp(i % 40 - 20);
            points.add(new double[] {time, v});
            csv.append(time).append(',').append(v).append('\n');
            time += 0.001 + (i % 7) * 1234.5678;
        }
        Path original = Files.writeString(tmp.resolve("original.csv"), csv);
        assertEquals(0, tsstore("put", "sensor/A", "--csv", original.toString()).exitCode());
        assertEquals(0, tsstore("put", "sensor/a", "--csv", original.toString()).exitCode());
        Run export = tsstore("export", "exported", "--format", "npy");
        assertEquals(0, export.exitCode(), export.toString());

        Path script = tmp.resolve("numpy_round_trip.py");
        try (InputStream in = LauncherIT.class.getResourceAsStream("numpy_round_trip.py")) {
            Files.write(script, in.readAllBytes());
        }
        Run python = exec(tmp, Map.of(), new byte[0], List.of("python3", script.toString(), original.toString(),
                tmp.resolve("exported").toString(), tmp.resolve("rewritten").toString()));
        assertEquals(0, python.exitCode(), python.toString());

        Run imported = tsstore("--store", "file:imported", "import", "rewritten");
        assertEquals(0, imported.exitCode(), imported.toString());
        assertEquals("imported 5 series (2500 points) from rewritten\n", imported.out());
        for (String id : List.of("v1-le-c", "v2-be-c", "v3-le-f", "v1-be-f", "plain-save")) {
            Run get = tsstore("--store", "file:imported", "get", id);
            assertEquals(0, get.exitCode(), get.toString());
            List<String> lines = get.out().lines().toList();
            assertEquals("time,value", lines.get(0));
            assertEquals(points.size(), lines.size() - 1, id);
            for (int i = 0; i < points.size(); i++) {
                String[] cells = lines.get(i + 1).split(",");
                assertEquals(Double.doubleToLongBits(points.get(i)[0]), Double.doubleToLongBits(Double.parseDouble(cells[0])),
                        id + " time " + i);
                assertEquals(Double.doubleToLongBits(points.get(i)[1]), Double.doubleToLongBits(Double.parseDouble(cells[1])),
                        id + " value " + i + ": " + lines.get(i + 1));
            }
        }
    }

    @Test
    void completionScriptLoadsInBash() {
        Run r = exec(tmp, Map.of("TSSTORE_SKIP_BUILD", "1"), new byte[0], List.of("bash", "-c",
                "source <(\"$0\" completion) && complete -p tsstore", LAUNCHER.toString()));
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("_complete_tsstore"), r.out());
    }

    // ---- the launcher's build logic, in a copy of the repository layout with a stand-in ./mvnw

    /** A fake repository: the launcher, a pom, a source file, and an ./mvnw that logs and "builds" by copying. */
    private Path fakeRepo() throws IOException {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("ts-x/src/main"));
        Files.copy(LAUNCHER, repo.resolve("tsstore"));
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Files.writeString(repo.resolve("ts-x/src/main/A.java"), "class A {}");
        Path mvnw = repo.resolve("mvnw");
        Files.writeString(mvnw, String.join("\n",
                "#!/usr/bin/env bash",
                "echo \"$PWD $*\" >> \"$(dirname \"$0\")/mvnw.log\"",
                "if [ -f \"$(dirname \"$0\")/fail\" ]; then echo 'BUILD FAILURE' >&2; exit 1; fi",
                "if [ -f \"$(dirname \"$0\")/slow\" ]; then sleep 2; fi",
                "echo 'maven says hello'",
                "mkdir -p ts-cli/target && cp '" + JAR + "' ts-cli/target/tsstore.jar",
                ""));
        mvnw.toFile().setExecutable(true);
        repo.resolve("tsstore").toFile().setExecutable(true);
        return repo;
    }

    private static List<String> builds(Path repo) throws IOException {
        Path log = repo.resolve("mvnw.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private Run fake(Path repo, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(repo.resolve("tsstore").toString()));
        command.addAll(List.of(args));
        return exec(tmp, env, new byte[0], command);
    }

    private static void age(Path file, int secondsAgo) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(secondsAgo)));
    }

    @Test
    void launcherBuildsWhenTheJarIsMissingOrStaleAndOnlyThen() throws IOException {
        Path repo = fakeRepo();
        Run first = fake(repo, Map.of(), "--version");
        assertEquals(0, first.exitCode(), first.toString());
        assertTrue(first.out().startsWith("tsstore "), "the jar runs after the build: " + first);
        assertEquals("tsstore: building ts-cli/target/tsstore.jar (first run, or the sources changed); this takes a"
                + " minute or two\nmaven says hello\n", first.err(), "one line, and Maven's output on stderr only");
        assertEquals(List.of(repo.toRealPath() + " -q -B -DskipTests -Dmaven.javadoc.skip=true"
                + " -Dmaven.source.skip=true -pl ts-cli -am package"), builds(repo));

        Path jar = repo.resolve("ts-cli/target/tsstore.jar");
        age(repo.resolve("pom.xml"), 3600);
        age(repo.resolve("ts-x/src/main/A.java"), 3600);
        age(repo.resolve("ts-x/src/main"), 3600);
        age(repo.resolve("ts-x/src"), 3600);
        Run fresh = fake(repo, Map.of(), "--version");
        assertEquals(0, fresh.exitCode());
        assertEquals("", fresh.err());
        assertEquals(1, builds(repo).size(), "a fresh jar is not rebuilt");

        age(jar, 60);
        Files.writeString(repo.resolve("ts-x/src/main/A.java"), "class A { int changed; }");
        assertEquals(0, fake(repo, Map.of("TSSTORE_SKIP_BUILD", "1"), "--version").exitCode());
        assertEquals(1, builds(repo).size(), "TSSTORE_SKIP_BUILD=1 never builds");
        assertEquals(0, fake(repo, Map.of(), "--version").exitCode());
        assertEquals(2, builds(repo).size(), "a source newer than the jar rebuilds it");

        age(jar, 60);
        age(repo.resolve("ts-x/src/main/A.java"), 3600);
        Files.writeString(repo.resolve("pom.xml"), "<project><!-- changed --></project>");
        assertEquals(0, fake(repo, Map.of(), "--version").exitCode());
        assertEquals(3, builds(repo).size(), "a pom newer than the jar rebuilds it");
    }

    @Test
    void twoLaunchersAtOnceBuildOnce() throws Exception {
        Path repo = fakeRepo();
        Files.writeString(repo.resolve("slow"), "");
        CompletableFuture<Run> a = CompletableFuture.supplyAsync(() -> fake(repo, Map.of(), "--version"));
        CompletableFuture<Run> b = CompletableFuture.supplyAsync(() -> fake(repo, Map.of(), "--version"));
        assertEquals(0, a.get().exitCode(), a.get().toString());
        assertEquals(0, b.get().exitCode(), b.get().toString());
        assertEquals(1, builds(repo).size(), "one build; the other launcher waited for it");
        assertFalse(Files.exists(repo.resolve("ts-cli/target/.tsstore-build.lock")), "the lock is released");
    }

    @Test
    void launcherReportsAFailedBuildAndWorksThroughASymlink() throws IOException {
        Path repo = fakeRepo();
        Files.writeString(repo.resolve("fail"), "");
        Run failed = fake(repo, Map.of(), "--version");
        assertEquals(1, failed.exitCode());
        assertEquals("", failed.out());
        assertTrue(failed.err().endsWith("BUILD FAILURE\ntsstore: the build failed (messages above); to see it in full:"
                + " cd " + repo.toRealPath() + " && ./mvnw -B -pl ts-cli -am package\n"), failed.err());
        assertFalse(Files.exists(repo.resolve("ts-cli/target/.tsstore-build.lock")), "the lock is released");

        Files.delete(repo.resolve("fail"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("tsstore"), repo.resolve("tsstore"));
        Run linked = exec(tmp, Map.of(), new byte[0], List.of(bin.resolve("tsstore").toString(), "--version"));
        assertEquals(0, linked.exitCode(), linked.toString());
        assertTrue(Files.exists(repo.resolve("ts-cli/target/tsstore.jar")), "built in the repository, not beside the link");
    }
}
