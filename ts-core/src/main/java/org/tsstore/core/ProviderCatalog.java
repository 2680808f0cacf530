package org.tsstore.core;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.api.spi.StorageLocations;

/**
 * The backends found at one moment, and the choice among them: the logic behind {@link StorageManagers},
 * kept apart so that tests hand it any providers (including broken ones) without touching the classpath.
 */
final class ProviderCatalog {

    /** The system property that names the default store. */
    static final String PROPERTY = "tsstore.uri";

    /** The environment variable that names the default store when the property is not set. */
    static final String ENVIRONMENT = "TSSTORE_URI";

    /**
     * Consecutive failures after which discovery gives up: ServiceLoader recovers from a broken entry
     * only on a best-effort basis, and an iterator that fails the same way forever must not hang us.
     */
    private static final int MAX_CONSECUTIVE_FAILURES = 64;

    private static final String HOW_TO_CHOOSE = "choose one with the system property " + PROPERTY
            + " (for example -D" + PROPERTY + "=file:/var/lib/tsstore) or the environment variable " + ENVIRONMENT;

    /** One usable provider with what it said about itself, read once. */
    private static final class Entry {
        final StorageManagerProvider provider;
        final StorageBackend backend;

        Entry(StorageManagerProvider provider, StorageBackend backend) {
            this.provider = provider;
            this.backend = backend;
        }
    }

    private final ImmutableListMultimap<String, Entry> byScheme;
    private final ImmutableList<StorageBackend> backends;
    private final ImmutableList<String> failures;

    private ProviderCatalog(List<Entry> entries, List<String> failures) {
        entries.sort(Comparator.comparing((Entry e) -> e.backend.scheme())
                .thenComparing(e -> e.backend.providerClass()));
        ImmutableListMultimap.Builder<String, Entry> map = ImmutableListMultimap.builder();
        for (Entry e : entries) {
            map.put(e.backend.scheme(), e);
        }
        this.byScheme = map.build();
        this.backends = entries.stream().map(e -> e.backend).collect(ImmutableList.toImmutableList());
        this.failures = ImmutableList.copyOf(failures);
    }

    /**
     * The providers that a class loader's {@link ServiceLoader} finds.
     *
     * @param loader the class loader to search
     * @return the catalog
     */
    static ProviderCatalog load(ClassLoader loader) {
        return of(ServiceLoader.load(StorageManagerProvider.class, loader).iterator());
    }

