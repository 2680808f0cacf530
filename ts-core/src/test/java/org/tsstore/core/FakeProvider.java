package org.tsstore.core;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;

/** A provider built in a test (never registered): a chosen scheme, and a record of each open call. */
class FakeProvider implements StorageManagerProvider {

    /** The arguments of one open call. */
    record Opened(URI location, Map<String, String> options, StorageManager manager) {}

    private final String scheme;
    final List<Opened> opened = new ArrayList<>();

    FakeProvider(String scheme) {
        this.scheme = scheme;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String description() {
        return "fake " + scheme + " store";
    }

    @Override
    public Set<String> optionNames() {
        return Set.of("size", "mode");
    }

    @Override
    public URI defaultLocation() {
        return URI.create(scheme + ":default-place");
    }

    @Override
    public StorageManager open(URI location, Map<String, String> options) {
        MapStorageManager manager = new MapStorageManager();
        opened.add(new Opened(location, options, manager));
        return manager;
    }

    /** A second provider class, so that two providers of one scheme have different names. */
    static final class Other extends FakeProvider {
        Other(String scheme) {
            super(scheme);
        }
    }
}
