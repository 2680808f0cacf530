package org.tsstore.testkit.reliability;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static org.tsstore.api.SeriesIds.quote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
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
import java.util.stream.Stream;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.DamageSite;
import org.tsstore.testkit.ProviderLookup;
import org.tsstore.testkit.SeriesArbitraries;
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

    private static final String[] ID_POOL = {
        "s-0", "s-1", "s-2", "s-3", "s-4", "s-5", "s-6", "s-7", "..", "a/b", "Zürich", "x".repeat(200)
    };
    private static final long CASE_TIMEOUT_SECONDS = 120;
    private static final int VIOLATIONS_SHOWN = 20;

    private final Function<Path, URI> location;
    private final IntFunction<URI> remoteLocation;
    private final Function<URI, List<DamageSite>> remoteSites;
    private final Map<String, Pattern> fileKinds;
    private final Pattern checkpoints;
    private final Map<String, String> options;
    private final int cases;
    private final int only;
    private final long seed;
    private final int maxPoints;
    private final int operations;

    private CorruptionCampaign(Builder b) {
        this.location = b.location;
        this.remoteLocation = b.remoteLocation;
        this.remoteSites = b.remoteSites;
        this.fileKinds = Map.copyOf(b.fileKinds);
        this.checkpoints = b.checkpoints;
        this.options = Map.copyOf(b.options);
        this.cases = b.cases;
        this.only = b.only;
        this.seed = b.seed;
        this.maxPoints = b.maxPoints;
        this.operations = b.operations;
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
                        .map(p -> "(?:" + p.pattern() + ")").collect(java.util.stream.Collectors.joining("|")));
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
        checkState(remoteSites != null || !fileKinds.isEmpty(),
                "no file kinds: name the backend's files with files(kind, regex)");
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        Map<String, Integer> byDamage = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        long[] counts = new long[3];
        URI first = null;
        ExecutorService executor = newExecutor();
        try {
            for (int i = only >= 0 ? only : 0; i < (only >= 0 ? only + 1 : cases); i++) {
                Path dir = location == null ? null : StoreDirectories.newDirectory("corruption-" + i);
                URI uri = location == null ? remoteLocation.apply(i) : location.apply(dir);
                if (first == null) {
                    first = uri;
                }
                Case c = new Case(i, caseSeed(i), dir, uri);
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
                    c.violation("the campaign itself failed: " + describe(e.getCause()));
                    outcome = null;
                }
                counts[0] += c.seriesChecked;
                counts[1] += c.readsRefused;
                counts[2] += c.seriesMissing;
                if (c.damageKey != null) {
                    byDamage.merge(c.damageKey, 1, Integer::sum);
                }
                if (c.violations.isEmpty() && outcome != null) {
                    outcomes.merge(outcome, 1, Integer::sum);
                    if (dir != null) {
                        StoreDirectories.deleteRecursively(dir);
                    }
                } else {
                    synchronized (c.violations) {
                        violations.addAll(c.violations);
                    }
                }
            }
        } finally {
            executor.shutdownNow();
        }
        int ran = only >= 0 ? 1 : cases;
        CorruptionReport report = new CorruptionReport(first, seed, ran, violations.size(), outcomes, byDamage,
                counts[0], counts[1], counts[2]);
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

    /** Bytes this thread has allocated so far, or -1 where the JVM does not count them. */
    private static long allocatedBytes() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        if (threads instanceof com.sun.management.ThreadMXBean) {
            return ((com.sun.management.ThreadMXBean) threads).getCurrentThreadAllocatedBytes();
        }
        return -1;
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

    private static String describe(Throwable t) {
        StringBuilder s = new StringBuilder(t.toString());
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            s.append(" / caused by ").append(c);
        }
        return s.toString();
    }

    /** Every message in the chain, which together should name the file at fault. */
    private static String messages(Throwable t) {
        StringBuilder s = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            s.append(c.getMessage()).append('\n');
        }
        return s.toString();
    }

    /** One damaged store. */
    private final class Case {
        final int index;
        final long caseSeed;
        final Path dir;
        final URI uri;
        final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
        String damageKey;
        String damage = "(not damaged yet)";
        /** The name a refusal must mention: the damaged site (not a deleted checkpoint, which may be rebuilt). */
        final Set<String> culprits = new TreeSet<>();
        long seriesChecked;
        long readsRefused;
        long seriesMissing;

        Case(int index, long caseSeed, Path dir, URI uri) {
            this.index = index;
            this.caseSeed = caseSeed;
            this.dir = dir;
            this.uri = uri;
        }

        void violation(String what) {
            violations.add("case " + index + " (" + damage + "): " + what + "; repeat with .seed(" + seed
                    + "L).only(" + index + "), store left in " + (dir != null ? dir : uri));
        }

        Outcome run() throws IOException {
            SplittableRandom random = new SplittableRandom(caseSeed);
            Map<String, ArrayTimeSeries> model = populate(random);
            List<DamageSite> sites = sites();
            Set<String> names = new TreeSet<>();
            sites.forEach(site -> names.add(site.name()));
            long storeBytes = sites.stream().mapToLong(DamageSite::size).sum();
            if (!damage(random, sites)) {
                violation("the store left nothing of the kinds " + fileKinds.keySet() + " to damage; it has " + names);
                return null;
            }
            long allocatedBefore = allocatedBytes();
            try {
                return openAndCheck(model, names);
            } finally {
                long allocated = allocatedBytes() - allocatedBefore;
                long budget = 16 * storeBytes + (256L << 20);
                if (allocatedBefore >= 0 && allocated > budget) {
                    violation("opening and reading a damaged store of " + storeBytes + " bytes allocated " + allocated
                            + " bytes on the heap: a size read off damaged bytes?");
                }
            }
        }

        private Outcome openAndCheck(Map<String, ArrayTimeSeries> model, Set<String> names) {
            StorageManager store;
            try {
                store = ProviderLookup.open(uri, options);
            } catch (StorageException e) {
                if (namesAFile(e, culprits)) {
                    return Outcome.REFUSED_ON_OPEN;
                }
                violation("opening threw a StorageException that does not name the damaged file: " + describe(e));
                return null;
            } catch (Throwable e) {
                violation("opening threw " + describe(e));
                return null;
            }
            try {
                return check(store, model, names);
            } finally {
                try {
                    store.close();
                } catch (StorageException e) {
                    // Closing a damaged store may fail, as long as it says why.
                    if (!namesAFile(e, names)) {
                        violation("close() threw a StorageException that names no file: " + describe(e));
                    }
                } catch (Throwable e) {
                    violation("close() threw " + describe(e));
                }
            }
        }

        private Map<String, ArrayTimeSeries> populate(SplittableRandom random) {
            Map<String, ArrayTimeSeries> model = new LinkedHashMap<>();
            try (StorageManager store = ProviderLookup.open(uri, options)) {
                int ops = 1 + random.nextInt(operations);
                for (int op = 0; op < ops; op++) {
                    if (!model.isEmpty() && random.nextInt(6) == 0) {
                        List<String> ids = new ArrayList<>(model.keySet());
                        String id = ids.get(random.nextInt(ids.size()));
                        store.delete(id);
                        model.remove(id);
                        continue;
                    }
                    String id = ID_POOL[random.nextInt(ID_POOL.length)];
                    int size = random.nextInt(10) == 0 ? random.nextInt(maxPoints + 1) : random.nextInt(300);
                    ArrayTimeSeries series = SeriesArbitraries.randomSeries(random, size);
                    store.store(id, series);
                    model.put(id, series);
                }
                if (model.isEmpty()) {
                    // a store with nothing in it has nothing to lose; keep one series at least
                    ArrayTimeSeries last = SeriesArbitraries.steppedWalk(1 + random.nextInt(300), random.nextLong());
                    store.store(ID_POOL[0], last);
                    model.put(ID_POOL[0], last);
                }
            }
            return model;
        }

        /** Every place the store keeps bytes; in a directory, every file (those of no named kind too). */
        private List<DamageSite> sites() throws IOException {
            if (dir == null) {
                return remoteSites.apply(uri);
            }
            List<DamageSite> sites = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                    String relative = dir.relativize(p).toString().replace('\\', '/');
                    String kind = fileKinds.entrySet().stream().filter(e -> e.getValue().matcher(relative).matches())
                            .map(Map.Entry::getKey).findFirst().orElse(null);
                    sites.add(new FileSite(p, relative, kind));
                }
            }
            return sites;
        }

        /** Damages one site; false if the store has none of any named kind. */
        private boolean damage(SplittableRandom random, List<DamageSite> sites) throws IOException {
            List<String> kinds = new ArrayList<>(new TreeSet<>(dir == null
                    ? sites.stream().map(DamageSite::kind).collect(Collectors.toSet()) : fileKinds.keySet()));
            for (int k = 0; k < kinds.size(); k++) {
                String kind = kinds.get((index + k) % kinds.size());
                List<DamageSite> candidates = sites.stream().filter(site -> kind.equals(site.kind()))
                        .collect(Collectors.toList());
                if (candidates.isEmpty()) {
                    continue;
                }
                DamageSite target = candidates.get(random.nextInt(candidates.size()));
                FileDamage how = FileDamage.values()[random.nextInt(FileDamage.values().length)];
                String dropped = "";
                if (checkpoints != null && !checkpoints.matcher(((FileSite) target).relative).matches()
                        && random.nextBoolean()) {
                    for (DamageSite site : sites) {
                        FileSite file = (FileSite) site;
                        if (checkpoints.matcher(file.relative).matches()) {
                            Files.delete(file.path);
                            dropped += (dropped.isEmpty() ? ", after deleting " : ", ") + file.relative;
                        }
                    }
                }
                StringBuilder what = new StringBuilder();
                byte[] original = target.read();
                byte[] damaged = how.apply(original.clone(), random, what);
                for (int retry = 0; Arrays.equals(original, damaged) && retry < 20; retry++) {
                    // zeroing zeros or cutting nothing is no damage: draw again, so that every case tests something
                    what.setLength(0);
                    damaged = how.apply(original.clone(), random, what);
                }
                target.write(damaged);
                culprits.add(target.name());
                damageKey = kind + "/" + how;
                damage = kind + " " + (dir == null ? target.name() : ((FileSite) target).relative) + ": " + what
                        + dropped;
                return true;
            }
            return false;
        }

        private boolean namesAFile(Throwable e, Set<String> names) {
            String text = messages(e);
            return names.stream().anyMatch(text::contains);
        }

        private Outcome check(StorageManager store, Map<String, ArrayTimeSeries> model, Set<String> names) {
            IntegrityReport report;
            try {
                report = store.verify();
            } catch (StorageException e) {
                if (namesAFile(e, culprits)) {
                    return checkReads(store, model, names, null);
                }
                violation("verify() threw a StorageException that does not name the damaged file: " + describe(e));
                return null;
            } catch (Throwable e) {
                violation("verify() threw " + describe(e));
                return null;
            }
            for (IntegrityReport.Damage d : report.damage()) {
                // the location may be unknown (empty), but then the problem must say where
                String where = d.location() + " " + d.problem();
                if (d.problem().isBlank() || culprits.stream().noneMatch(where::contains)) {
                    violation("verify() reported damage that does not name the damaged file " + culprits + ": " + d);
                }
            }
            return checkReads(store, model, names, report);
        }

        /** Reads every series; {@code report} is null when verify() itself refused with a StorageException. */
        private Outcome checkReads(StorageManager store, Map<String, ArrayTimeSeries> model, Set<String> names,
                IntegrityReport report) {
            boolean damageKnown = report == null || !report.isClean();
            String clean = "while verify() reports the store clean";
            Set<String> listed;
            boolean listedKnown = true;
            try {
                listed = store.ids();
            } catch (StorageException e) {
                if (!namesAFile(e, culprits)) {
                    violation("ids() threw a StorageException that does not name the damaged file: " + describe(e));
                } else if (!damageKnown) {
                    violation("ids() refused " + clean + ": " + e.getMessage());
                }
                listed = Set.of();
                listedKnown = false;
            } catch (Throwable e) {
                violation("ids() threw " + describe(e));
                return null;
            }
            // every id ever stored, so that a deleted series that comes back is seen even if ids() hides it
            Set<String> all = new TreeSet<>(Arrays.asList(ID_POOL));
            all.addAll(model.keySet());
            all.addAll(listed);
            int before = violations.size();
            for (String id : all) {
                ArrayTimeSeries expected = model.get(id);
                try {
                    SizedContainerTimeSeries got = store.get(id);
                    ArrayTimeSeries copy = ArrayTimeSeries.copyOf(got);
                    seriesChecked++;
                    if (expected == null) {
                        violation("get(" + quote(id) + ") returned a series of " + copy.size() + " points, but "
                                + quote(id) + (wasEverStored(id) ? " was deleted" : " was never stored"));
                    } else if (!expected.equals(copy) || got.size() != expected.size()) {
                        violation("get(" + quote(id) + ") returned a different series: expected " + expected.size()
                                + " points, got " + copy.size() + (copy.size() == expected.size()
                                        ? " with different times or values" : ""));
                    } else if (listedKnown && !listed.contains(id)) {
                        violation("get(" + quote(id) + ") reads it, but ids() does not list it");
                    }
                } catch (NoSuchSeriesException e) {
                    if (expected != null) {
                        seriesMissing++;
                        if (!damageKnown) {
                            violation(quote(id) + " is lost " + clean);
                        }
                    }
                    if (listed.contains(id)) {
                        violation("ids() lists " + quote(id) + " but get() says there is no such series");
                    }
                } catch (StorageException e) {
                    readsRefused++;
                    if (!namesAFile(e, culprits)) {
                        violation("get(" + quote(id) + ") threw a StorageException that does not name the damaged file: "
                                + describe(e));
                    } else if (!damageKnown) {
                        violation("get(" + quote(id) + ") refused " + clean + ": " + e.getMessage());
                    } else if (expected == null && listed.contains(id)) {
                        // refusing to read a deleted id is fine (its tombstone may be what was damaged); listing it is not
                        violation("ids() lists " + quote(id) + ", which was " + (wasEverStored(id) ? "deleted" : "never stored"));
                    }
                } catch (Throwable e) {
                    violation("get(" + quote(id) + ") threw " + describe(e));
                }
            }
            probeWrite(store, names);
            if (violations.size() > before) {
                return null;
            }
            return damageKnown ? Outcome.REPORTED : Outcome.INTACT;
        }

        private boolean wasEverStored(String id) {
            return Arrays.asList(ID_POOL).contains(id);
        }

        /** A damaged store must still take a new series, or refuse it clearly. */
        private void probeWrite(StorageManager store, Set<String> names) {
            ArrayTimeSeries probe = ArrayTimeSeries.of(new double[] {1, 2, 3}, new double[] {index, -0.0, Double.NaN});
            String id = "corruption-probe";
            try {
                store.store(id, probe);
            } catch (StorageException e) {
                if (!namesAFile(e, names) && (dir == null || !messages(e).contains(dir.toString()))) {
                    violation("store() of a new series threw a StorageException that names no file: "
                            + describe(e));
                }
                return;
            } catch (Throwable e) {
                violation("store() of a new series threw " + describe(e));
                return;
            }
            try {
                if (!probe.equals(ArrayTimeSeries.copyOf(store.get(id)))) {
                    violation("a series stored after opening the damaged store reads back different");
                }
            } catch (RuntimeException e) {
                violation("a series stored after opening the damaged store cannot be read: " + describe(e));
            }
        }
    }

    /** A file of a directory store. */
    private static final class FileSite implements DamageSite {
        final Path path;
        final String relative;
        private final String kind;

        FileSite(Path path, String relative, String kind) {
            this.path = path;
            this.relative = relative;
            this.kind = kind;
        }

        @Override
        public String name() {
            return path.getFileName().toString();
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public long size() {
            try {
                return Files.size(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public byte[] read() {
            try {
                return Files.readAllBytes(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void write(byte[] bytes) {
            try {
                Files.write(path, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
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
