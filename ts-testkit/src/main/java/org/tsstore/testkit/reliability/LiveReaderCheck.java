package org.tsstore.testkit.reliability;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tsstore.api.StorageManager;
import org.tsstore.core.backend.OpenMode;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.Capability;
import org.tsstore.testkit.ProviderLookup;

/**
 * Readers beside a live writer in another process, then beside a killed one: the check of a backend with
 * {@link Capability#LIVE_READERS}.
 *
 * <pre>{@code
 * LiveReaderReport report = LiveReaderCheck.builder(URI.create("mmap:" + dir)).seed(1L).build().run();
 * }</pre>
 *
 * <p>A writer JVM ({@link LiveWriterChild}) stores, appends to, deletes and compacts series of a few ids at
 * random, logging when each call began and returned; reader JVMs ({@link LiveReaderChild}) and reader threads in
 * this JVM open the same store with {@code mode=read} and read the ids in turn, logging when each read began and
 * ended and what it returned. Every series encodes its id and version in every point ({@link CrashSeries}), so a
 * read names the write it saw. After {@link Builder#writeMillis} the writer is killed with SIGKILL; the readers
 * read on for {@link Builder#afterKillMillis}, and a reader opened after the kill reads every id once. Then
 * {@link LiveReaderJudge} checks, per id and reader: each read returned a state whose write began before the
 * read ended and is not older than the newest acknowledged before it began, never older than what the reader saw
 * before; "not found" only where a delete (or no write yet) is such a state; no torn series and no exception;
 * and every reader read every id after the kill (so the writer's death stopped none of them). Instants are
 * {@link System#nanoTime()}, which every JVM of a machine reads from one clock.
 *
 * <p>The store must be empty or new; it is created (opened once for writing) before the writer starts.
 */
public final class LiveReaderCheck {

    private static final long LIVENESS_MILLIS = 60_000;

    private final Builder b;

    private LiveReaderCheck(Builder b) {
        this.b = b;
    }

    /**
     * A check on the store at a location.
     *
     * @param location the store's URI, of any installed backend's scheme
     * @return a builder with the defaults: 4 ids, up to 2,000 points, 1.5 s of writes, 0.5 s after the kill, one
     *     reader JVM and one reader thread
     */
    public static Builder builder(URI location) {
        return new Builder(location);
    }

    /**
     * A check on a new store of a backend, opened with the fixture's options.
     *
     * @param fixture the backend
     * @return a builder with the same defaults as {@link #builder(URI)}
     */
    public static Builder builder(BackendFixture fixture) {
        Builder builder = new Builder(fixture.newLocation());
        fixture.options().forEach(builder::option);
        return builder;
    }

