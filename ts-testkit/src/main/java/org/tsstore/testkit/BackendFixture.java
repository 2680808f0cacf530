package org.tsstore.testkit;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.tsstore.api.StorageManager;
import org.tsstore.core.backend.DirectoryStorageProvider;

/**
 * Everything the testkit needs to know about one backend, said once: where a new store lives, the options
 * it is opened with, what it can do ({@link Capability}) and which of its bytes are data, index and
 * checkpoints. The contracts ({@link StoreContract#fixture()}) and the reliability harnesses
 * ({@code org.tsstore.testkit.reliability}) are all driven by it, so a backend's test setup names neither
 * a URI per harness nor a downcast to reopen its stores.
 *
 * <pre>{@code
 * static final BackendFixture MMAP = BackendFixture.inDirectory("mmap", dir -> URI.create("mmap:" + dir))
 *         .capabilities(Capability.PERSISTENT, Capability.SINGLE_PROCESS)
 *         .dataFiles("segment", "\\d{10}\\.seg").checkpointFiles("hint", "keydir\\.hint")
 *         .build();
 * }</pre>
 *
 * <p>Immutable: {@link #withOption} gives a new fixture. Stores are opened through the providers on the class
 * path ({@link ProviderLookup}), as an application opens them, unless the builder is given an opener.
 */
public final class BackendFixture {

    /** Where each store this class opened lives, so that reopen needs no downcast. */
    private static final Map<StorageManager, Opened> OPENED = Collections.synchronizedMap(new WeakHashMap<>());

    private record Opened(URI location, Path directory) {}

    private final String name;
    private final Function<Path, URI> locationInDirectory;
    private final Supplier<URI> remoteLocation;
    private final Supplier<StorageManager> factory;
    private final Supplier<Path> directories;
    private final BiFunction<URI, Map<String, String>, StorageManager> opener;
    private final BiFunction<Path, Map<String, String>, StorageManager> pathOpener;
    /** The opener at a path found from the scheme's provider, once looked up; {@link #NO_PATH_OPENER} if none. */
    private volatile BiFunction<Path, Map<String, String>, StorageManager> foundPathOpener;
    private static final BiFunction<Path, Map<String, String>, StorageManager> NO_PATH_OPENER = (p, o) -> null;
    private final Map<String, String> options;
    private final Set<Capability> capabilities;
    private final Map<String, Pattern> dataFiles;
    private final Map<String, Pattern> checkpointFiles;
    private final Function<URI, List<DamageSite>> damageSites;

