package org.tsstore.testkit.reliability;

import static com.google.common.base.Preconditions.checkArgument;
import static org.tsstore.api.SeriesIds.quote;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.ProviderLookup;
import org.tsstore.testkit.SeriesArbitraries;
import org.tsstore.testkit.StoreAssertions;

/**
 * Runs a store out of disk space for real, on a small {@code tmpfs} ({@link SmallFileSystem}), and checks
 * that it fails cleanly: the disk-full test of any backend that keeps its series in files.
 *
 * <pre>{@code
 * DiskFullCheck.builder(dir -> URI.create("file:" + dir)).build().run();  // AssertionError on a violation
 * }</pre>
 *
 * <p>The check stores series until a fifth of the file system is used, fills the rest with a filler file,
 * and then, with the disk full (filled again after every attempt), stores new series,
 * overwrites and deletes old ones and reads everything:
 * each write either succeeds or throws a {@link StorageException} (never another exception or error, and
 * the JVM must not die, of {@code SIGBUS} or otherwise), a failed write leaves its id as it was, every
 * acknowledged series reads back equal, {@code verify()} finds no damage, and at least one write did fail.
 * Then it frees the space: the store must take new series again. It closes the store with the disk full
 * again (which may fail with a {@code StorageException}), frees the space, opens the store and checks every
 * acknowledged series and {@code verify()} once more. The check is skipped, with the reason printed, when
 * the test cannot mount a {@code tmpfs} (not Linux, not root, no right to mount).
 */
public final class DiskFullCheck {

    private final Function<Path, URI> location;
    private final Map<String, String> options;
    private final long fileSystemBytes;
    private final long seed;
    private final int maxPoints;

    private DiskFullCheck(Builder b) {
        this.location = b.location;
        this.options = Map.copyOf(b.options);
        this.fileSystemBytes = b.fileSystemBytes;
        this.seed = b.seed;
        this.maxPoints = b.maxPoints;
    }

    /**
     * Starts a check.
     *
     * @param location the URI of a store in a given (new, empty) directory
     * @return a builder with the defaults: a 16 MiB file system, seed 42, series up to 50,000 points
     */
    public static Builder builder(Function<Path, URI> location) {
        return new Builder(location);
    }

    /**
     * Starts a check on a backend that keeps its stores in directories, opened with the fixture's options.
     *
     * @param fixture the backend
     * @return a builder with the same defaults as {@link #builder(Function)}
     * @throws IllegalArgumentException if the backend keeps no directory
     */
    public static Builder builder(BackendFixture fixture) {
        Builder b = new Builder(fixture.locationInDirectory().orElseThrow(() -> new IllegalArgumentException(
                fixture.name() + " keeps no directory: a full disk cannot be simulated for it")));
        fixture.options().forEach(b::option);
        return b;
    }

