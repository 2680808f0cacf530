package org.tsstore.storage.redis;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.tsstore.api.StorageManager;

/** The whole testkit contract against one real redis-server; every store gets its own key prefix. */
@AddLifecycleHook(SkipWhenRedisSkipped.class)
class RedisStandaloneContractTest implements RedisContract {

    @Override
    public StorageManager create() {
        return RedisFixtures.openStandalone(RedisFixtures.freshPrefix("contract"), OPTIONS);
    }
}
