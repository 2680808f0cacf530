package org.tsstore.testkit.reliability;

import static org.tsstore.api.SeriesIds.quote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageOptions;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.ProviderLookup;
import org.tsstore.testkit.StoreAssertions;

/**
 * Two JVMs on one store: the multi-process test of any backend that allows one writing process per store.
 *
 * <pre>{@code
 * ExclusionCheck.builder(URI.create("file:" + dir)).build().run();   // AssertionError on a violation
 * }</pre>
 *
 * <ol>
 *   <li>A child JVM opens the store and stores a series; this JVM's open must fail at once with a
 *       {@link StorageException} whose message names the store's directory; it must not wait for the
 *       child.</li>
 *   <li>The child closes the store and exits; this JVM opens it, reads the child's series and stores
 *       one of its own; while it holds the store, a second child's open must fail the same way.</li>
 *   <li>This JVM closes; a third child opens the store, stores a series and is killed with SIGKILL
 *       without closing; this JVM opens the store at once and reads every series.</li>
 * </ol>
 * The waits are liveness guards (a minute), not speed checks: a second writer that blocks on the lock
 * would hang until its holder lets go, which the child never does unless told.
 */
public final class ExclusionCheck {

    private static final long LIVENESS_SECONDS = 60;

    private final URI location;
    private final Map<String, String> options;

    private ExclusionCheck(Builder b) {
        this.location = b.location;
        this.options = Map.copyOf(b.options);
    }

    /**
     * Starts a check.
     *
     * @param location the URI of a new, empty store
     * @return a builder
     */
    public static Builder builder(URI location) {
        return new Builder(location);
    }

    /**
     * Starts a check on a new store of a backend, opened with the fixture's options.
     *
     * @param fixture the backend
     * @return a builder
     */
    public static Builder builder(BackendFixture fixture) {
        Builder b = new Builder(fixture.newLocation());
        fixture.options().forEach(b::option);
        return b;
    }

