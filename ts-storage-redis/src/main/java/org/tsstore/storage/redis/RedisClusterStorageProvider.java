package org.tsstore.storage.redis;

import com.google.auto.service.AutoService;
import java.net.URI;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.api.spi.StorageOptions;
import org.tsstore.core.backend.AbstractStorageProvider;

/** The {@code redis-cluster} scheme: a Redis Cluster, {@code redis-cluster://host1:port1,host2:port2}. */
@AutoService(StorageManagerProvider.class)
public final class RedisClusterStorageProvider extends AbstractStorageProvider {

    /** Creates the provider; nothing is opened until {@link #open}. */
    public RedisClusterStorageProvider() {
        super("redis-cluster", "a Redis Cluster, sharded and replicated (redis-cluster://host1:port1,host2:port2)",
                RedisSettings.OPTIONS);
    }

    @Override
    public URI defaultLocation() {
        return URI.create("redis-cluster://localhost:7000");
    }

    @Override
    protected StorageManager open(URI location, StorageOptions options) {
        return RedisStorageManager.open(RedisSettings.parse(location, options));
    }
}
