package org.tsstore.testkit;

import java.net.URI;

/**
 * {@link ReadOnlyContract} on the testkit's directory backend ({@code testdir-live}), whose readers read whole
 * renamed files: the correct reader the broken ones of {@link ReadOnlyContractBitesTest} are measured against.
 */
class LiveDirectoryReadOnlyContractTest implements ReadOnlyContract {

    static final BackendFixture LIVE = BackendFixture.inDirectory("testdir-live", dir -> URI.create("testdir-live:" + dir))
            .capabilities(Capability.PERSISTENT, Capability.LIVE_READERS)
            .build();

    @Override
    public BackendFixture fixture() {
        return LIVE;
    }
}
