package org.tsstore.storage.redis;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.Capability;
import org.tsstore.testkit.StatefulStorageContract;
import org.tsstore.testkit.StorageManagerContract;

/** The whole testkit contract for a Redis deployment: persistent, reopened by reconnecting to the same prefix. */
interface RedisContract extends StorageManagerContract, StatefulStorageContract {

    /** Small chunks, so that the contract's longer series span several of them. */
    Map<String, String> OPTIONS = Map.of("chunkBytes", "4k");

    @Override
    default Set<Capability> capabilities() {
        return EnumSet.of(Capability.PERSISTENT);
    }

    @Override
    default StorageManager reopen(StorageManager previous) {
        RedisStorageManager redis = (RedisStorageManager) previous;
        previous.close();
        return RedisStorageManager.open(redis.location(), OPTIONS);
    }
}
