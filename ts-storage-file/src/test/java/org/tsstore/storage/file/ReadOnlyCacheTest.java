package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tsstore.storage.file.StoreFixtures.series;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * The read-only file store's cache: a series read once is served again without opening its file while the
 * writer leaves it alone (other series changing meanwhile), and read again whenever the writer stored, appended
 * or deleted it, even when the new version has the old one's length and CRC, or folded the journal. Checked
 * against plain arrays kept by the test, and against a count of the files the reader opened.
 */
class ReadOnlyCacheTest {

    private static void assertHolds(double[][] expected, SizedContainerTimeSeries s, String what) {
        assertArrayEquals(expected[0], s.times(), what + ": times");
        assertArrayEquals(expected[1], s.values(), what + ": values");
    }

    private static double[][] points(ArrayTimeSeries s) {
        return new double[][] {s.times(), s.values()};
    }

    @Test
    void aHitNeedsTheVeryEntryTheSeriesWasReadFor() {
        Path dir = StoreDirectories.newDirectory("file-read-cache");
        CountingReads counted = new CountingReads();
        try (FileStorageManager writer = FileStorageManager.open(dir, Map.of());
                ReadOnlyFileStore reader = ReadOnlyFileStore.open(dir, 1 << 20, counted)) {
            double[][] a = points(series(100, 1));
            writer.store("a", ArrayTimeSeries.of(a[0], a[1]));
            writer.store("b", series(50, 2));
            assertHolds(a, reader.get("a"), "first read");
            assertEquals(1, counted.opened.get());
            assertHolds(a, reader.get("a"), "second read");
            assertEquals(1, counted.opened.get(), "a second get of an unchanged series opens no file");

            writer.store("c", series(10, 3));
            writer.append("b", ArrayTimeSeries.of(new double[] {1000}, new double[] {7}));
            assertHolds(a, reader.get("a"), "after other series changed");
            assertEquals(1, counted.opened.get(), "changes to other series keep this one's hit");

            // the same points again: equal length and CRC, yet a new journal record, so the file is read again
            writer.store("a", ArrayTimeSeries.of(a[0], a[1]));
            assertHolds(a, reader.get("a"), "stored again unchanged");
            assertEquals(2, counted.opened.get());

            double[][] a2 = points(series(100, 5));
            writer.store("a", ArrayTimeSeries.of(a2[0], a2[1]));
            assertHolds(a2, reader.get("a"), "overwritten");
            writer.append("a", ArrayTimeSeries.of(new double[] {1000}, new double[] {-1}));
            SizedContainerTimeSeries grown = reader.get("a");
            assertEquals(101, grown.size());
            assertEquals(-1, grown.value(100));
            assertEquals(1000, grown.time(100));

            writer.flush(); // folds the journal: the reader reads the snapshot anew
            int opened = (int) counted.opened.get();
            assertEquals(101, reader.get("a").size());
            assertEquals(opened + 1, counted.opened.get(), "a fold makes new entries, read again");

            writer.delete("a");
            assertThrows(NoSuchSeriesException.class, () -> reader.get("a"));
        }
    }

    @Test
    void randomWritesReadBackAsTheModelWithOrWithoutACache() {
        for (long budget : new long[] {0, 1 << 20}) {
            Path dir = StoreDirectories.newDirectory("file-read-cache-model");
            CountingReads counted = new CountingReads();
            Map<String, double[][]> model = new HashMap<>();
            SplittableRandom random = new SplittableRandom(budget);
            try (FileStorageManager writer = FileStorageManager.open(dir, Map.of());
                    ReadOnlyFileStore reader = ReadOnlyFileStore.open(dir, budget, counted)) {
                int gets = 0;
                for (int step = 0; step < 400; step++) {
                    String id = "s" + random.nextInt(5);
                    int op = random.nextInt(10);
                    if (op < 2) {
                        double[][] p = points(series(1 + random.nextInt(40), random.nextInt(3)));
                        writer.store(id, ArrayTimeSeries.of(p[0], p[1]));
                        model.put(id, p);
                    } else if (op == 2 && model.containsKey(id)) {
                        writer.delete(id);
                        model.remove(id);
                    } else if (op == 3 && model.containsKey(id)) {
                        double[][] p = model.get(id);
                        double t = p[0][p[0].length - 1] + 1;
                        double v = random.nextInt(100);
                        writer.append(id, ArrayTimeSeries.of(new double[] {t}, new double[] {v}));
                        double[][] q = {java.util.Arrays.copyOf(p[0], p[0].length + 1),
                            java.util.Arrays.copyOf(p[1], p[1].length + 1)};
                        q[0][p[0].length] = t;
                        q[1][p[1].length] = v;
                        model.put(id, q);
                    } else if (model.containsKey(id)) {
                        assertHolds(model.get(id), reader.get(id), id + " at step " + step);
                        gets++;
                    } else {
                        assertThrows(NoSuchSeriesException.class, () -> reader.get(id));
                    }
                }
                if (budget == 0) {
                    assertEquals(gets, counted.opened.get(), "without a cache every get opens the file");
                } else {
                    assertEquals(true, counted.opened.get() < gets, counted.opened.get() + " files opened for "
                            + gets + " gets: the cache took no hit");
                }
            }
        }
    }
}
