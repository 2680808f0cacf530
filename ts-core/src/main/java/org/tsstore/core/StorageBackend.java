package org.tsstore.core;

import com.google.common.collect.ImmutableSortedSet;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link StorageManagers#providers()} reports about one installed backend: enough to list it and to
 * tell two providers apart, without handing out the provider itself.
 *
 * @param scheme the URI scheme the backend answers to, in lower case
 * @param description the provider's one-line description
 * @param optionNames the options the backend understands, sorted
 * @param providerClass the fully qualified name of the provider class
 */
public record StorageBackend(String scheme, String description, Set<String> optionNames, String providerClass) {

    /**
     * Creates a description of a backend.
     *
     * @param scheme the scheme
     * @param description the one-line description
     * @param optionNames the option names; copied and sorted
     * @param providerClass the provider class name
     */
    public StorageBackend {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(description, "description");
        optionNames = ImmutableSortedSet.copyOf(Objects.requireNonNull(optionNames, "optionNames"));
        Objects.requireNonNull(providerClass, "providerClass");
    }

    /**
     * The form used in listings and error messages, for example
     * {@code memory (In-memory store; org.tsstore.memory.MemoryStorageManagerProvider)}.
     *
     * @return the scheme, the description and the provider class
     */
    @Override
    public String toString() {
        return scheme + " (" + description + "; " + providerClass + ")";
    }
}
