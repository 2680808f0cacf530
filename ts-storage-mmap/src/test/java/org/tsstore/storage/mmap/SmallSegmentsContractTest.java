package org.tsstore.storage.mmap;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.Capability;
import org.tsstore.testkit.StatefulStorageContract;
import org.tsstore.testkit.StorageManagerContract;
import org.tsstore.testkit.StoreDirectories;

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
    public StorageManager create() {
        return MmapStorageManager.open(StoreDirectories.newDirectory("mmap-small"), config());
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.PERSISTENT);
    }

    @Override
    public StorageManager reopen(StorageManager previous) {
        MmapStorageManager mmap = (MmapStorageManager) previous;
        previous.close();
        return MmapStorageManager.open(mmap.directory(), config());
    }
}
