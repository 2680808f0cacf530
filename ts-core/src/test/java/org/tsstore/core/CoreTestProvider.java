package org.tsstore.core;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.api.spi.StorageOptions;

/**
 * The one provider registered in ts-core's test classpath (META-INF/services), so that discovery through
 * the real ServiceLoader and the shared default store can be tested without a backend module.
 */
public class CoreTestProvider implements StorageManagerProvider {

    /** Public no-argument constructor, as ServiceLoader requires. */
    public CoreTestProvider() {}

    @Override
    public String scheme() {
        return "coretest";
    }

    @Override
    public String description() {
        return "ts-core's test store";
    }

    @Override
    public Set<String> optionNames() {
        return Set.of("flavour");
    }

    @Override
    public URI defaultLocation() {
        return URI.create("coretest:default");
    }

    @Override
    public StorageManager open(URI location, Map<String, String> options) {
        StorageOptions.of(location, options, optionNames());
        return new MapStorageManager();
    }
}
