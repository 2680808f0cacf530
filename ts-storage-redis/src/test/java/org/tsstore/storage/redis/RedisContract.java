package org.tsstore.storage.redis;

import java.net.URI;
import java.util.function.Supplier;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.Capability;
import org.tsstore.testkit.StatefulStorageContract;
import org.tsstore.testkit.StorageManagerContract;

/** The whole testkit contract for a Redis deployment: persistent, reopened by reconnecting to the same prefix. */
interface RedisContract extends StorageManagerContract, StatefulStorageContract {

    /**
     * A Redis deployment as the testkit sees it: each store under a fresh key prefix, with small chunks so
     * that the contract's longer series span several of them.
     *
     * @param name for reports
     * @param deployment the deployment's URI without a prefix (with other options if need be), read when
     *     the first store opens
     * @return the fixture
     */
    static BackendFixture fixture(String name, Supplier<String> deployment) {
        return BackendFixture.remote(name,
                        () -> {
                            String base = deployment.get();
                            return URI.create(base + (base.contains("?") ? "&" : "?") + "prefix="
                                    + RedisFixtures.freshPrefix("contract"));
                        })
                .option("chunkBytes", "4k")
                .capabilities(Capability.PERSISTENT)
                .build();
    }
}