    /**
     * Runs the check.
     *
     * @return what happened, one line; also printed
     * @throws AssertionError on a violation
     */
    public String run() {
        Map<String, ArrayTimeSeries> model = new LinkedHashMap<>();
        List<String> refusals = new ArrayList<>();
        List<Child> children = new ArrayList<>();
        try {
            Child holder = Child.start(this, "hold", "held-by-child", children);
            holder.expect("OPEN");
            model.put("held-by-child", ExclusionChild.seriesOf("held-by-child"));
            refusals.add(openMustFail("while another JVM holds the store"));
            holder.send("close");
            holder.expect("CLOSED");
            holder.awaitExit();

            try (StorageManager store = openNow("after the other JVM closed the store")) {
                StoreAssertions.assertStoreHolds("after the other JVM closed the store", store, model);
                store.store("held-by-parent", ExclusionChild.seriesOf("held-by-parent"));
                model.put("held-by-parent", ExclusionChild.seriesOf("held-by-parent"));
                Child prober = Child.start(this, "probe", null, children);
                String answer = prober.nextLine();
                prober.awaitExit();
                if (!answer.startsWith("REFUSED")) {
                    throw new AssertionError("another JVM opened the store while this one held it: " + answer);
                }
                if (!answer.contains("StorageException")) {
                    throw new AssertionError("another JVM's open failed, but not with a StorageException: " + answer);
                }
                refusals.add(checkMessage(answer.substring("REFUSED ".length()), "in another JVM while this one held it"));
            }

            Child killed = Child.start(this, "hold", "held-by-killed-child", children);
            killed.expect("OPEN");
            model.put("held-by-killed-child", ExclusionChild.seriesOf("held-by-killed-child"));
            killed.kill();
            try (StorageManager store = openNow("after the JVM holding the store was killed")) {
                StoreAssertions.assertStoreHolds("after the JVM holding the store was killed", store, model);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            // a child left waiting for its word (after a failed step) must not outlive the check
            children.forEach(c -> c.process.destroyForcibly());
        }
        String summary = "ExclusionCheck " + location + ": a second writer was refused at once, twice (" + refusals.get(0)
                + "); the store opened after its holder closed it and after its holder was killed; " + model.size()
                + " series intact";
        System.out.println(summary);
        return summary;
    }

    private String openMustFail(String when) throws InterruptedException {
        CompletableFuture<Object> attempt = CompletableFuture.supplyAsync(() -> {
            try {
                StorageManager store = ProviderLookup.open(location, options);
                store.close();
                return "opened";
            } catch (RuntimeException e) {
                return e;
            }
        });
        Object result;
        try {
            result = attempt.get(LIVENESS_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("opening the store " + when + " blocked for a minute instead of failing at once");
        } catch (ExecutionException e) {
            throw new AssertionError("opening the store " + when + " failed oddly", e.getCause());
        }
        if (!(result instanceof StorageException)) {
            throw new AssertionError("opening the store " + when + " must throw a StorageException, but "
                    + (result instanceof Throwable ? "threw " + result : "it opened"),
                    result instanceof Throwable ? (Throwable) result : null);
        }
        return checkMessage(((StorageException) result).getMessage(), when);
    }

    /** A refusal must say which store is held: its message names the store's directory. */
    private String checkMessage(String message, String when) {
        String dir = directoryName(location);
        if (message == null || message.isBlank() || (dir != null && !message.contains(dir))) {
            throw new AssertionError("opening the store " + when + " failed, but the message does not name the store "
                    + "(" + dir + "): " + message);
        }
        return message;
    }

    private StorageManager openNow(String when) {
        try {
            return ProviderLookup.open(location, options);
        } catch (RuntimeException e) {
            throw new AssertionError("the store does not open " + when, e);
        }
    }

    /** The last name of the store's directory, or null for a location that is not a directory. */
    private static String directoryName(URI location) {
        try {
            Path p = StorageOptions.path(location);
            return p.getFileName() == null ? null : p.getFileName().toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A child JVM running {@link ExclusionChild}, talked to through pipes. */
    private static final class Child {
        private final Process process;
        private final BufferedReader out;
        private final Writer in;
        private final String mode;

        private Child(Process process, String mode) {
            this.process = process;
            this.mode = mode;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        static Child start(ExclusionCheck check, String mode, String id, List<Child> started) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                    System.getProperty("java.class.path"), ExclusionChild.class.getName(), mode,
                    check.location.toString()));
            if (id != null) {
                command.add(id);
            }
            check.options.forEach((k, v) -> command.add(k + "=" + v));
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Child child = new Child(p, mode);
            started.add(child);
            return child;
        }

        String nextLine() throws IOException, InterruptedException {
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                String s = line.get(LIVENESS_SECONDS, TimeUnit.SECONDS);
                if (s == null) {
                    throw new AssertionError("the " + mode + " child ended without a word, exit code "
                            + process.waitFor());
                }
                return s;
            } catch (TimeoutException e) {
                process.destroyForcibly();
                throw new AssertionError("the " + mode + " child said nothing for a minute");
            } catch (ExecutionException e) {
                throw new AssertionError("reading the " + mode + " child failed", e.getCause());
            }
        }

        void expect(String word) throws IOException, InterruptedException {
            String line = nextLine();
            if (!line.equals(word)) {
                process.destroyForcibly();
                throw new AssertionError("the " + mode + " child said " + quote(line) + ", expected " + word);
            }
        }

        void send(String line) throws IOException {
            in.write(line + "\n");
            in.flush();
        }

        void awaitExit() throws InterruptedException {
            if (!process.waitFor(LIVENESS_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the " + mode + " child did not exit within a minute");
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close
            process.waitFor();
        }
    }

    /** Configures an {@link ExclusionCheck}. */
    public static final class Builder {
        private final URI location;
        private final Map<String, String> options = new LinkedHashMap<>();

        private Builder(URI location) {
            this.location = Objects.requireNonNull(location, "location");
        }

        /**
         * An option passed to the provider with every open, in both JVMs.
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
         * Builds the check.
         *
         * @return the check
         */
        public ExclusionCheck build() {
            return new ExclusionCheck(this);
        }
    }
}
