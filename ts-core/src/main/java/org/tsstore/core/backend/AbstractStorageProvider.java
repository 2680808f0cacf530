package org.tsstore.core.backend;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.api.spi.StorageLocations;
import org.tsstore.api.spi.StorageOptions;

/**
 * The skeleton of a {@link StorageManagerProvider}: it checks the location's scheme and gathers the options
 * (an unknown one is refused, naming it) before {@link #open(URI, StorageOptions)} sees them, so that every
 * backend refuses a wrong location or option with the same words.
 */
public abstract class AbstractStorageProvider implements StorageManagerProvider {

    private final String scheme;
    private final String description;
    private final Set<String> optionNames;

    /**
     * For subclasses.
     *
     * @param scheme the URI scheme, in lower case
     * @param description a one-line description for listings
     * @param optionNames the options the backend understands
     */
    protected AbstractStorageProvider(String scheme, String description, Set<String> optionNames) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.description = Objects.requireNonNull(description, "description");
        this.optionNames = Set.copyOf(optionNames);
        if (!scheme.equals(scheme.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("scheme must be in lower case: " + scheme);
        }
    }

    @Override
    public final String scheme() {
        return scheme;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Set<String> optionNames() {
        return optionNames;
    }

    @Override
    public final StorageManager open(URI location, Map<String, String> options) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(options, "options");
        checkScheme(location);
        return open(location, StorageOptions.of(location, options, optionNames));
    }

    /**
     * Refuses a location of another scheme.
     *
     * @param location the location
     * @throws IllegalArgumentException if its scheme is not this provider's
     */
    protected final void checkScheme(URI location) {
        if (location.getScheme() == null || !location.getScheme().equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("location " + StorageLocations.shown(location) + " is not a " + scheme + ": location");
        }
    }

    /**
     * Opens the store at a location whose scheme is this provider's.
     *
     * @param location the location
     * @param options the checked options, from the location's query and the map
     * @return an open manager, owned by the caller
     */
    protected abstract StorageManager open(URI location, StorageOptions options);

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + scheme + "]";
    }
}
