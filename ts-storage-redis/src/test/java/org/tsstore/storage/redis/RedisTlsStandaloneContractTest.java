package org.tsstore.storage.redis;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.tsstore.testkit.BackendFixture;

/**
 * The whole testkit contract against one real redis-server that speaks only TLS, logged in as the user
 * {@code tsstore} whose ACL rules are exactly the module README's line (its key pattern widened to the
 * tests' prefixes): any command or key the backend uses beyond them fails the contract. The location is
 * {@code rediss://tsstore@host:port/0} with the password in a file and the test CA as trust store.
 */
@AddLifecycleHook(SkipWhenRedisSkipped.class)
class RedisTlsStandaloneContractTest implements RedisContract {

    private static final BackendFixture TLS_STANDALONE = RedisContract.fixture("rediss-acl",
            SecuredRedis::standaloneLocation);

    @Override
    public BackendFixture fixture() {
        return TLS_STANDALONE;
    }
}
