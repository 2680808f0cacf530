package org.tsstore.storage.mmap;

import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.SizedContainerTimeSeriesContract;
import org.tsstore.testkit.StoreDirectories;

/**
 * The series contract for the mapped views {@code get} returns, through a store with 512-byte window
 * strides: most generated series span several windows, the rest lie in one.
 */
class MappedSeriesContractTest implements SizedContainerTimeSeriesContract {

    private static MmapStorageManager store;
    private static int next;

    private static synchronized MmapStorageManager store() {
        if (store == null) {
            store = MmapStorageManager.open(StoreDirectories.newDirectory("mmap-series"),
                    SmallSegmentsContractTest.config());
        }
        return store;
    }

    @Override
    public SizedContainerTimeSeries create(double[] times, double[] values) {
        String id = "s" + (next++);
        store().store(id, ArrayTimeSeries.of(times, values));
        return store().get(id);
    }
}
