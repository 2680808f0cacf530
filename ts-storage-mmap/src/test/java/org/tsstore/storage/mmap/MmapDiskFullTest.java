package org.tsstore.storage.mmap;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.tsstore.testkit.DiskFullCheck;

/**
 * ts-testkit's {@link DiskFullCheck} on the mmap store: on a full {@code tmpfs} stores fail with a
 * {@code StorageException} (never a {@code SIGBUS} from a mapped page that cannot be backed), earlier series
 * stay intact and readable through their mappings, and the store works again once space is freed. Small
 * segments make the writer roll to new segment files on the full disk too. Skipped with a printed reason
 * where no {@code tmpfs} can be mounted.
 */
class MmapDiskFullTest {

    @Test
    void fullDiskFailsCleanly() {
        DiskFullCheck.builder(dir -> URI.create("mmap:" + dir.toUri().getRawPath())).seed(7L).build().run();
    }

    @Test
    void fullDiskFailsCleanlyWithSmallSegmentsAndSync() {
        DiskFullCheck.builder(dir -> URI.create("mmap:" + dir.toUri().getRawPath()))
                .option("segmentBytes", "256k").option("durability", "sync").seed(8L).build().run();
    }
}
