package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * A series of more than 2^28 points (4.3 GB on disk, past every 32-bit offset) is stored, the store is
 * reopened, and the series reads back right: sampled points (around every window boundary too), the last
 * point, bulk copies across windows and the mean, against the formula that generated it. No heap array
 * of that size exists at any time. Needs about 4.4 GB free under {@code java.io.tmpdir}.
 */
class HugeSeriesTest {

    private static final int POINTS = (1 << 28) + 4099;
    private static final long DISK_NEEDED = 16L * POINTS + (256L << 20);

    @Test
    void seriesOfMoreThanTwoToTheTwentyEightPointsRoundTrips() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        FileStore fs = Files.getFileStore(tmp);
        if (fs.getUsableSpace() < DISK_NEEDED) {
            fail("HugeSeriesTest needs " + DISK_NEEDED + " bytes free under java.io.tmpdir (" + tmp + "), but only "
                    + fs.getUsableSpace() + " are; free space there or point java.io.tmpdir elsewhere");
        }
        Path dir = Files.createTempDirectory(tmp, "tsstore-mmap-huge-");
        try {
            try (MmapStorageManager store = MmapStorageManager.open(dir)) {
                store.store("before", new FormulaSeries(3, 1));
                SizedContainerTimeSeries stored = store.store("huge", new FormulaSeries(POINTS, 7));
                assertEquals(POINTS, stored.size());
                assertEquals(FormulaSeries.valueAt(POINTS - 1, 7), stored.value(POINTS - 1));
                store.store("after", new FormulaSeries(5, 2));
            }
            try (MmapStorageManager store = MmapStorageManager.open(dir)) {
                assertEquals(POINTS, store.size("huge"));
                SizedContainerTimeSeries huge = store.get("huge");
                assertEquals(POINTS, huge.size());
                checkSamples(huge);
                checkBulkCopyAcrossWindows(huge);
                assertEquals((double) FormulaSeries.sum(POINTS, 7) / POINTS, huge.mean(), "mean");
                assertEquals(new FormulaSeries(3, 1), store.get("before"));
                assertEquals(new FormulaSeries(5, 2), store.get("after"));
                assertTrue(store.verify().isClean());
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    private static void checkSamples(SizedContainerTimeSeries huge) {
        SplittableRandom random = new SplittableRandom(28);
        for (int k = 0; k < 10_000; k++) {
            int i = random.nextInt(POINTS);
            assertPoint(huge, i);
        }
        // around each 512 MiB window stride: times start after the header, values half-way
        long stride = 1L << Segment.DEFAULT_WINDOW_SHIFT;
        for (long boundary = stride; boundary < 32L * POINTS; boundary += stride) {
            long index = boundary / 8;
            for (long i = Math.max(0, index - 80); i < Math.min(POINTS, index + 80); i++) {
                assertPoint(huge, (int) i);
            }
            long vIndex = index - POINTS;
            for (long i = Math.max(0, vIndex - 80); i < Math.min(POINTS, vIndex + 80); i++) {
                assertPoint(huge, (int) i);
            }
        }
        assertPoint(huge, 0);
        assertPoint(huge, POINTS - 1);
    }

    private static void assertPoint(SizedContainerTimeSeries s, int i) {
        assertEquals(FormulaSeries.timeAt(i), s.time(i), "time at " + i);
        assertEquals(FormulaSeries.valueAt(i, 7), s.value(i), "value at " + i);
    }

    private static void checkBulkCopyAcrossWindows(SizedContainerTimeSeries huge) {
        int from = (1 << 26) - 1000; // times cross the first stride (2^26 doubles) here
        double[] t = new double[5000];
        double[] v = new double[5000];
        huge.copyTimes(from, t, 0, t.length);
        huge.copyValues(POINTS - v.length, v, 0, v.length);
        for (int k = 0; k < t.length; k++) {
            assertEquals(FormulaSeries.timeAt(from + k), t[k], "bulk time at " + (from + k));
            assertEquals(FormulaSeries.valueAt(POINTS - v.length + k, 7), v[k], "bulk value");
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
        System.gc(); // lets the collector unmap the windows, so the deleted file's space comes back
    }
}
