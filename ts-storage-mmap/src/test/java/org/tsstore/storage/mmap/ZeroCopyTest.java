package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * {@code get} and {@code mean()} of a 20-million-point series (320 MB of data) allocate almost nothing:
 * the thread's allocated bytes across both stay under 1 MiB, on the first read after reopening (which
 * checks the record's checksum through the mapping) and on a repeated one.
 */
class ZeroCopyTest {

    private static final int POINTS = 20_000_000;
    private static final long LIMIT = 1 << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void getAndMeanOfTwentyMillionPointsAllocateLessThanOneMebibyte() {
        Path dir = StoreDirectories.newDirectory("mmap-zero-copy");
        double expectedMean = (double) FormulaSeries.sum(POINTS, 0) / POINTS;
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            store.store("big", new FormulaSeries(POINTS, 0));
        }
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            // warm up the classes on a small series, so class loading is not counted
            store.store("small", new FormulaSeries(10, 0));
            store.get("small").mean();

            long before = THREADS.getCurrentThreadAllocatedBytes();
            SizedContainerTimeSeries first = store.get("big"); // first read: checksum over 320 MB
            double firstMean = first.mean();
            long firstBytes = THREADS.getCurrentThreadAllocatedBytes() - before;

            before = THREADS.getCurrentThreadAllocatedBytes();
            SizedContainerTimeSeries again = store.get("big");
            double againMean = again.mean();
            long againBytes = THREADS.getCurrentThreadAllocatedBytes() - before;

            assertEquals(POINTS, first.size());
            assertEquals(expectedMean, firstMean, "mean of the first read");
            assertEquals(expectedMean, againMean, "mean of the repeated read");
            assertEquals(FormulaSeries.valueAt(POINTS - 1, 0), again.value(POINTS - 1));
            assertTrue(firstBytes < LIMIT, "first get + mean of " + POINTS + " points allocated " + firstBytes + " bytes");
            assertTrue(againBytes < LIMIT, "repeated get + mean of " + POINTS + " points allocated " + againBytes + " bytes");
            System.out.println("allocated by get + mean of " + POINTS + " points: first " + firstBytes
                    + " bytes, repeated " + againBytes + " bytes");
        }
    }
}
