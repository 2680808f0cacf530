package org.tsstore.storage.redis;

import com.google.auto.service.AutoService;
import java.net.URI;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.api.spi.StorageOptions;
import org.tsstore.core.backend.AbstractStorageProvider;

/** The {@code redis} scheme: one Redis server, {@code redis://host:port/db}. */
@AutoService(StorageManagerProvider.class)
public final class RedisStorageProvider extends AbstractStorageProvider {

    /** Creates the provider; nothing is opened until {@link #open}. */
    public RedisStorageProvider() {
        super("redis", "a Redis server, shared by every process that opens it (redis://host:port/db)",
                RedisSettings.OPTIONS);
    }

    @Override
    public URI defaultLocation() {
        return URI.create("redis://localhost:6379/0");
    }

    @Override
    protected StorageManager open(URI location, StorageOptions options) {
        return RedisStorageManager.open(RedisSettings.parse(location, options));
    }
}