    /**
     * Runs the writer and the readers, kills the writer, and judges every read.
     *
     * @return the counts
     * @throws AssertionError naming the seed and the first violations
     */
    public LiveReaderReport run() {
        try (StorageManager store = ProviderLookup.open(b.location, b.options)) {
            if (!store.ids().isEmpty()) {
                throw new IllegalStateException("LiveReaderCheck needs an empty store: " + b.location);
            }
        }
        Map<String, String> readOptions = new LinkedHashMap<>(b.options);
        readOptions.put(OpenMode.OPTION, "read");
        readOptions.putAll(b.readerOptions);
        LiveReaderJudge judge = new LiveReaderJudge(b.idPool);
        List<Child> children = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<List<String>> threadLogs = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        long killNanos;
        String writerErr = "";
        try {
            List<String> writerArgs = new ArrayList<>(List.of(b.location.toString(), Long.toString(b.seed),
                    Integer.toString(b.idPool), Integer.toString(b.maxPoints)));
            b.options.forEach((k, v) -> writerArgs.add(CrashChild.encode(k) + "=" + CrashChild.encode(v)));
            Child writer = start(LiveWriterChild.class, writerArgs, children);
            writer.awaitReady("the writer");
            for (int i = 0; i < b.readerJvms; i++) {
                List<String> args = new ArrayList<>(List.of(b.location.toString(), Integer.toString(b.idPool)));
                readOptions.forEach((k, v) -> args.add(CrashChild.encode(k) + "=" + CrashChild.encode(v)));
                start(LiveReaderChild.class, args, children).awaitReady("reader JVM " + i);
            }
            for (int i = 0; i < b.readerThreads; i++) {
                List<String> log = Collections.synchronizedList(new ArrayList<>());
                threadLogs.add(log);
                StorageManager store = ProviderLookup.open(b.location, readOptions);
                Thread t = new Thread(() -> {
                    try (store) {
                        LiveReaderChild.readLoop(store, b.idPool, stop::get, s -> log.add(LiveWriterChild.PREFIX + s));
                    } catch (RuntimeException e) {
                        log.add(LiveWriterChild.PREFIX + "FAIL " + CrashChild.encode(String.valueOf(e)));
                    }
                    log.add(LiveWriterChild.PREFIX + "DONE");
                }, "live-reader-" + i);
                threads.add(t);
                t.start();
            }
            TimeUnit.MILLISECONDS.sleep(b.writeMillis);
            boolean exited = !writer.process.isAlive();
            writer.process.destroyForcibly(); // SIGKILL on Linux
            writer.process.waitFor();
            killNanos = System.nanoTime();
            writerErr = Files.readString(writer.err, StandardCharsets.UTF_8);
            if (!judge.writer(writer.lines())) {
                judge.violations.add("the writer never opened the store");
            }
            if (exited) {
                judge.violations.add("the writer exited by itself before the kill, status " + writer.process.exitValue());
            }
            TimeUnit.MILLISECONDS.sleep(b.afterKillMillis);
            stop.set(true);
            for (Child c : children.subList(1, children.size())) {
                c.process.getOutputStream().close();
            }
            for (Thread t : threads) {
                t.join(LIVENESS_MILLIS);
            }
            for (int i = 1; i < children.size(); i++) {
                Child c = children.get(i);
                if (!c.process.waitFor(LIVENESS_MILLIS, TimeUnit.MILLISECONDS)) {
                    judge.violations.add("reader JVM " + (i - 1) + " did not stop within a minute");
                }
                judge.reader("reader JVM " + (i - 1), c.lines(), killNanos);
            }
            for (int i = 0; i < threadLogs.size(); i++) {
                judge.reader("reader thread " + i, List.copyOf(threadLogs.get(i)), killNanos);
            }
            List<String> last = new ArrayList<>();
            try (StorageManager store = ProviderLookup.open(b.location, readOptions)) {
                LiveReaderChild.readLoop(store, b.idPool, () -> last.size() >= b.idPool,
                        s -> last.add(LiveWriterChild.PREFIX + s));
            }
            last.add(LiveWriterChild.PREFIX + "DONE");
            judge.reader("a reader opened after the kill", last, killNanos);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the live reader check on " + b.location, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            stop.set(true);
            children.forEach(Child::destroy);
        }
        if (!judge.violations.isEmpty()) {
            StringBuilder sb = new StringBuilder("LiveReaderCheck found ").append(judge.violations.size())
                    .append(" violation(s) on ").append(b.location).append(" (seed ").append(b.seed).append("L):");
            judge.violations.stream().limit(10).forEach(v -> sb.append("\n  ").append(v));
            if (!writerErr.isBlank()) {
                sb.append("\nthe writer's standard error:\n").append(writerErr, 0, Math.min(4000, writerErr.length()));
            }
            throw new AssertionError(sb.toString());
        }
        LiveReaderReport report = new LiveReaderReport(b.location, b.seed, judge.acked, judge.inFlight,
                judge.compactions, b.readerJvms + b.readerThreads + 1, judge.reads, judge.found, judge.absent,
                judge.readsAfterKill);
        System.out.println(report);
        return report;
    }

    private Child start(Class<?> main, List<String> args, List<Child> started) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(b.childJvmOptions);
        command.addAll(List.of("-cp", b.classpath, main.getName()));
        command.addAll(args);
        Path out = Files.createTempFile("tsstore-live", ".out");
        Path err = Files.createTempFile("tsstore-live", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        Child child = new Child(p, out, err);
        started.add(child);
        return child;
    }

