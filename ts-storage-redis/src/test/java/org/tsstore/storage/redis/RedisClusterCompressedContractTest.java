package org.tsstore.storage.redis;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.tsstore.testkit.BackendFixture;

/**
 * The whole testkit contract with {@code codec=compressed} against a real 3-master, 3-replica Redis Cluster
 * (plain TCP; the TLS cluster runs the raw contract).
 */
@AddLifecycleHook(SkipWhenRedisSkipped.class)
class RedisClusterCompressedContractTest implements RedisContract {

    private static final BackendFixture COMPRESSED_CLUSTER = RedisContract.fixture("redis-cluster-compressed",
            () -> RedisFixtures.cluster().location() + "?codec=compressed");

    @Override
    public BackendFixture fixture() {
        return COMPRESSED_CLUSTER;
    }
}
