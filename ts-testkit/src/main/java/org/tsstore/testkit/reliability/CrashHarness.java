package org.tsstore.testkit.reliability;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.Capability;
import org.tsstore.testkit.ProviderLookup;
import org.tsstore.testkit.StoreDirectories;
import org.tsstore.testkit.reliability.CrashChild.CrashCycle;

/**
 * Kills a JVM that is writing to a store, again and again, and checks that no acknowledged write was lost
 * and nothing reads back wrong: the crash test of any persistent backend.
 *
 * <pre>{@code
 * CrashReport report = CrashHarness.builder(URI.create("file:" + dir))
 *         .cycles(25).seed(42L).maxPoints(100_000).build().run();   // throws AssertionError on a violation
 * }</pre>
 *
 * <p>Each cycle starts a child JVM on the current classpath ({@code java.class.path}) that opens the store
 * through {@link java.util.ServiceLoader} by the URI's scheme (so only the backend needs to be on the
 * classpath), then stores, overwrites, appends to, deletes and writes batches of series: ids from a small pool (including {@code ..},
 * {@code a/b}, NFC/NFD twins, {@code CON} and a 255-byte id) and fresh ones, sizes from 0 to
 * {@link Builder#maxPoints}, values that encode id and version. It prints a line before each call and one
 * after it returns. The parent kills it with SIGKILL at a random moment: usually after a random number of
 * operations, plus a random few milliseconds, so that the kill lands inside a write; sometimes within the
 * first 400 ms, while the JVM starts or the store opens and recovers. Then the parent opens the store
 * itself and checks it against its model:
 * <ul>
 *   <li>every acknowledged store, append and batch reads back equal (or equal to the one operation in
 *       flight on that id, which may land either way);</li>
 *   <li>with {@link Builder#atomicBatches}, a batch in flight at the kill landed for all its ids or for
 *       none;</li>
 *   <li>every acknowledged delete stays deleted (or the in-flight store landed);</li>
 *   <li>{@code ids()} lists exactly the series that {@code get} finds, and no id that was never written;</li>
 *   <li>{@code verify()} finds no damage: whatever a kill tore, opening must have cut off or rolled back;</li>
 *   <li>the store takes a new write, which reads back equal, and a delete.</li>
 * </ul>
 * About one cycle in four skips the check and leaves the crashed store to the next child, so that
 * recovery itself is killed too; the last cycle is always checked. Everything random follows from the
 * seed, so a failing run repeats its operations and kill points (the exact instant of a kill depends on
 * timing, so a rare failure may need a few runs to repeat).
 *
 * <p>For a CI run and a longer stress run from one test, read the counts from system properties, which a
 * Maven profile can set:
 * <pre>{@code
 * CrashHarness.builder(URI.create("file:" + StoreDirectories.newDirectory("crash")))
 *         .cycles(Integer.getInteger("tsstore.crash.cycles", 25))
 *         .seed(Long.getLong("tsstore.crash.seed", 42L))
 *         .build().run();
 * }</pre>
 *
 * <p>The store must be empty at the start. The child JVM gets the options of {@link Builder#childJvmOptions}
 * (by default a small heap and quick start-up). {@link #run()} prints the {@link CrashReport} as one line
 * to standard output.
 */
public final class CrashHarness {

    /** How long a child may go without printing before it counts as hung: a liveness guard, not a speed check. */
    private static final long STALL_MILLIS = 120_000;

    private final URI location;
    private final int cycles;
    private final long seed;
    private final int maxPoints;
    private final int operations;
    private final int idPool;
    private final Map<String, String> options;
    private final List<String> childJvmOptions;
    private final String classpath;
    private final boolean atomicBatches;

    private CrashHarness(Builder b) {
        this.atomicBatches = b.atomicBatches;
        this.location = b.location;
        this.cycles = b.cycles;
        this.seed = b.seed;
        this.maxPoints = b.maxPoints;
        this.operations = b.operations;
        this.idPool = b.idPool;
        this.options = Map.copyOf(b.options);
        this.childJvmOptions = List.copyOf(b.childJvmOptions);
        this.classpath = b.classpath;
    }

    /**
     * A builder for a harness over the store at a location.
     *
     * @param location the store's URI, of any installed backend's scheme, for example {@code file:/tmp/x}
     * @return a builder with the defaults: 25 cycles, a random seed, up to 100,000 points, 200 operations
     *     per child, a pool of 12 ids
     */
    public static Builder builder(URI location) {
        return new Builder(location);
    }

    /**
     * A builder for a harness over a new store of a backend, opened with the fixture's options.
     *
     * @param fixture the backend
     * @return a builder with the same defaults as {@link #builder(URI)}
     */
    public static Builder builder(BackendFixture fixture) {
        Builder b = new Builder(fixture.newLocation());
        fixture.options().forEach(b::option);
        b.atomicBatches(fixture.has(Capability.ATOMIC_BATCHES));
        return b;
    }

