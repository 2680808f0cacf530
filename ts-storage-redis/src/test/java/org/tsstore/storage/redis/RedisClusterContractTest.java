package org.tsstore.storage.redis;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.Capability;
import org.tsstore.testkit.StatefulStorageContract;
import org.tsstore.testkit.StorageManagerContract;

/** The whole testkit contract against a real 3-master, 3-replica Redis Cluster; every store gets its own key prefix. */
@AddLifecycleHook(SkipWhenRedisSkipped.class)
class RedisClusterContractTest implements StorageManagerContract, StatefulStorageContract {

    @Override
    public StorageManager create() {
        return RedisFixtures.openCluster(RedisFixtures.freshPrefix("contract"), Map.of("chunkBytes", "4k"));
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.PERSISTENT);
    }

    @Override
    public StorageManager reopen(StorageManager previous) {
        RedisStorageManager redis = (RedisStorageManager) previous;
        previous.close();
        return RedisStorageManager.open(redis.location(), Map.of("chunkBytes", "4k"));
    }
}