    private BackendFixture(Builder b) {
        this.name = b.name;
        this.locationInDirectory = b.locationInDirectory;
        this.remoteLocation = b.remoteLocation;
        this.factory = b.factory;
        this.directories = b.directories != null ? b.directories : () -> StoreDirectories.newDirectory(b.name);
        this.opener = b.opener != null ? b.opener : ProviderLookup::open;
        this.pathOpener = b.pathOpener;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(b.options));
        this.capabilities = Collections.unmodifiableSet(b.capabilities.isEmpty()
                ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(b.capabilities));
        this.dataFiles = Collections.unmodifiableMap(new LinkedHashMap<>(b.dataFiles));
        this.checkpointFiles = Collections.unmodifiableMap(new LinkedHashMap<>(b.checkpointFiles));
        this.damageSites = b.damageSites;
    }

    /**
     * A backend that keeps a store in a directory of its own, opened by URI.
     *
     * @param name a short name, used for the temporary directories and in reports
     * @param location the URI of the store in a given new, empty directory, such as
     *     {@code dir -> URI.create("file:" + dir)}
     * @return a builder
     */
    public static Builder inDirectory(String name, Function<Path, URI> location) {
        Builder b = new Builder(name);
        b.locationInDirectory = Objects.requireNonNull(location, "location");
        return b;
    }

    /**
     * A backend that keeps a store elsewhere than in a local directory (a server, say), opened by URI.
     *
     * @param name a short name, used in reports
     * @param newLocation gives the URI of a new, empty store each time it is called, such as a fresh key prefix
     * @return a builder
     */
    public static Builder remote(String name, Supplier<URI> newLocation) {
        Builder b = new Builder(name);
        b.remoteLocation = Objects.requireNonNull(newLocation, "newLocation");
        return b;
    }

    /**
     * A backend whose stores live in this JVM only and are made by a factory: not persistent, and out of
     * reach of the harnesses that need a second process.
     *
     * @param name a short name, used in reports
     * @param factory makes a new, empty, independent store each time it is called
     * @return the fixture
     */
    public static BackendFixture inProcess(String name, Supplier<StorageManager> factory) {
        Builder b = new Builder(name);
        b.factory = Objects.requireNonNull(factory, "factory");
        return b.build();
    }

    /**
     * The name given to the builder.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The options every store of this fixture is opened with.
     *
     * @return an unmodifiable map, in the order they were given
     */
    public Map<String, String> options() {
        return options;
    }

    /**
     * What the backend declares it can do.
     *
     * @return an unmodifiable set
     */
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /**
     * Whether the backend declares a capability.
     *
     * @param capability the capability
     * @return true if declared
     */
    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }

    /**
     * This fixture with one more option (or another value for one it has).
     *
     * @param option the option's name
     * @param value its value
     * @return a new fixture; this one is unchanged
     * @throws IllegalStateException for an {@link #inProcess} fixture, which opens no URI
     */
    public BackendFixture withOption(String option, String value) {
        checkState(factory == null, "%s is made by a factory and takes no options", name);
        Builder b = toBuilder();
        b.option(option, value);
        return b.build();
    }

    /**
     * Opens a new, empty store.
     *
     * @return the open store
     */
    public StorageManager open() {
        if (factory != null) {
            return Objects.requireNonNull(factory.get(), () -> name + ": the factory returned null");
        }
        Path directory = locationInDirectory != null ? directories.get() : null;
        URI location = directory != null ? locationInDirectory.apply(directory) : remoteLocation.get();
        return open(location, directory);
    }

    /**
     * Whether this fixture opens stores at a {@link Path} of any file system ({@link #openAt}), as the
     * power-loss check needs: with the builder's {@link Builder#pathOpener}, or else, for a store kept in a
     * directory, when the provider of its URI's scheme is a {@code DirectoryStorageProvider}.
     *
     * @return true if {@link #openAt} works
     */
    public boolean opensAtPath() {
        return pathOpener() != null;
    }

    /**
     * Opens (creating if needed) the store in a directory given as a path, of any file system, with the
     * fixture's options: every file of the store is reached from that path, so a store opened at a path of
     * a simulated file system does all its I/O through it.
     *
     * @param directory the store's directory
     * @return the open store, owned by the caller; {@link #reopen} does not take it
     * @throws UnsupportedOperationException if {@link #opensAtPath()} is false
     */
    public StorageManager openAt(Path directory) {
        Objects.requireNonNull(directory, "directory");
        BiFunction<Path, Map<String, String>, StorageManager> open = pathOpener();
        if (open == null) {
            throw new UnsupportedOperationException(name + " cannot open a store at a path: give its builder a "
                    + "pathOpener, or serve its scheme with an org.tsstore.core.backend.DirectoryStorageProvider");
        }
        return Objects.requireNonNull(open.apply(directory, options),
                () -> name + ": opening a store at " + directory + " returned null");
    }

    private BiFunction<Path, Map<String, String>, StorageManager> pathOpener() {
        if (pathOpener != null) {
            return pathOpener;
        }
        if (locationInDirectory == null) {
            return null;
        }
        BiFunction<Path, Map<String, String>, StorageManager> found = foundPathOpener;
        if (found == null) {
            found = NO_PATH_OPENER;
            try {
                String scheme = locationInDirectory.apply(Path.of(System.getProperty("java.io.tmpdir"))).getScheme();
                if (scheme != null && ProviderLookup.provider(scheme) instanceof DirectoryStorageProvider p) {
                    found = p::open;
                }
            } catch (IllegalArgumentException e) {
                // no provider, or several, for the scheme: no way to open at a path
            }
            foundPathOpener = found;
        }
        return found == NO_PATH_OPENER ? null : found;
    }

    /**
     * Closes a store this fixture opened and opens the same store again.
     *
     * @param previous a store returned by {@link #open()} or by this method
     * @return the store opened again, a new object
     * @throws UnsupportedOperationException for an {@link #inProcess} fixture
     * @throws IllegalArgumentException if this fixture did not open {@code previous}
     */
    public StorageManager reopen(StorageManager previous) {
        if (factory != null) {
            throw new UnsupportedOperationException(name + " keeps its stores in this JVM only: nothing to reopen");
        }
        Opened opened = OPENED.get(Objects.requireNonNull(previous, "previous"));
        checkArgument(opened != null, "%s did not open %s", name, previous);
        previous.close();
        return open(opened.location(), opened.directory());
    }

    /**
     * The directory of a store this fixture opened, for checks that compare its files byte for byte.
     *
     * @param store a store returned by {@link #open()} or {@link #reopen}
     * @return its directory, or empty for a backend that keeps no directory
     */
    public Optional<Path> directory(StorageManager store) {
        Opened opened = OPENED.get(store);
        return opened == null ? Optional.empty() : Optional.ofNullable(opened.directory());
    }

    /**
     * The URI of a new, empty store, for a harness that opens it in another process.
     *
     * @return the URI
     * @throws UnsupportedOperationException for an {@link #inProcess} fixture
     */
    public URI newLocation() {
        if (factory != null) {
            throw new UnsupportedOperationException(name + " keeps its stores in this JVM only: it has no URI");
        }
        return locationInDirectory != null ? locationInDirectory.apply(directories.get()) : remoteLocation.get();
    }

    /**
     * How a store's URI follows from its directory, for a harness that chooses the directory itself (on a
     * small file system, say).
     *
     * @return the function, or empty for a backend that keeps no directory
     */
    public Optional<Function<Path, URI>> locationInDirectory() {
        return Optional.ofNullable(locationInDirectory);
    }

    /**
     * The kinds of data and index files, each matched against a path relative to the store directory with
     * {@code /} separators. Files that match no kind (a lock file, say) are never damaged.
     *
     * @return kind to pattern, unmodifiable, in the order given
     */
    public Map<String, Pattern> dataFiles() {
        return dataFiles;
    }

    /**
     * The kinds of checkpoint files: files the backend may lose without losing a series, because it can
     * rebuild them from the others. They are damaged too, and sometimes deleted before another file is.
     *
     * @return kind to pattern, unmodifiable, in the order given
     */
    public Map<String, Pattern> checkpointFiles() {
        return checkpointFiles;
    }

    /**
     * Where a remote store keeps its bytes, listed after it was closed.
     *
     * @return the lister, or empty for a backend whose bytes are its files or that names none
     */
    public Optional<Function<URI, List<DamageSite>>> damageSites() {
        return Optional.ofNullable(damageSites);
    }

    @Override
    public String toString() {
        return "BackendFixture[" + name + ", options " + options + ", " + capabilities + "]";
    }

    private StorageManager open(URI location, Path directory) {
        StorageManager store = Objects.requireNonNull(opener.apply(location, options),
                () -> name + ": opening " + location + " returned null");
        OPENED.put(store, new Opened(location, directory));
        return store;
    }

    private Builder toBuilder() {
        Builder b = new Builder(name);
        b.locationInDirectory = locationInDirectory;
        b.remoteLocation = remoteLocation;
        b.directories = directories;
        b.opener = opener;
        b.pathOpener = pathOpener;
        b.options.putAll(options);
        b.capabilities.addAll(capabilities);
        b.dataFiles.putAll(dataFiles);
        b.checkpointFiles.putAll(checkpointFiles);
        b.damageSites = damageSites;
        return b;
    }

    /** Configures a {@link BackendFixture}. */
    public static final class Builder {
        private final String name;
        private Function<Path, URI> locationInDirectory;
        private Supplier<URI> remoteLocation;
        private Supplier<StorageManager> factory;
        private Supplier<Path> directories;
        private BiFunction<URI, Map<String, String>, StorageManager> opener;
        private BiFunction<Path, Map<String, String>, StorageManager> pathOpener;
        private final Map<String, String> options = new LinkedHashMap<>();
        private final Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        private final Map<String, Pattern> dataFiles = new LinkedHashMap<>();
        private final Map<String, Pattern> checkpointFiles = new LinkedHashMap<>();
        private Function<URI, List<DamageSite>> damageSites;

        private Builder(String name) {
            checkArgument(name != null && !name.isBlank(), "a fixture needs a name: %s", name);
            this.name = name;
        }

        /**
         * Adds an option every store is opened with.
         *
         * @param option the option's name
         * @param value its value
         * @return this builder
         */
        public Builder option(String option, String value) {
            options.put(Objects.requireNonNull(option, "option"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Declares what the backend can do.
         *
         * @param declared the capabilities
         * @return this builder
         */
        public Builder capabilities(Capability... declared) {
            for (Capability c : declared) {
                capabilities.add(Objects.requireNonNull(c, "capability"));
            }
            return this;
        }

        /**
         * Names a kind of data or index file.
         *
         * @param kind a short name for reports, such as {@code "segment"} or {@code "index"}
         * @param pathRegex matches the path relative to the store directory, with {@code /} separators
         * @return this builder
         */
        public Builder dataFiles(String kind, String pathRegex) {
            checkDirectory("dataFiles");
            dataFiles.put(kind(kind), Pattern.compile(Objects.requireNonNull(pathRegex, "pathRegex")));
            return this;
        }

        /**
         * Names a kind of checkpoint file, one the backend can rebuild from the others.
         *
         * @param kind a short name for reports, such as {@code "hint"}
         * @param pathRegex matches the path relative to the store directory, with {@code /} separators
         * @return this builder
         */
        public Builder checkpointFiles(String kind, String pathRegex) {
            checkDirectory("checkpointFiles");
            checkpointFiles.put(kind(kind), Pattern.compile(Objects.requireNonNull(pathRegex, "pathRegex")));
            return this;
        }

        /**
         * Lists where a remote store keeps its bytes, for the corruption campaign.
         *
         * @param sites lists the sites of the (closed) store at a URI
         * @return this builder
         */
        public Builder damageSites(Function<URI, List<DamageSite>> sites) {
            checkState(remoteLocation != null, "%s: damageSites(...) is for remote stores; name files instead", name);
            this.damageSites = Objects.requireNonNull(sites, "sites");
            return this;
        }

        /**
         * Where new store directories come from; by default {@link StoreDirectories#newDirectory(String)}.
         *
         * @param newDirectory gives a new, empty directory each time it is called
         * @return this builder
         */
        public Builder directories(Supplier<Path> newDirectory) {
            checkDirectory("directories");
            this.directories = Objects.requireNonNull(newDirectory, "newDirectory");
            return this;
        }

        /**
         * Opens stores in this JVM some other way than through the providers, for a configuration no URI
         * says; the harnesses that run another JVM still open the fixture's URIs through the providers.
         *
         * @param open opens the store at a URI with the fixture's options
         * @return this builder
         */
        public Builder opener(BiFunction<URI, Map<String, String>, StorageManager> open) {
            this.opener = Objects.requireNonNull(open, "open");
            return this;
        }

        /**
         * Opens stores at a {@link Path} of any file system (a simulated one, say), for the power-loss check;
         * by default a store kept in a directory is opened through its scheme's
         * {@code DirectoryStorageProvider}, if it has one.
         *
         * @param open opens (creating if needed) the store in a directory with the fixture's options, doing
         *     every I/O through that path
         * @return this builder
         */
        public Builder pathOpener(BiFunction<Path, Map<String, String>, StorageManager> open) {
            this.pathOpener = Objects.requireNonNull(open, "open");
            return this;
        }

        /**
         * Builds the fixture.
         *
         * @return the fixture
         */
        public BackendFixture build() {
            return new BackendFixture(this);
        }

        private void checkDirectory(String what) {
            checkState(locationInDirectory != null, "%s: %s(...) is for stores kept in a directory", name, what);
        }

        private static String kind(String kind) {
            checkArgument(kind != null && !kind.isBlank(), "kind must not be blank: %s", kind);
            return kind;
        }
    }
}
