package org.tsstore.testkit.reliability;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tsstore.api.StorageException;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.DamageSite;
import org.tsstore.testkit.StoreDirectories;
import org.tsstore.testkit.reliability.CorruptionReport.Outcome;

/**
 * Damages the files of closed stores, one {@link FileDamage} per store, and checks what the backend makes
 * of it: the corruption test of any backend that keeps its series in files.
 *
 * <pre>{@code
 * CorruptionReport report = CorruptionCampaign.builder(dir -> URI.create("mmap:" + dir.toUri().getRawPath()))
 *         .files("data", ".*\\.seg").files("hint", "keydir\\.hint").checkpoints("keydir\\.hint")
 *         .cases(300).seed(42L).build().run();   // throws AssertionError on a violation
 * }</pre>
 *
 * <p>Each case, from its own seed: a new directory; a store opened through {@link java.util.ServiceLoader}
 * by the URI's scheme; a random history of stores, overwrites and deletes (ids from a small pool, sizes
 * mostly below 300 points and now and then up to {@link Builder#maxPoints}); {@code close()}. Then one
 * file of the store is damaged: the file kinds take turns, a file of that kind is drawn at random, and it
 * is flipped, zeroed, truncated or extended ({@link FileDamage}). When the backend names
 * {@link Builder#checkpoints checkpoint files} (which it may always rebuild from the rest), half the cases
 * that damage another file delete them first, so that the backend has to read everything the hard way.
 * Then the store is opened again and every case must end in one of the {@link Outcome}s:
 * <ul>
 *   <li>every series reads back equal to the model, or</li>
 *   <li>{@code verify()} reports damage naming the damaged file, and each series reads back equal, or a
 *       read throws a {@link StorageException} naming the damaged file, or (only in such a store) the
 *       series is missing, or</li>
 *   <li>opening throws a {@link StorageException} naming the damaged file.</li>
 * </ul>
 * Anything else is a violation: a series read back different (also an older version, or a deleted one),
 * an id that was never stored, a series lost while {@code verify()} says the store is clean, a read
 * refused while {@code verify()} says the store is clean, any other exception or error (an
 * {@link OutOfMemoryError} from a size read off damaged bytes among them), more heap allocated to open
 * and read the store than 16 times its size plus 256 MiB (a size read off damaged bytes that did not quite
 * exhaust the heap), a case that does not finish within two minutes. After the checks the store must take a new series (or refuse it with a
 * {@code StorageException}) and read it back.
 *
 * <p>A backend that keeps its bytes elsewhere (a key-value server, say) lists the places as
 * {@link DamageSite}s instead of files, and its errors name the site (a key) rather than a file.
 *
 * <p>The campaign runs every case, then prints a {@link CorruptionReport} and throws an
 * {@link AssertionError} listing the violations, each with the {@link Builder#only} call that repeats it.
 * Everything follows from the seed.
 */
public final class CorruptionCampaign {

    private static final long CASE_TIMEOUT_SECONDS = 120;
    private static final int VIOLATIONS_SHOWN = 20;

    private final Function<Path, URI> location;
    private final IntFunction<URI> remoteLocation;
    private final boolean remote;
    private final boolean anyFileKind;
    private final CampaignHistory history;
    private final DamagePlan plan;
    private final int cases;
    private final int only;
    private final long seed;

    private CorruptionCampaign(Builder b) {
        this.location = b.location;
        this.remoteLocation = b.remoteLocation;
        this.remote = b.remoteSites != null;
        this.anyFileKind = !b.fileKinds.isEmpty();
        this.history = new CampaignHistory(b.options, b.maxPoints, b.operations);
        this.plan = new DamagePlan(b.fileKinds, b.checkpoints, b.remoteSites);
        this.cases = b.cases;
        this.only = b.only;
        this.seed = b.seed;
    }

    /**
     * Starts a campaign.
     *
     * @param location the URI of a store in a given (new, empty) directory, such as
     *     {@code dir -> URI.create("file:" + dir)}
     * @return a builder with the defaults: 300 cases, seed 42, up to 20,000 points, up to 30 operations
     */
    public static Builder builder(Function<Path, URI> location) {
        return new Builder(Objects.requireNonNull(location, "location"), null, null);
    }