    /**
     * Mounts the file system, runs the check and unmounts it.
     *
     * @return what happened, one line; also printed
     * @throws AssertionError on a violation
     * @throws org.opentest4j.TestAbortedException if no {@code tmpfs} can be mounted here
     */
    public String run() {
        try (SmallFileSystem fs = SmallFileSystem.mountOrSkip(fileSystemBytes)) {
            Path dir = fs.root().resolve("store");
            URI uri = location.apply(dir);
            SplittableRandom random = new SplittableRandom(seed);
            Map<String, ArrayTimeSeries> model = new LinkedHashMap<>();
            Attempts attempts = new Attempts();
            StorageManager store = ProviderLookup.open(uri, options);
            try {
                int next = 0;
                long used = 0;
                while (used < fileSystemBytes / 5) {
                    ArrayTimeSeries s = series(random, maxPoints);
                    String id = "before-" + next++;
                    store.store(id, s);
                    model.put(id, s);
                    used += 16L * s.size() + 512;
                }
                fs.fill();
                for (int i = 0; i < 60; i++) {
                    attempt(store, model, random, attempts, "full-" + i);
                    fs.fill(); // what a write (or its rollback) freed is taken again
                }
                if (attempts.refused == 0) {
                    throw new AssertionError("no write failed on the full disk (" + attempts + "): the check did not "
                            + "test anything; is the backend writing somewhere else than " + dir + "?");
                }
                checkAll("with the disk full", store, model);
                checkVerify("with the disk full", store);
                fs.free();
                for (int i = 0; i < 10; i++) {
                    ArrayTimeSeries s = series(random, maxPoints);
                    String id = "after-" + i;
                    try {
                        store.store(id, s);
                    } catch (RuntimeException e) {
                        throw new AssertionError("after space was freed, store(" + quote(id) + ") still fails", e);
                    }
                    model.put(id, s);
                }
                checkAll("after space was freed", store, model);
                fs.fill();
                for (int i = 0; i < 5; i++) {
                    attempt(store, model, random, attempts, "closing-" + i);
                }
            } catch (AssertionError | RuntimeException e) {
                try {
                    store.close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            try {
                store.close();
            } catch (StorageException e) {
                attempts.closeRefused = true; // allowed on a full disk, as long as nothing acknowledged is lost
            } catch (RuntimeException e) {
                throw new AssertionError("close() on the full disk threw " + e + " instead of a StorageException", e);
            }
            fs.free();
            try (StorageManager reopened = ProviderLookup.open(uri, options)) {
                checkAll("after reopening", reopened, model);
                checkVerify("after reopening", reopened);
                ArrayTimeSeries s = series(random, 100);
                reopened.store("after-reopen", s);
                if (!s.equals(ArrayTimeSeries.copyOf(reopened.get("after-reopen")))) {
                    throw new AssertionError("a series stored after reopening reads back different");
                }
            }
            String summary = "DiskFullCheck " + uri + " on a " + fileSystemBytes + "-byte tmpfs, seed " + seed + ": "
                    + attempts + ", " + model.size() + " acknowledged series intact after reopening, no violation";
            System.out.println(summary);
            return summary;
        }
    }

    /**
     * One store, overwrite or delete on the full disk: it succeeds or throws a StorageException.
     *
     * @return whether it succeeded
     */
    private boolean attempt(StorageManager store, Map<String, ArrayTimeSeries> model, SplittableRandom random,
            Attempts attempts, String newId) {
        List<String> ids = new ArrayList<>(model.keySet());
        int kind = random.nextInt(10);
        String id = kind == 0 || ids.isEmpty() ? newId : ids.get(random.nextInt(ids.size()));
        boolean delete = kind == 1 && !ids.isEmpty();
        ArrayTimeSeries s = delete ? null : series(random, random.nextBoolean() ? maxPoints : 50);
        String call = delete ? "delete(" + quote(id) + ")" : "store(" + quote(id) + ", " + s.size() + " points)";
        try {
            if (delete) {
                store.delete(id);
                model.remove(id);
            } else {
                store.store(id, s);
                model.put(id, s);
            }
            attempts.succeeded++;
            checkAll("after " + call + " on the full disk", store, model);
            return true;
        } catch (StorageException e) {
            attempts.refused++;
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError(call + " on the full disk threw a StorageException without a message", e);
            }
        } catch (Throwable e) {
            throw new AssertionError(call + " on the full disk threw " + e + " instead of a StorageException", e);
        }
        checkAll("after the refused " + call + " on the full disk", store, model);
        return false;
    }

    private static void checkAll(String when, StorageManager store, Map<String, ArrayTimeSeries> model) {
        try {
            StoreAssertions.assertStoreHolds(when, store, model);
        } catch (StorageException e) {
            throw new AssertionError(when + ": reading failed", e);
        }
    }

    private static void checkVerify(String when, StorageManager store) {
        IntegrityReport report = store.verify();
        if (!report.isClean()) {
            throw new AssertionError(when + ": verify() reports damage: " + report.damage());
        }
    }

    private static ArrayTimeSeries series(SplittableRandom random, int maxPoints) {
        return SeriesArbitraries.randomSeries(random, random.nextInt(maxPoints + 1));
    }

    /** Counts of writes on the full disk. */
    private static final class Attempts {
        int succeeded;
        int refused;
        boolean closeRefused;

        @Override
        public String toString() {
            return succeeded + " writes succeeded and " + refused + " were refused with a StorageException on the full "
                    + "disk" + (closeRefused ? ", close() on the full disk refused" : ", close() on the full disk succeeded");
        }
    }

    /** Configures a {@link DiskFullCheck}. */
    public static final class Builder {
        private final Function<Path, URI> location;
        private final Map<String, String> options = new LinkedHashMap<>();
        private long fileSystemBytes = 16L << 20;
        private long seed = 42L;
        private int maxPoints = 50_000;

        private Builder(Function<Path, URI> location) {
            this.location = Objects.requireNonNull(location, "location");
        }

        /**
         * The size of the {@code tmpfs}.
         *
         * @param bytes at least 1 MiB
         * @return this builder
         */
        public Builder fileSystemBytes(long bytes) {
            checkArgument(bytes >= 1 << 20, "at least 1 MiB, not %s bytes", bytes);
            this.fileSystemBytes = bytes;
            return this;
        }

        /**
         * The seed of the series and operations.
         *
         * @param seed any value
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The largest series stored.
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
         * Builds the check.
         *
         * @return the check
         */
        public DiskFullCheck build() {
            return new DiskFullCheck(this);
        }
    }
}
