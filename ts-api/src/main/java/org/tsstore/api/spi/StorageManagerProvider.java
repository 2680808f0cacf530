package org.tsstore.api.spi;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.tsstore.api.StorageManager;

/**
 * A storage backend, found through {@link java.util.ServiceLoader} and chosen by URI scheme.
 *
 * <p>A backend registers its provider in {@code META-INF/services/org.tsstore.api.spi.StorageManagerProvider}
 * (most simply with {@code @AutoService(StorageManagerProvider.class)}). The provider needs a public
 * no-argument constructor and must be cheap to construct: nothing is opened until {@link #open}.
 */
public interface StorageManagerProvider {

    /**
     * The URI scheme this backend answers to, in lower case: {@code memory}, {@code file}, {@code mmap}.
     *
     * @return the scheme
     */
    String scheme();

    /**
     * A one-line description for listings and error messages.
     *
     * @return the description
     */
    String description();

    /**
     * The names of the options {@link #open} understands, for checking and for listing.
     *
     * @return the option names
     */
    Set<String> optionNames();

    /**
     * Where this backend stores when the user names no location; used when it is the only backend on the
     * classpath and nothing chooses one.
     *
     * @return a URI of this provider's scheme
     */
    URI defaultLocation();

    /**
     * Opens (creating if needed) the store at a location.
     *
     * @param location a URI of this provider's scheme; its query string may carry options
     * @param options further options; an option given both here and in the URI is an error
     * @return an open manager, owned by the caller, who must close it
     * @throws IllegalArgumentException if the location is malformed or an option is unknown or invalid
     * @throws org.tsstore.api.StorageException if the store cannot be opened
     */
    StorageManager open(URI location, Map<String, String> options);
}
