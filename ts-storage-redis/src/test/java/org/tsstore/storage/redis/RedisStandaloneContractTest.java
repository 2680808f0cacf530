package org.tsstore.storage.redis;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.tsstore.testkit.BackendFixture;

/** The whole testkit contract against one real redis-server; every store gets its own key prefix. */
@AddLifecycleHook(SkipWhenRedisSkipped.class)
class RedisStandaloneContractTest implements RedisContract {

    private static final BackendFixture STANDALONE = RedisContract.fixture("redis",
            () -> "redis://" + RedisFixtures.standalone().address() + "/0");

    @Override
    public BackendFixture fixture() {
        return STANDALONE;
    }
}