    /** A child JVM whose standard output and error go to files. */
    private record Child(Process process, Path out, Path err) {
        void awaitReady(String who) throws IOException {
            try (ChildOutput output = new ChildOutput(out)) {
                if (!output.awaitLines(1, process, LIVENESS_MILLIS) || !process.isAlive()) {
                    throw new AssertionError(who + " did not start: " + Files.readString(err, StandardCharsets.UTF_8));
                }
            }
        }

        List<String> lines() throws IOException {
            try (ChildOutput output = new ChildOutput(out)) {
                return output.completeLines();
            }
        }

        void destroy() {
            process.destroyForcibly();
            try {
                process.waitFor();
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            } catch (IOException | InterruptedException e) {
                // a leftover temp file is harmless
            }
        }
    }

    /** Configures a {@link LiveReaderCheck}. */
    public static final class Builder {
        private final URI location;
        private final Map<String, String> options = new LinkedHashMap<>();
        private final Map<String, String> readerOptions = new LinkedHashMap<>();
        private long seed = new SplittableRandom().nextLong();
        private int idPool = 4;
        private int maxPoints = 2_000;
        private long writeMillis = 1_500;
        private long afterKillMillis = 500;
        private int readerJvms = 1;
        private int readerThreads = 1;
        private final List<String> childJvmOptions = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+DisplayVMOutputToStderr"));
        private String classpath = System.getProperty("java.class.path");

        private Builder(URI location) {
            this.location = Objects.requireNonNull(location, "location");
        }

        /**
         * An option for every open, the writer's and the readers' ({@code mode=read} is added for readers).
         *
         * @param name the option's name
         * @param value its value
         * @return this builder
         */
        public Builder option(String name, String value) {
            options.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * An option for the readers' opens only.
         *
         * @param name the option's name
         * @param value its value
         * @return this builder
         */
        public Builder readerOption(String name, String value) {
            readerOptions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The seed of the writer's operations.
         *
         * @param seed any value
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * How many ids the writer and readers use (of {@code s, S, .., a/b, é, ...}).
         *
         * @param idPool 1 to 8
         * @return this builder
         */
        public Builder idPool(int idPool) {
            checkArgument(idPool >= 1 && idPool <= CrashChild.POOL_NAMES.size(), "idPool must be 1 to %s: %s",
                    CrashChild.POOL_NAMES.size(), idPool);
            this.idPool = idPool;
            return this;
        }

        /**
         * The largest series the writer stores (appends grow it to four times that).
         *
         * @param maxPoints at least 1
         * @return this builder
         */
        public Builder maxPoints(int maxPoints) {
            checkArgument(maxPoints >= 1, "maxPoints must be at least 1: %s", maxPoints);
            this.maxPoints = maxPoints;
            return this;
        }

        /**
         * How long the writer writes beside the readers before it is killed.
         *
         * @param millis at least 1
         * @return this builder
         */
        public Builder writeMillis(long millis) {
            checkArgument(millis >= 1, "writeMillis must be at least 1: %s", millis);
            this.writeMillis = millis;
            return this;
        }

        /**
         * How long the readers read on after the kill.
         *
         * @param millis at least 1
         * @return this builder
         */
        public Builder afterKillMillis(long millis) {
            checkArgument(millis >= 1, "afterKillMillis must be at least 1: %s", millis);
            this.afterKillMillis = millis;
            return this;
        }

        /**
         * How many reader JVMs and reader threads in this JVM read.
         *
         * @param jvms at least 1
         * @param threads 0 or more
         * @return this builder
         */
        public Builder readers(int jvms, int threads) {
            checkArgument(jvms >= 1 && threads >= 0, "at least one reader JVM, no negative thread count: %s, %s",
                    jvms, threads);
            this.readerJvms = jvms;
            this.readerThreads = threads;
            return this;
        }

        /**
         * The children's classpath, which must hold the backend, ts-testkit and their dependencies.
         *
         * @param classpath by default {@code System.getProperty("java.class.path")}
         * @return this builder
         */
        public Builder classpath(String classpath) {
            this.classpath = Objects.requireNonNull(classpath, "classpath");
            return this;
        }

        /**
         * The check.
         *
         * @return a check with this configuration
         */
        public LiveReaderCheck build() {
            return new LiveReaderCheck(this);
        }
    }
}
