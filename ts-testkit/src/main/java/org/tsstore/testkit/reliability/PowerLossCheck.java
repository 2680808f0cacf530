package org.tsstore.testkit.reliability;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.tsstore.api.Durability;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.Capability;
import org.tsstore.testkit.StoreDirectories;
import org.tsstore.testkit.reliability.CrashChild.CrashCycle;
import org.tsstore.testkit.reliability.powerloss.FsLog;
import org.tsstore.testkit.reliability.powerloss.PowerLossFileSystem;
import org.tsstore.testkit.reliability.powerloss.PowerLossState;
import org.tsstore.testkit.reliability.powerloss.PowerLossStates;

/**
 * Cuts the power under a store, again and again, and checks every state the device may be left in: the
 * power-loss test of any persistent backend that can open a store at a {@link Path}
 * ({@link BackendFixture#opensAtPath()}). A SIGKILL ({@link CrashHarness}) keeps the page cache; a power
 * loss does not.
 *
 * <pre>{@code
 * PowerLossReport report = PowerLossCheck.builder(fixture.withOption("durability", "sync"))
 *         .states(1_000).seed(42L).build().run();   // throws AssertionError on a violation
 * }</pre>
 *
 * <p>In this JVM, each crash opens the store at the root of a {@link PowerLossFileSystem} over a fresh
 * directory and runs the seeded operations of the crash harness (stores, overwrites, appends, deletes,
 * {@code storeAll} and {@code appendAll} batches, hostile ids) until the power goes at a random change to
 * the file system (chosen uniformly among the changes the same operations make when nothing stops them):
 * that change fails with an {@link IOException}, so does every later one, and the store is abandoned
 * unclosed. Then, for each of {@link Builder#statesPerCrash} states the power loss may leave
 * ({@link PowerLossStates}: forced content kept, a prefix of the rest per file, torn sectors, unforced
 * directory changes undone), the state is written to a new directory, opened with the real backend on the
 * default file system, and judged by the crash model:
 * <ul>
 *   <li>{@code durability=sync}: every acknowledged write present and equal, every acknowledged delete
 *       gone, the call in flight wholly there or wholly absent (with {@link Capability#ATOMIC_BATCHES}, a
 *       batch for all its ids or for none), nothing refused, {@code verify()} clean;</li>
 *   <li>{@code durability=os}: the store opens; each id is served only in a state it had (an older one
 *       is a loss, counted), or refused with a {@code StorageException} (counted), never wrong; with atomic
 *       batches the batch in flight is whole or absent (unless {@link Builder#inFlightBatchesAtomic}), an
 *       acknowledged one too if {@link Builder#acknowledgedBatchesAtomic} (else a half one is a loss,
 *       counted); {@code verify()} may report damage (counted);</li>
 *   <li>either way, {@code ids()} agrees with {@code get}, and the store takes a new write and a delete.</li>
 * </ul>
 * The last state of each crash is where the next crash of the same store starts (up to
 * {@link Builder#crashesPerStore}), so power is also lost while recovery repairs what the last one left.
 * Before the states are judged, the directory the store really wrote must equal the log replayed in full:
 * a backend that writes around the path it was given fails there.
 *
 * <p>Which durability the states are judged against follows the fixture's {@code durability} option
 * ({@code sync}, else {@code os}) unless {@link Builder#judgedAs} says otherwise. Everything random follows
 * from the seed, and each store from the seed and its number, so a failure names the one store to rerun
 * ({@link Builder#onlyStore}). A failure also lists the calls of every crash of that store, the last
 * changes to the files (the system property {@code tsstore.powerloss.logLines}, 15 by default, says how
 * many), what the power loss kept and dropped, and where the failing state was written, untouched.
 */
public final class PowerLossCheck {

    private final BackendFixture fixture;
    private final int states;
    private final int statesPerCrash;
    private final int crashesPerStore;
    private final int operations;
    private final int maxPoints;
    private final int idPool;
    private final long seed;
    private final Durability durability;
    private final Path workDirectory;
    private final int onlyStore;
    private final boolean acknowledgedBatchesAtomic;
    private final boolean inFlightBatchesAtomic;

