package org.tsstore.testkit;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;

/**
 * Opens a store by the scheme of its URI through {@link ServiceLoader}, with nothing but the backend and
 * ts-api on the classpath: the crash harness's child JVM must not need anything else.
 */
public final class ProviderLookup {

    private ProviderLookup() {}

    /**
     * Opens the store at a URI through the one provider of its scheme.
     *
     * @param location the store's URI
     * @param options the backend's options
     * @return the open store
     * @throws IllegalArgumentException if the URI has no scheme, or not exactly one provider serves it
     */
    public static StorageManager open(URI location, Map<String, String> options) {
        String scheme = location.getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException("location " + location + " has no scheme, such as file: or mmap:");
        }
        return provider(scheme, " of " + location).open(location, options);
    }

    /**
     * The one provider of a scheme on the classpath.
     *
     * @param scheme a URI scheme, such as {@code file}
     * @return its provider
     * @throws IllegalArgumentException if not exactly one provider serves it
     */
    public static StorageManagerProvider provider(String scheme) {
        return provider(scheme, "");
    }

    private static StorageManagerProvider provider(String scheme, String where) {
        List<StorageManagerProvider> matching = new ArrayList<>();
        List<String> found = new ArrayList<>();
        Iterator<StorageManagerProvider> it = ServiceLoader.load(StorageManagerProvider.class).iterator();
        while (true) {
            StorageManagerProvider provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                found.add("(a provider that failed to load: " + e.getMessage() + ")");
                continue;
            }
            found.add(provider.scheme());
            if (provider.scheme().toLowerCase(Locale.ROOT).equals(scheme.toLowerCase(Locale.ROOT))) {
                matching.add(provider);
            }
        }
        if (matching.size() != 1) {
            throw new IllegalArgumentException((matching.isEmpty() ? "no" : matching.size()) + " storage providers for "
                    + "the scheme " + scheme + where + " on the classpath; found " + found);
        }
        return matching.get(0);
    }
}
