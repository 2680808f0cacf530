package org.tsstore.core;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;

/**
 * Opens storage managers by location, choosing the backend by the location's URI scheme among the
 * {@link StorageManagerProvider}s that {@link java.util.ServiceLoader} finds on the classpath:
 * {@code memory:name}, {@code file:/var/lib/ts}, {@code mmap:data/ts?cache=64m}.
 *
 * <p>Schemes match case-insensitively. The choice is never left to classpath order: an unknown scheme,
 * a scheme claimed by two providers, or (for {@link #openDefault()}) an ambiguous default is an error
 * that says what was found and how to choose, since writing to the wrong backend loses data. A provider
 * that fails to load is named in those errors (and logged as a warning) and does not hide the others.
 *
 * <p>Providers are looked up afresh on each call, through the context class loader of the calling thread
 * (or, without one, the loader of this class).
 */
public final class StorageManagers {

    private static final Object DEFAULT_LOCK = new Object();

    /** The shared default manager, opened on first demand; guarded by {@link #DEFAULT_LOCK}. */
    private static StorageManager defaultManager;

    private StorageManagers() {}

    /**
     * Opens (creating if needed) the store at a location.
     *
     * @param location a URI such as {@code memory:name}, {@code file:/dir} or {@code mmap:dir?option=value}
     * @return an open manager, owned by the caller, who must close it
     * @throws IllegalArgumentException if the location is not a URI, has no scheme, no backend has its
     *     scheme, or the backend rejects it or one of its options
     * @throws IllegalStateException if two providers claim the scheme
     * @throws org.tsstore.api.StorageException if the store cannot be opened
     */
    public static StorageManager open(String location) {
        Objects.requireNonNull(location, "location");
        return open(URI.create(location), Map.of());
    }

    /**
     * Opens (creating if needed) the store at a location.
     *
     * @param location a URI such as {@code memory:name}, {@code file:/dir} or {@code mmap:dir?option=value}
     * @return an open manager, owned by the caller, who must close it
     * @throws IllegalArgumentException if the location has no scheme, no backend has its scheme, or the
     *     backend rejects it or one of its options
     * @throws IllegalStateException if two providers claim the scheme
     * @throws org.tsstore.api.StorageException if the store cannot be opened
     */
    public static StorageManager open(URI location) {
        return open(location, Map.of());
    }

    /**
     * Opens (creating if needed) the store at a location, with options besides those in its query string.
     *
     * @param location a URI such as {@code memory:name}, {@code file:/dir} or {@code mmap:dir?option=value}
     * @param options further options, passed to the backend (as an immutable copy); giving one option both
     *     here and in the location is an error
     * @return an open manager, owned by the caller, who must close it
     * @throws IllegalArgumentException if the location has no scheme, no backend has its scheme, or the
     *     backend rejects it or one of the options
     * @throws IllegalStateException if two providers claim the scheme
     * @throws org.tsstore.api.StorageException if the store cannot be opened
     */
    public static StorageManager open(URI location, Map<String, String> options) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(options, "options");
        return catalog().open(location, options);
    }

    /**
     * Opens the default store: the location in the system property {@code tsstore.uri}, else in the
     * environment variable {@code TSSTORE_URI}, else the default location of the only backend on the
     * classpath. A blank setting counts as none.
     *
     * @return an open manager, owned by the caller, who must close it
     * @throws IllegalStateException if nothing names a store and the classpath holds no backend, several
     *     backends, or a provider that failed to load (the message lists what was found and how to choose),
     *     or if the named store cannot be opened
     * @throws org.tsstore.api.StorageException if the store cannot be opened
     */
    public static StorageManager openDefault() {
        return catalog().openDefault(System.getProperty(ProviderCatalog.PROPERTY),
                System.getenv(ProviderCatalog.ENVIRONMENT));
    }

    /**
     * The manager shared by everything that uses the default store, such as {@link SMTimeSeries} without an
     * explicit manager: opened with {@link #openDefault()} on the first call (a failure is thrown and the next
     * call tries again), then the same instance, closed by a shutdown hook when the JVM exits.
     *
     * <p>Do not close it yourself: every later use of it, through this method or an {@link SMTimeSeries},
     * would fail with {@link IllegalStateException}.
     *
     * @return the shared default manager
     * @throws IllegalStateException as {@link #openDefault()}
     */
    public static StorageManager defaultManager() {
        synchronized (DEFAULT_LOCK) {
            if (defaultManager == null) {
                StorageManager opened = openDefault();
                try {
                    Runtime.getRuntime().addShutdownHook(new Thread(opened::close, "tsstore-default-store-close"));
                } catch (IllegalStateException e) {
                    // The JVM is already shutting down: nothing would close the store later.
                    opened.close();
                    throw e;
                }
                defaultManager = opened;
            }
            return defaultManager;
        }
    }

    /**
     * The backends installed, sorted by scheme: one entry per provider that loaded (two for a scheme that
     * two providers claim).
     *
     * @return an immutable list
     */
    public static List<StorageBackend> providers() {
        return catalog().backends();
    }

    private static ProviderCatalog catalog() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ProviderCatalog catalog = ProviderCatalog.load(loader != null ? loader : StorageManagers.class.getClassLoader());
        if (!catalog.failures().isEmpty()) {
            System.getLogger(StorageManagers.class.getName()).log(Level.WARNING,
                    "storage providers that failed to load: " + String.join("; ", catalog.failures()));
        }
        return catalog;
    }
}