    /**
     * Starts a campaign on a backend that keeps its bytes elsewhere than in files of a directory, such as
     * the values of a key-value server. {@link Builder#files} and {@link Builder#checkpoints} do not apply:
     * the sites name their kinds.
     *
     * @param location the URI of a new, empty store for the case with the given number
     * @param sites the places where the store at a URI keeps its bytes, listed after it was closed
     * @return a builder with the same defaults as {@link #builder(Function)}
     */
    public static Builder builder(IntFunction<URI> location, Function<URI, List<DamageSite>> sites) {
        return new Builder(null, Objects.requireNonNull(location, "location"), Objects.requireNonNull(sites, "sites"));
    }

    /**
     * Starts a campaign on a backend, with the fixture's options and the sites it names: its data and
     * checkpoint files, or the sites a remote backend lists.
     *
     * @param fixture the backend
     * @return a builder with the same defaults as {@link #builder(Function)}
     * @throws IllegalArgumentException if the fixture names neither files nor sites
     */
    public static Builder builder(BackendFixture fixture) {
        Builder b;
        if (fixture.locationInDirectory().isPresent()) {
            if (fixture.dataFiles().isEmpty() && fixture.checkpointFiles().isEmpty()) {
                throw new IllegalArgumentException(fixture.name() + " names no data or checkpoint files to damage");
            }
            b = new Builder(fixture.locationInDirectory().get(), null, null);
            fixture.dataFiles().forEach((kind, pattern) -> b.fileKinds.put(kind, pattern));
            fixture.checkpointFiles().forEach((kind, pattern) -> b.fileKinds.put(kind, pattern));
            if (!fixture.checkpointFiles().isEmpty()) {
                b.checkpoints = Pattern.compile(fixture.checkpointFiles().values().stream()
                        .map(p -> "(?:" + p.pattern() + ")").collect(Collectors.joining("|")));
            }
        } else {
            Function<URI, List<DamageSite>> sites = fixture.damageSites().orElseThrow(() ->
                    new IllegalArgumentException(fixture.name() + " lists no damage sites"));
            b = new Builder(null, i -> fixture.newLocation(), sites);
        }
        fixture.options().forEach(b::option);
        return b;
    }

    /**
     * Runs every case, prints the report to standard output and returns it.
     *
     * @return the counts per outcome
     * @throws AssertionError listing every violation, if there was one
     */
    public CorruptionReport run() {
        checkState(remote || anyFileKind, "no file kinds: name the backend's files with files(kind, regex)");
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        Map<String, Integer> byDamage = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        long[] counts = new long[5];
        URI first = null;
        ExecutorService executor = newExecutor();
        try {
            for (int i = only >= 0 ? only : 0; i < (only >= 0 ? only + 1 : cases); i++) {
                Path dir = location == null ? null : StoreDirectories.newDirectory("corruption-" + i);
                URI uri = location == null ? remoteLocation.apply(i) : location.apply(dir);
                if (first == null) {
                    first = uri;
                }
                CampaignCase c = new CampaignCase(i, caseSeed(i), seed, dir, uri, history, plan);
                Future<Outcome> result = executor.submit(c::run);
                Outcome outcome;
                try {
                    outcome = result.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    result.cancel(true);
                    executor.shutdownNow();
                    executor = newExecutor();
                    c.violation("did not finish within " + CASE_TIMEOUT_SECONDS + " s");
                    outcome = null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted at case " + i, e);
                } catch (ExecutionException e) {
                    c.violation("the campaign itself failed: " + CaseJudge.describe(e.getCause()));
                    outcome = null;
                }
                counts[0] += c.seriesChecked();
                counts[1] += c.readsRefused();
                counts[2] += c.seriesMissing();
                counts[3] += c.repaired() ? 1 : 0;
                counts[4] += c.seriesLostToRepair();
                if (c.damageKey() != null) {
                    byDamage.merge(c.damageKey(), 1, Integer::sum);
                }
                List<String> found = c.violations();
                if (found.isEmpty() && outcome != null) {
                    outcomes.merge(outcome, 1, Integer::sum);
                    if (dir != null) {
                        StoreDirectories.deleteRecursively(dir);
                    }
                } else {
                    violations.addAll(found);
                }
            }
        } finally {
            executor.shutdownNow();
        }
        int ran = only >= 0 ? 1 : cases;
        CorruptionReport report = new CorruptionReport(first, seed, ran, violations.size(), outcomes, byDamage,
                counts[0], counts[1], counts[2], counts[3], counts[4]);
        if (!violations.isEmpty()) {
            String shown = violations.stream().limit(VIOLATIONS_SHOWN).collect(Collectors.joining("\n  "));
            String summary = report.toString();
            System.out.println(summary);
            throw new AssertionError(violations.size() + " violations in " + ran + " damaged stores (seed " + seed
                    + "):\n  " + shown + (violations.size() > VIOLATIONS_SHOWN ? "\n  ..." : "") + "\n" + summary);
        }
        System.out.println(report);
        return report;
    }

