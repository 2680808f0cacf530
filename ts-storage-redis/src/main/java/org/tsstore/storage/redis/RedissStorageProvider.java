package org.tsstore.storage.redis;

import com.google.auto.service.AutoService;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;

/**
 * The {@code rediss} scheme: one Redis server over TLS, {@code rediss://host:port/db}, the usual alias of
 * {@code redis://host:port/db?tls=true}. The server is verified against the JVM's trust store or the
 * option {@code trustStore}, its host name checked (see {@link RedisStorageManager} for every option).
 * No message of this provider shows a password: locations appear with it replaced by {@code ***}.
 */
@AutoService(StorageManagerProvider.class)
public final class RedissStorageProvider implements StorageManagerProvider {

    /** Creates the provider; nothing is opened until {@link #open}. */
    public RedissStorageProvider() {}

    @Override
    public String scheme() {
        return "rediss";
    }

    @Override
    public String description() {
        return "a Redis server over TLS, shared by every process that opens it (rediss://[user:password@]host:port/db)";
    }

    @Override
    public Set<String> optionNames() {
        return RedisSettings.OPTIONS;
    }

    @Override
    public URI defaultLocation() {
        return URI.create("rediss://localhost:6379/0");
    }

    @Override
    public StorageManager open(URI location, Map<String, String> options) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(options, "options");
        RedisLocations.checkScheme(scheme(), location);
        return RedisStorageManager.open(location, options);
    }

    @Override
    public String toString() {
        return "RedissStorageProvider[" + scheme() + "]";
    }
}
