package org.tsstore.storage.redis;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.tsstore.testkit.BackendFixture;

/** The whole testkit contract against a real 3-master, 3-replica Redis Cluster; every store gets its own key prefix. */
@AddLifecycleHook(SkipWhenRedisSkipped.class)
class RedisClusterContractTest implements RedisContract {

    private static final BackendFixture CLUSTER = RedisContract.fixture("redis-cluster",
            () -> RedisFixtures.cluster().location().toString());

    @Override
    public BackendFixture fixture() {
        return CLUSTER;
    }
}
