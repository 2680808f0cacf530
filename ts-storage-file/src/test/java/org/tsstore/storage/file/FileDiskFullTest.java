package org.tsstore.storage.file;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.tsstore.testkit.DiskFullCheck;

/**
 * ts-testkit's {@link DiskFullCheck} on the file store, with and without {@code durability=sync}: on a
 * full {@code tmpfs} stores fail with a {@code StorageException}, earlier series stay intact, and the store
 * works again once space is freed (skipped with a printed reason where no {@code tmpfs} can be mounted).
 */
class FileDiskFullTest {

    @Test
    void fullDiskFailsCleanly() {
        DiskFullCheck.builder(dir -> URI.create("file:" + dir)).seed(5L).build().run();
    }

    @Test
    void fullDiskFailsCleanlyWithSync() {
        DiskFullCheck.builder(dir -> URI.create("file:" + dir)).option("durability", "sync").seed(6L).build().run();
    }
}
