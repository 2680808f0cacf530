package org.tsstore.storage.redis;

import com.google.auto.service.AutoService;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;

/** The {@code redis} scheme: one Redis server, {@code redis://host:port/db}. */
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
        return "a Redis server, shared by every process that opens it (redis://host:port/db)";
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
        return RedisStorageManager.open(checkScheme(location, scheme()), options);
    }

    static URI checkScheme(URI location, String scheme) {
        if (location.getScheme() == null || !location.getScheme().equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("location " + location + " is not a " + scheme + ": URI");
        }
        return location;
    }
}
