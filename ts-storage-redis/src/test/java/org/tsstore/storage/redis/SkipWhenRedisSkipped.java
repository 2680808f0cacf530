package org.tsstore.storage.redis;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips jqwik properties that need Redis when TSSTORE_SKIP_REDIS is set. Without it they run, and fail
 * with a clear message if redis-server is not installed (an abort inside a property would only count as
 * rejected tries).
 */
public class SkipWhenRedisSkipped implements SkipExecutionHook {

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return RedisRequirement.skipped()
                ? SkipResult.skip(RedisRequirement.SKIP_VARIABLE + " is set: Redis tests skipped")
                : SkipResult.doNotSkip();
    }
}
