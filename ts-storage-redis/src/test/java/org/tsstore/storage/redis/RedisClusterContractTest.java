package org.tsstore.storage.redis;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.tsstore.api.StorageManager;

/** The whole testkit contract against a real 3-master, 3-replica Redis Cluster; every store gets its own key prefix. */
@AddLifecycleHook(SkipWhenRedisSkipped.class)
class RedisClusterContractTest implements RedisContract {

    @Override
    public StorageManager create() {
        return RedisFixtures.openCluster(RedisFixtures.freshPrefix("contract"), OPTIONS);
    }
}
