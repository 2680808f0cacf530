package org.tsstore.storage.redis;

import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.tsstore.testkit.BackendFixture;

/**
 * The whole testkit contract against a real 3-master, 3-replica Redis Cluster that speaks only TLS, on
 * its client port, its cluster bus ({@code tls-cluster yes}) and between replicas and masters
 * ({@code tls-replication yes}, {@code masterauth}); the store logs in as the README's ACL user with the
 * password in the location ({@code redis-cluster://tsstore:...@host:port,host:port?tls=true}). This
 * replaces the contract on a plain cluster: everything a plain cluster exercises happens here too, and a
 * second whole run would double the longest part of the suite.
 */
@AddLifecycleHook(SkipWhenRedisSkipped.class)
class RedisTlsClusterContractTest implements RedisContract {

    private static final BackendFixture TLS_CLUSTER = RedisContract.fixture("redis-cluster-tls",
            SecuredRedis::clusterLocation);

    @Override
    public BackendFixture fixture() {
        return TLS_CLUSTER;
    }
}
