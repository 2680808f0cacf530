package org.tsstore.storage.redis;

import com.google.auto.service.AutoService;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;

/**
 * The {@code redis} scheme: one Redis server, {@code redis://host:port/db}, with credentials as
 * {@code redis://user:password@host:port/db} or the options {@code user}, {@code passwordFile},
 * {@code passwordEnv}, and TLS with {@code tls=true} (see {@link RedisStorageManager} for every option).
 * No message of this provider shows a password: locations appear with it replaced by {@code ***}.
 */
@AutoService(StorageManagerProvider.class)
public final class RedisStorageProvider implements StorageManagerProvider {

    /** Creates the provider; nothing is opened until {@link #open}. */
    public RedisStorageProvider() {}

    @Override
    public String scheme() {
        return "redis";
    }

    @Override
    public String description() {
        return "a Redis server, shared by every process that opens it (redis://[user:password@]host:port/db)";
    }

    @Override
    public Set<String> optionNames() {
        return RedisSettings.OPTIONS;
    }

    @Override
    public URI defaultLocation() {
        return URI.create("redis://localhost:6379/0");
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
        return "RedisStorageProvider[" + scheme() + "]";
    }
}