    private Path work;
    private int checked;
    private int crashes;
    private int stores;
    private int beforeReady;
    private long changes;
    private final long[] sums = new long[14];
    private String halfBatchExample;

    private PowerLossCheck(Builder b) {
        BackendFixture f = b.fixture;
        for (Map.Entry<String, String> option : b.options.entrySet()) {
            f = f.withOption(option.getKey(), option.getValue());
        }
        this.fixture = f;
        this.states = b.states;
        this.statesPerCrash = b.statesPerCrash;
        this.crashesPerStore = b.crashesPerStore;
        this.operations = b.operations;
        this.maxPoints = b.maxPoints;
        this.idPool = b.idPool;
        this.seed = b.seed;
        this.durability = b.durability != null ? b.durability
                : "sync".equalsIgnoreCase(fixture.options().get("durability")) ? Durability.SYNC : Durability.OS;
        this.workDirectory = b.workDirectory;
        this.onlyStore = b.onlyStore;
        this.acknowledgedBatchesAtomic = b.acknowledgedBatchesAtomic;
        this.inFlightBatchesAtomic = b.inFlightBatchesAtomic;
    }

    /**
     * A builder for a check of a backend, with its options and its declared atomicity of batches.
     *
     * @param fixture the backend; it must be {@link Capability#PERSISTENT} and open stores at a path
     * @return a builder with the defaults: 1,000 states, 10 per crash, 4 crashes per store, 40 operations per
     *     crash, up to 2,000 points, a pool of 8 ids, a random seed
     */
    public static Builder builder(BackendFixture fixture) {
        return new Builder(fixture);
    }

