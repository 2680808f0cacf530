package org.tsstore.testkit;

import java.net.URI;
import java.nio.file.Path;
import org.tsstore.api.StorageManager;

/** The contract with persistence: the test backend the crash harness is tested with must itself be correct. */
class DirectoryStorageManagerContractTest implements StatefulStorageContract {

    @Override
    public BackendFixture fixture() {
        return BackendFixture.inDirectory("testdir", dir -> URI.create("testdir:" + dir))
                .opener((location, options) -> open(Path.of(location.getSchemeSpecificPart())))
                .capabilities(Capability.PERSISTENT)
                .build();
    }

    /** Opens the store in a directory; the broken variants of {@link ContractBitesTest} override it. */
    StorageManager open(Path directory) {
        return new DirectoryStorageManager(directory);
    }
}