    private long caseSeed(int i) {
        return new SplittableRandom(seed + 0x9E37_79B9_7F4A_7C15L * (i + 1)).nextLong();
    }

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "corruption-campaign");
            t.setDaemon(true);
            return t;
        });
    }

    /** Configures a {@link CorruptionCampaign}. */
    public static final class Builder {
        private final Function<Path, URI> location;
        private final IntFunction<URI> remoteLocation;
        private final Function<URI, List<DamageSite>> remoteSites;
        private final Map<String, Pattern> fileKinds = new LinkedHashMap<>();
        private final Map<String, String> options = new LinkedHashMap<>();
        private Pattern checkpoints;
        private int cases = 300;
        private int only = -1;
        private long seed = 42L;
        private int maxPoints = 20_000;
        private int operations = 30;

        private Builder(Function<Path, URI> location, IntFunction<URI> remoteLocation,
                Function<URI, List<DamageSite>> remoteSites) {
            this.location = location;
            this.remoteLocation = remoteLocation;
            this.remoteSites = remoteSites;
        }

        /**
         * Names a kind of file to damage; kinds take turns from case to case. Files that match no kind (a lock
         * file, say) are never damaged.
         *
         * @param kind a short name for the report, such as {@code "data"}, {@code "index"}, {@code "hint"}
         * @param pathRegex matches the path relative to the store directory, with {@code /} separators
         * @return this builder
         */
        public Builder files(String kind, String pathRegex) {
            checkState(location != null, "files(...) is for directory stores; remote sites name their own kinds");
            checkArgument(kind != null && !kind.isBlank(), "kind must not be blank: %s", kind);
            fileKinds.put(kind, Pattern.compile(Objects.requireNonNull(pathRegex, "pathRegex")));
            return this;
        }

        /**
         * Names the files the backend may lose without losing a series (a checkpoint it can rebuild by reading
         * everything else); half of the cases that damage another file delete these first.
         *
         * @param pathRegex matches the path relative to the store directory
         * @return this builder
         */
        public Builder checkpoints(String pathRegex) {
            checkState(location != null, "checkpoints(...) is for directory stores");
            this.checkpoints = Pattern.compile(Objects.requireNonNull(pathRegex, "pathRegex"));
            return this;
        }

        /**
         * How many damaged stores to check.
         *
         * @param cases at least 1; CI runs 300, more for a stress run
         * @return this builder
         */
        public Builder cases(int cases) {
            checkArgument(cases >= 1, "cases must be at least 1: %s", cases);
            this.cases = cases;
            return this;
        }

        /**
         * Runs one case only, as a violation's message says, to repeat it.
         *
         * @param caseIndex the case number, from 0
         * @return this builder
         */
        public Builder only(int caseIndex) {
            checkArgument(caseIndex >= 0, "case index must not be negative: %s", caseIndex);
            this.only = caseIndex;
            return this;
        }

        /**
         * The seed every case derives from.
         *
         * @param seed any value
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The largest series stored now and then (most are below 300 points).
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
         * The most stores and deletes in one case's history.
         *
         * @param operations at least 1
         * @return this builder
         */
        public Builder operations(int operations) {
            checkArgument(operations >= 1, "operations must be at least 1: %s", operations);
            this.operations = operations;
            return this;
        }

        /**
         * An option passed to the provider with every open.
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
         * Builds the campaign.
         *
         * @return the campaign
         */
        public CorruptionCampaign build() {
            return new CorruptionCampaign(this);
        }
    }

}