    /**
     * Runs crashes until the number of states is reached (or the one store of {@link Builder#onlyStore}).
     *
     * @return the counts of what was done and checked, also printed as one line
     * @throws AssertionError naming the seed, the store, the crash, the state, what the power loss dropped
     *     and the violations, if a state was served wrong or lost what it must not
     * @throws IllegalStateException if the fixture is not persistent or cannot open a store at a path
     */
    public PowerLossReport run() {
        checkState(fixture.has(Capability.PERSISTENT), "%s is not persistent: nothing survives a power loss", fixture.name());
        checkState(fixture.opensAtPath(), "%s cannot open a store at a path (BackendFixture.opensAtPath())", fixture.name());
        long start = System.nanoTime();
        work = newWorkDirectory();
        for (int store = Math.max(onlyStore, 0); onlyStore >= 0 ? stores == 0 : checked < states; store++) {
            runStore(store); // on a violation the work directory stays, with the state that failed
        }
        StoreDirectories.deleteRecursively(work);
        PowerLossReport report = new PowerLossReport(fixture.name(), durability, seed, checked, crashes, stores,
                beforeReady, changes, sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7], sums[8],
                sums[9], sums[12], sums[10], sums[11], (System.nanoTime() - start) / 1_000_000);
        System.out.println(report);
        if (halfBatchExample != null) {
            System.out.println("  (the first acknowledged batch found half there: " + halfBatchExample + ")");
        }
        return report;
    }

    private Path newWorkDirectory() {
        try {
            if (workDirectory != null) {
                return Files.createTempDirectory(Files.createDirectories(workDirectory), "powerloss-" + fixture.name() + "-");
            }
            // A RAM disk where there is one: a simulated device needs no real one, and its forces cost nothing.
            Path shm = Path.of("/dev/shm");
            if (Files.isDirectory(shm) && Files.isWritable(shm)) {
                return Files.createTempDirectory(shm, "tsstore-powerloss-" + fixture.name() + "-");
            }
            return StoreDirectories.newDirectory("powerloss-" + fixture.name());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a work directory for the power-loss check", e);
        }
    }

    private void runStore(int store) {
        stores++;
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (store + 1)));
        CrashModel model = new CrashModel(fixture.has(Capability.ATOMIC_BATCHES), durability != Durability.SYNC);
        model.acknowledgedBatchesAtomic = acknowledgedBatchesAtomic;
        model.inFlightBatchesAtomic = inFlightBatchesAtomic;
        PowerLossState base = null;
        List<String> story = new ArrayList<>();
        for (int c = 0; c < crashesPerStore && (onlyStore >= 0 || checked < states); c++) {
            int number = store * crashesPerStore + c;
            CrashCycle plan = new CrashCycle(work.toUri(), seed, number, maxPoints, operations, idPool, Map.of());
            PowerLossRun dry = PowerLossRun.run(fixture, plan, base, Long.MAX_VALUE, work.resolve("dry-" + number));
            StoreDirectories.deleteRecursively(dry.directory());
            long limit = random.nextLong(dry.log().size() - dry.log().initial() + 1);
            PowerLossRun run = PowerLossRun.run(fixture, plan, base, limit, work.resolve("run-" + number));
            crashes++;
            changes += run.log().size() - run.log().initial();
            for (PowerLossRun r : List.of(dry, run)) {
                if (r.failure() != null) {
                    model.violations().add("the operations failed " + (r == dry ? "with the power on: " : "before the power "
                            + "loss: ") + CaseJudge.describe(r.failure()));
                    break;
                }
            }
            List<String> leaks = run.leaks();
            if (!leaks.isEmpty()) {
                model.violations().add("the store's real files differ from everything it did through the simulated file "
                        + "system, so it did I/O around the path it was given: " + leaks.subList(0, Math.min(5, leaks.size())));
            }
            if (!model.apply(run.lines(), number)) {
                beforeReady++;
            }
            if (!model.violations().isEmpty()) {
                throw failure(model, store, number, -1, run, null, limit, story);
            }
            PowerLossState state = null;
            for (int k = 0; k < statesPerCrash; k++) {
                state = PowerLossStates.possible(run.log(), random);
                judge(model, state, number, k == statesPerCrash - 1);
                checked++;
                if (!model.violations().isEmpty()) {
                    throw failure(model, store, number, k, run, state, limit, story);
                }
            }
            base = state;
            story.add("crash " + c + " (cycle " + number + "): the power went after " + limit + " changes, in the calls\n"
                    + calls(run.lines()) + "\n  and the next crash starts from a state where:"
                    + state.choices().stream().limit(40).map(x -> "\n    " + x).collect(java.util.stream.Collectors.joining()));
            StoreDirectories.deleteRecursively(run.directory());
        }
        long[] counts = {model.ackedStores, model.ackedAppends, model.ackedBatches, model.ackedDeletes,
            model.inFlightChecked, model.inFlightLanded, model.lostAbsent, model.lostOlder, model.lostRefused,
            model.damageReported, model.idChecks, model.pointsChecked, model.halfBatches};
        if (halfBatchExample == null) {
            halfBatchExample = model.halfBatchExample;
        }
        for (int i = 0; i < counts.length; i++) {
            sums[i] += counts[i];
        }
    }

    /** Writes a state to a new directory, opens it with the real backend and checks it. */
    private void judge(CrashModel model, PowerLossState state, int cycle, boolean settle) {
        Path dir = work.resolve("state-" + cycle + "-" + checked);
        try {
            Files.createDirectory(dir);
            state.writeTo(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a power-loss state to " + dir, e);
        }
        try {
            StorageManager store;
            try {
                store = fixture.openAt(dir);
            } catch (RuntimeException e) {
                model.violations().add("cycle " + cycle + ": the store does not open after the power loss: "
                        + CaseJudge.describe(e));
                return;
            }
                try (store) {
                model.checkReopened(store, cycle, settle, durability != Durability.SYNC, "the power loss");
            } catch (RuntimeException e) {
                model.violations().add("cycle " + cycle + ": closing the store after the power loss failed: " + e);
            }
        } finally {
            StoreDirectories.deleteRecursively(dir);
        }
    }

    private static String calls(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(sb.length() == 0 ? "    " : "\n    ").append(l.substring(CrashChild.PREFIX.length()));
        }
        return sb.toString();
    }

    private AssertionError failure(CrashModel model, int store, int cycle, int state, PowerLossRun run, PowerLossState lost,
            long limit, List<String> story) {
        StringBuilder sb = new StringBuilder("PowerLossCheck found ").append(model.violations().size())
                .append(" violation(s) on ").append(fixture.name()).append(" (judged as durability=")
                .append(durability.name().toLowerCase()).append(") in store ").append(store).append(", crash ")
                .append(cycle - store * crashesPerStore).append(state >= 0 ? ", state " + state : "")
                .append(" (rerun with PowerLossCheck.builder(...).seed(").append(seed).append("L).onlyStore(")
                .append(store).append(").crashesPerStore(").append(crashesPerStore).append(").statesPerCrash(")
                .append(statesPerCrash).append(").operationsPerCrash(").append(operations).append(").maxPoints(")
                .append(maxPoints).append(").idPool(").append(idPool).append(")")
                .append(fixture.options().isEmpty() ? "" : " with options " + fixture.options()).append("):");
        model.violations().stream().limit(10).forEach(v -> sb.append("\n  ").append(v));
        FsLog log = run.log();
        story.forEach(s -> sb.append("\nearlier, ").append(s));
        sb.append("\nthis crash: the power went after ").append(limit).append(" changes, in the calls\n")
                .append(calls(run.lines()));
        sb.append("\nthe last file-system changes:");
        for (int i = Math.max(log.initial(), log.size() - Integer.getInteger("tsstore.powerloss.logLines", 15)); i < log.size(); i++) {
            sb.append("\n  ").append(log.describe(i));
        }
        if (lost != null) {
            sb.append("\nwhat the power loss did:");
            lost.choices().stream().limit(30).forEach(c -> sb.append("\n  ").append(c));
            Path kept = work.resolve("failed-state");
            try {
                Files.createDirectory(kept);
                lost.writeTo(kept);
                sb.append("\nthe state, as the power loss left it, is kept in ").append(kept);
                StoreDirectories.deleteRecursively(run.directory());
            } catch (IOException e) {
                sb.append("\n(the state could not be kept: ").append(e).append(")");
            }
        }
        if (run.failure() != null) {
            java.io.StringWriter trace = new java.io.StringWriter();
            run.failure().printStackTrace(new java.io.PrintWriter(trace));
            sb.append("\nthe failure: ").append(trace);
        }
        return new AssertionError(sb.toString());
    }

    /** Configures a {@link PowerLossCheck}. */
    public static final class Builder {
        private final BackendFixture fixture;
        private final Map<String, String> options = new java.util.LinkedHashMap<>();
        private int states = 1000;
        private int statesPerCrash = 10;
        private int crashesPerStore = 4;
        private int operations = 40;
        private int maxPoints = 2000;
        private int idPool = 8;
        private long seed = new SplittableRandom().nextLong();
        private Durability durability;
        private Path workDirectory;
        private int onlyStore = -1;
        private boolean acknowledgedBatchesAtomic;
        private boolean inFlightBatchesAtomic = true;

        private Builder(BackendFixture fixture) {
            this.fixture = Objects.requireNonNull(fixture, "fixture");
        }

        /**
         * How many power-loss states to check in all.
         *
         * @param states at least 1; CI checks 1,000 per backend, a stress run 100,000
         * @return this builder
         */
        public Builder states(int states) {
            checkArgument(states >= 1, "states must be at least 1: %s", states);
            this.states = states;
            return this;
        }

        /**
         * How many states each power loss gives, each with other choices of what survived.
         *
         * @param statesPerCrash at least 1
         * @return this builder
         */
        public Builder statesPerCrash(int statesPerCrash) {
            checkArgument(statesPerCrash >= 1, "states per crash must be at least 1: %s", statesPerCrash);
            this.statesPerCrash = statesPerCrash;
            return this;
        }

        /**
         * How many power losses one store goes through before a fresh one starts; each starts from a state the
         * last one left.
         *
         * @param crashesPerStore at least 1
         * @return this builder
         */
        public Builder crashesPerStore(int crashesPerStore) {
            checkArgument(crashesPerStore >= 1, "crashes per store must be at least 1: %s", crashesPerStore);
            this.crashesPerStore = crashesPerStore;
            return this;
        }

        /**
         * How many calls a crash's operations make if the power holds; it goes at a random point among them.
         *
         * @param operations at least 1
         * @return this builder
         */
        public Builder operationsPerCrash(int operations) {
            checkArgument(operations >= 1, "operations per crash must be at least 1: %s", operations);
            this.operations = operations;
            return this;
        }

        /**
         * The largest series stored; sizes range from 0 to this, mostly small.
         *
         * @param maxPoints from 0 to 1,000,000 (the simulation keeps every write in memory)
         * @return this builder
         */
        public Builder maxPoints(int maxPoints) {
            checkArgument(maxPoints >= 0 && maxPoints <= 1_000_000, "maxPoints must be from 0 to 1,000,000: %s",
                    maxPoints);
            this.maxPoints = maxPoints;
            return this;
        }

        /**
         * How many ids the operations reuse (besides fresh ones), so that overwrites, appends and deletes are
         * common.
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
         * The seed of every random choice: operations, sizes, crash points, states. A failure message names it.
         *
         * @param seed any number; by default a random one, printed in the report
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * An option for the backend's {@code open}, besides the fixture's (or instead of one of them), as a
         * suite's {@code tunePowerLoss} may add it.
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
         * What the states are judged against, instead of the fixture's {@code durability} option: for a
         * backend whose option is named otherwise, or to check that a backend fails the stricter judge.
         *
         * @param durability {@code SYNC} or {@code OS}
         * @return this builder
         */
        public Builder judgedAs(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        /**
         * Where the stores and states are written; by default {@code /dev/shm} where it exists (a RAM disk:
         * the forces of the backend's own recovery cost nothing there), else {@code java.io.tmpdir}.
         *
         * @param directory a directory of the default file system, created if missing
         * @return this builder
         */
        public Builder workDirectory(Path directory) {
            this.workDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Whether, with {@code durability=os}, an acknowledged batch of a backend with
         * {@link Capability#ATOMIC_BATCHES} must be found whole or not at all after a power loss. By default
         * it may be found half there: it was acknowledged but not forced, and {@code os} lets any such write
         * be lost, each series on its own; such batches are counted ({@link PowerLossReport#halfBatches()}).
         * The batch in flight at the power loss, and every batch under {@code durability=sync}, must always
         * be whole or absent.
         *
         * @param atomic true for a backend that promises atomic batches across a power loss even unforced
         * @return this builder
         */
        public Builder acknowledgedBatchesAtomic(boolean atomic) {
            this.acknowledgedBatchesAtomic = atomic;
            return this;
        }

        /**
         * Whether, with {@code durability=os}, the batch in flight at a power loss must be whole or absent (the
         * default). If not, one half there is a loss, counted ({@link PowerLossReport#halfBatches()}) as an
         * acknowledged unforced one is: after a power loss the two cannot be told apart.
         * @param atomic false for a backend whose batches are whole across a power loss only when forced
         * @return this builder
         */
        public Builder inFlightBatchesAtomic(boolean atomic) {
            this.inFlightBatchesAtomic = atomic;
            return this;
        }

        /**
         * Runs only one store's crashes, as a failure message names it, whatever {@link #states} says.
         *
         * @param store the store's number, from 0
         * @return this builder
         */
        public Builder onlyStore(int store) {
            checkArgument(store >= 0, "store numbers start at 0: %s", store);
            this.onlyStore = store;
            return this;
        }

        /**
         * The check.
         *
         * @return a check with this configuration
         */
        public PowerLossCheck build() {
            return new PowerLossCheck(this);
        }
    }
}
