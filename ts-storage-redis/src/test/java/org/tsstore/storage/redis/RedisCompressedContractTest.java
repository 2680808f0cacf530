package org.tsstore.storage.redis;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.tsstore.testkit.BackendFixture;

/**
 * The whole testkit contract with {@code codec=compressed} against one real redis-server: chunks of ts-codec
 * blocks, small enough (4 KiB of raw points) that the contract's longer series span several and appends fill
 * the last one in place.
 */
@AddLifecycleHook(SkipWhenRedisSkipped.class)
class RedisCompressedContractTest implements RedisContract {

    private static final BackendFixture COMPRESSED = RedisContract.fixture("redis-compressed",
            () -> "redis://" + RedisFixtures.standalone().address() + "/0?codec=compressed");

    @Override
    public BackendFixture fixture() {
        return COMPRESSED;
    }
}