    /**
     * Runs every cycle and checks the store after the kills.
     *
     * @return the counts of what was done and checked
     * @throws AssertionError naming the cycle, the seed and the first violations, if an acknowledged write
     *     was lost, a series read back wrong, the store failed to open or refused a write after a crash, or
     *     a child failed
     * @throws IllegalStateException if the store is not empty at the start
     */
    public CrashReport run() {
        try (StorageManager store = ProviderLookup.open(location, options)) {
            if (!store.ids().isEmpty()) {
                throw new IllegalStateException("CrashHarness needs an empty store, but " + location + " holds "
                        + store.ids().size() + " series");
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        CrashModel model = new CrashModel(atomicBatches);
        int verified = 0;
        int killsBeforeReady = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            CrashCycle plan = new CrashCycle(location, seed, cycle, maxPoints, operations, idPool, options);
            ChildRun child = runChild(plan, random);
            boolean ready = model.apply(child.lines, cycle);
            if (!ready) {
                killsBeforeReady++;
            }
            if (child.problem != null) {
                model.violations().add("cycle " + cycle + ": " + child.problem);
            }
            boolean check = cycle == cycles - 1 || random.nextInt(4) != 0 || !model.violations().isEmpty();
            if (check) {
                verified++;
                check(model, cycle);
            }
            if (!model.violations().isEmpty()) {
                throw failure(model, cycle, child);
            }
        }
        CrashReport report = new CrashReport(location, seed, cycles, verified, killsBeforeReady, model.ackedStores,
                model.ackedDeletes, model.ackedAppends, model.ackedBatches, model.inFlight, model.inFlightLanded, model.idChecks, model.pointsChecked);
        System.out.println(report);
        return report;
    }

    private void check(CrashModel model, int cycle) {
        StorageManager store;
        try {
            store = ProviderLookup.open(location, options);
        } catch (RuntimeException e) {
            model.violations().add("cycle " + cycle + ": the store does not open after the kill: " + e);
            return;
        }
        try (store) {
            model.checkReopened(store, cycle, true, false, "the kill");
        } catch (RuntimeException e) {
            model.violations().add("cycle " + cycle + ": closing the store after the kill failed: " + e);
        }
    }

    private AssertionError failure(CrashModel model, int cycle, ChildRun child) {
        List<String> violations = model.violations();
        StringBuilder sb = new StringBuilder("CrashHarness found ").append(violations.size())
                .append(" violation(s) on ").append(location).append(" by cycle ").append(cycle).append(" (rerun with ")
                .append("CrashHarness.builder(...).seed(").append(seed).append("L).cycles(").append(cycle + 1)
                .append(").maxPoints(").append(maxPoints).append(").operationsPerCycle(").append(operations)
                .append(").idPool(").append(idPool).append(")").append(options.isEmpty() ? "" : " with options " + options)
                .append("):");
        violations.stream().limit(10).forEach(v -> sb.append("\n  ").append(v));
        List<String> last = child.lines.subList(Math.max(0, child.lines.size() - 4), child.lines.size());
        sb.append("\nthe last child's last lines: ").append(last);
        if (!model.noise.isEmpty()) {
            sb.append("\nand its other output: ").append(model.noise);
        }
        if (!child.stderr.isBlank()) {
            sb.append("\nand its standard error:\n").append(child.stderr);
        }
        return new AssertionError(sb.toString());
    }

    /** What one child printed, and what went wrong with it, if anything. */
    private static final class ChildRun {
        List<String> lines = List.of();
        String problem;
        String stderr = "";
    }

    private ChildRun runChild(CrashCycle plan, SplittableRandom random) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(childJvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(CrashHarness.class.getName());
        command.addAll(plan.arguments());
        // Decided before the child starts, so that the seed alone fixes them.
        boolean early = random.nextInt(8) == 0;
        long earlyDelayMillis = random.nextInt(400);
        int killAfterLines = 1 + random.nextInt(2 * operations + 2);
        int extraMicros = random.nextInt(8000);
        ChildRun run = new ChildRun();
        Path stdoutFile = null;
        Path stderrFile = null;
        Process process = null;
        try {
            stdoutFile = Files.createTempFile("tsstore-crash-child", ".out");
            stderrFile = Files.createTempFile("tsstore-crash-child", ".err");
            process = new ProcessBuilder(command).redirectOutput(stdoutFile.toFile())
                    .redirectError(stderrFile.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            process.getOutputStream().close();
            try (ChildOutput out = new ChildOutput(stdoutFile)) {
                if (early) {
                    process.waitFor(earlyDelayMillis, TimeUnit.MILLISECONDS);
                } else if (!out.awaitLines(killAfterLines, process, STALL_MILLIS)) {
                    run.problem = "the child printed nothing for " + STALL_MILLIS / 1000 + " s: hung?";
                } else {
                    TimeUnit.MICROSECONDS.sleep(extraMicros);
                }
                boolean exitedByItself = !process.isAlive();
                process.destroyForcibly();
                process.waitFor();
                run.lines = out.completeLines();
                if (exitedByItself && run.problem == null) {
                    run.problem = "the child exited by itself with status " + process.exitValue();
                }
            }
            run.stderr = tail(Files.readString(stderrFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the crash child " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the crash child", e);
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            for (Path file : new Path[] {stdoutFile, stderrFile}) {
                if (file != null) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        // a leftover temp file is harmless
                    }
                }
            }
        }
        return run;
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }

    /**
     * The child JVM's entry point; {@link #run()} starts it. Not for use by hand.
     *
     * @param args the location, seed, cycle number, largest size, number of operations, id pool size and
     *     encoded options, as {@link #run()} passes them
     */
    public static void main(String[] args) {
        CrashChild.main(CrashCycle.parse(args));
    }

    /** Configures a {@link CrashHarness}. */
    public static final class Builder {
        private final URI location;
        private int cycles = 25;
        private long seed = new SplittableRandom().nextLong();
        private int maxPoints = 100_000;
        private int operations = 200;
        private int idPool = 12;
        private final Map<String, String> options = new LinkedHashMap<>();
        private final List<String> childJvmOptions = new ArrayList<>(
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                        "-XX:+DisplayVMOutputToStderr", "-Xlog:all=warning:stderr"));
        private String classpath = System.getProperty("java.class.path");
        private boolean atomicBatches;

        private Builder(URI location) {
            this.location = Objects.requireNonNull(location, "location");
            checkArgument(location.getScheme() != null, "location %s has no scheme, such as file: or mmap:", location);
        }

        /**
         * Whether a batch cut by a kill must be wholly there or wholly absent; without it, each series of a
         * batch must still be its old or its new self.
         *
         * @param atomic true for a backend that declares {@link Capability#ATOMIC_BATCHES}
         * @return this builder
         */
        public Builder atomicBatches(boolean atomic) {
            this.atomicBatches = atomic;
            return this;
        }

        /**
         * How many child JVMs to start and kill.
         *
         * @param cycles at least 1; CI runs 25, a stress run 500
         * @return this builder
         */
        public Builder cycles(int cycles) {
            checkArgument(cycles >= 1, "cycles must be at least 1: %s", cycles);
            this.cycles = cycles;
            return this;
        }

        /**
         * The seed of every random choice: operations, sizes, kill points. A failure message names it.
         *
         * @param seed any number; by default a random one, printed in the report
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The largest series the children store; sizes range from 0 to this, mostly small.
         *
         * @param maxPoints from 0 to 10,000,000
         * @return this builder
         */
        public Builder maxPoints(int maxPoints) {
            checkArgument(maxPoints >= 0 && maxPoints <= 10_000_000, "maxPoints must be from 0 to 10,000,000: %s",
                    maxPoints);
            this.maxPoints = maxPoints;
            return this;
        }

        /**
         * How many operations a child runs before it waits to be killed; kills land anywhere among them.
         *
         * @param operations at least 1
         * @return this builder
         */
        public Builder operationsPerCycle(int operations) {
            checkArgument(operations >= 1, "operations per cycle must be at least 1: %s", operations);
            this.operations = operations;
            return this;
        }

        /**
         * How many ids the children reuse (besides fresh ones), so that overwrites and deletes are common.
         *
         * @param idPool at least 1
         * @return this builder
         */
        public Builder idPool(int idPool) {
            checkArgument(idPool >= 1, "the id pool must hold at least 1 id: %s", idPool);
            this.idPool = idPool;
            return this;
        }

        /**
         * An option for the backend's {@code open}, passed to the children and to the parent's checks alike.
         *
         * @param name the option name, for example {@code durability}
         * @param value its value
         * @return this builder
         */
        public Builder option(String name, String value) {
            options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The JVM options of the children, replacing the defaults ({@code -Xmx256m -XX:+UseSerialGC
         * -XX:TieredStopAtLevel=1 -Xshare:auto -XX:+DisplayVMOutputToStderr -Xlog:all=warning:stderr}: a
         * small heap, a quick start, and JVM messages kept off the standard output that carries the protocol).
         *
         * @param jvmOptions the options, for example {@code List.of("-Xmx1g")}
         * @return this builder
         */
        public Builder childJvmOptions(List<String> jvmOptions) {
            childJvmOptions.clear();
            childJvmOptions.addAll(jvmOptions);
            return this;
        }

        /**
         * The children's classpath, which must hold the backend, ts-testkit and their dependencies.
         *
         * @param classpath a classpath; by default {@code System.getProperty("java.class.path")}
         * @return this builder
         */
        public Builder classpath(String classpath) {
            this.classpath = Objects.requireNonNull(classpath, "classpath");
            return this;
        }

        /**
         * The harness.
         *
         * @return a harness with this configuration
         */
        public CrashHarness build() {
            return new CrashHarness(this);
        }
    }
}
