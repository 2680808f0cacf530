package org.tsstore.storage.mmap;

import java.nio.file.Path;
import java.util.Map;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.Capability;
import org.tsstore.testkit.StatefulStorageContract;
import org.tsstore.testkit.StorageManagerContract;

/**
 * The contract again with tiny segments (16 KiB), tiny mapping windows (512-byte stride, so most series
 * span several) and eager automatic compaction: rolls, seals, spanning views and compaction under every
 * property, the stateful one included.
 */
class SmallSegmentsContractTest implements StorageManagerContract, StatefulStorageContract {

    static final int WINDOW_SHIFT = 9;

    static MmapConfig config() {
        return MmapConfig.parse(Map.of("segmentBytes", "16k", "compactAt", "0.5")).withWindowShift(WINDOW_SHIFT);
    }

    @Override
    public BackendFixture fixture() {
        return BackendFixture.inDirectory("mmap-small", Path::toUri)
                .opener((location, options) -> MmapStorageManager.open(Path.of(location), config()))
                .capabilities(Capability.PERSISTENT, Capability.ATOMIC_BATCHES)
                .build();
    }
}