    /**
     * The providers an iterator yields. An iterator that throws {@link ServiceConfigurationError}, as
     * {@link ServiceLoader}'s does for a provider that cannot be loaded, has the failure recorded and is
     * asked for the rest; so is a provider that cannot describe itself.
     *
     * @param providers the providers
     * @return the catalog
     */
    static ProviderCatalog of(Iterator<? extends StorageManagerProvider> providers) {
        List<Entry> entries = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int consecutive = 0;
        while (consecutive < MAX_CONSECUTIVE_FAILURES) {
            StorageManagerProvider provider;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                failures.add(String.valueOf(e.getMessage()));
                consecutive++;
                continue;
            }
            consecutive = 0;
            if (provider == null) {
                failures.add("the provider iterator returned null");
                continue;
            }
            try {
                entries.add(new Entry(provider, describe(provider)));
            } catch (RuntimeException e) {
                failures.add("provider " + provider.getClass().getName() + " cannot describe itself: " + e);
            }
        }
        if (consecutive >= MAX_CONSECUTIVE_FAILURES) {
            failures.add("gave up after " + MAX_CONSECUTIVE_FAILURES + " failures in a row");
        }
        return new ProviderCatalog(entries, failures);
    }

    private static StorageBackend describe(StorageManagerProvider provider) {
        String scheme = provider.scheme();
        if (scheme == null || scheme.isBlank()) {
            throw new IllegalStateException("no scheme (" + scheme + ")");
        }
        String description = provider.description();
        return new StorageBackend(scheme.trim().toLowerCase(Locale.ROOT),
                description == null ? "(no description)" : description,
                Objects.requireNonNull(provider.optionNames(), "optionNames()"),
                provider.getClass().getName());
    }

    /** Every usable provider, sorted by scheme and class name. */
    List<StorageBackend> backends() {
        return backends;
    }

    /** What went wrong while loading, one message per provider that could not be used. */
    List<String> failures() {
        return failures;
    }

    /**
     * Opens a location with the provider of its scheme.
     *
     * @throws IllegalArgumentException if the location has no scheme or no provider has it
     * @throws IllegalStateException if two providers claim the scheme
     */
    StorageManager open(URI location, Map<String, String> options) {
        Objects.requireNonNull(location, "location");
        Map<String, String> copy = Map.copyOf(Objects.requireNonNull(options, "options"));
        String scheme = location.getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException("location " + StorageLocations.shown(location)
                    + " has no scheme; write scheme:location, for example memory:name, file:/dir or mmap:/dir"
                    + installed());
        }
        List<Entry> candidates = byScheme.get(scheme.toLowerCase(Locale.ROOT));
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException(
                    "no storage backend for the scheme " + scheme + " of " + StorageLocations.shown(location) + installed());
        }
        if (candidates.size() > 1) {
            throw new IllegalStateException("the scheme " + scheme.toLowerCase(Locale.ROOT)
                    + " is claimed by more than one provider: "
                    + candidates.stream().map(e -> e.backend.providerClass()).collect(Collectors.joining(" and "))
                    + "; keep only one of them on the classpath");
        }
        return candidates.get(0).provider.open(location, copy);
    }

    /**
     * Opens the default store: the one named by the property value, else by the environment value, else the
     * only provider's default location.
     *
     * @param property the value of the system property, or null
     * @param environment the value of the environment variable, or null
     * @throws IllegalStateException if nothing names a store and there is not exactly one usable provider,
     *     or if the store named cannot be opened
     */
    StorageManager openDefault(String property, String environment) {
        if (property != null && !property.isBlank()) {
            return openConfigured("the system property " + PROPERTY, property);
        }
        if (environment != null && !environment.isBlank()) {
            return openConfigured("the environment variable " + ENVIRONMENT, environment);
        }
        if (backends.isEmpty()) {
            throw new IllegalStateException("no storage backend found on the classpath: add one (for example "
                    + "ts-storage-memory, ts-storage-file or ts-storage-mmap), or name a store with the system "
                    + "property " + PROPERTY + " or the environment variable " + ENVIRONMENT + failed());
        }
        if (backends.size() > 1) {
            throw new IllegalStateException("several storage backends found and none chosen: "
                    + listing() + "; " + HOW_TO_CHOOSE + failed());
        }
        if (!failures.isEmpty()) {
            // The backend that failed may be the one the user meant: writing elsewhere would lose data.
            throw new IllegalStateException("only one storage backend loaded, " + backends.get(0)
                    + ", but " + failures.size() + " failed to load, so the default is ambiguous; "
                    + HOW_TO_CHOOSE + failed());
        }
        Entry only = byScheme.values().iterator().next();
        URI location = only.provider.defaultLocation();
        if (location == null) {
            throw new IllegalStateException("storage backend " + only.backend + " has no default location; "
                    + HOW_TO_CHOOSE);
        }
        return only.provider.open(location, Map.of());
    }

    private StorageManager openConfigured(String source, String value) {
        try {
            return open(URI.create(value.trim()), Map.of());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "cannot open the store named by " + source + " (" + value + "): " + e.getMessage(), e);
        }
    }

    private String listing() {
        return backends.stream().map(StorageBackend::toString).collect(Collectors.joining(", "));
    }

    private String installed() {
        return "; installed: " + (backends.isEmpty() ? "none" : listing()) + failed();
    }

    private String failed() {
        return failures.isEmpty() ? "" : "; failed to load: " + String.join("; ", failures);
    }
}
