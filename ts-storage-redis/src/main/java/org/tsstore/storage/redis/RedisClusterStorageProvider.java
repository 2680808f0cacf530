package org.tsstore.storage.redis;

import com.google.auto.service.AutoService;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;

/**
 * The {@code redis-cluster} scheme: a Redis Cluster, {@code redis-cluster://host1:port1,host2:port2}, with
 * credentials (the same on every node) as {@code redis-cluster://user:password@host1:port1,host2:port2} or the
 * options {@code user}, {@code passwordFile}, {@code passwordEnv}, and TLS with {@code tls=true} (Redis'
 * {@code tls-cluster yes}; see {@link RedisStorageManager} for every option).
 * No message of this provider shows a password: locations appear with it replaced by {@code ***}.
 */
@AutoService(StorageManagerProvider.class)
public final class RedisClusterStorageProvider implements StorageManagerProvider {

    /** Creates the provider; nothing is opened until {@link #open}. */
    public RedisClusterStorageProvider() {}

    @Override
    public String scheme() {
        return "redis-cluster";
    }

    @Override
    public String description() {
        return "a Redis Cluster, sharded and replicated (redis-cluster://[user:password@]host1:port1,host2:port2)";
    }

    @Override
    public Set<String> optionNames() {
        return RedisSettings.OPTIONS;
    }

    @Override
    public URI defaultLocation() {
        return URI.create("redis-cluster://localhost:7000");
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
        return "RedisClusterStorageProvider[" + scheme() + "]";
    }
}
