package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * A small corruption campaign over stores with extents and batches (the testkit's campaign only
 * stores): one flipped bit anywhere in the records of a segment, with and without the hint file, must
 * never make a series read back wrong. Each series reads as it was written or is refused; one is absent
 * only when {@code verify()} reports damage (its only records were destroyed).
 */
class ExtentCorruptionTest {

    private static final int CASES = 120;

    private static ArrayTimeSeries points(double from, int n, double tag) {
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = from + i;
            v[i] = tag * 1000 + i;
        }
        return ArrayTimeSeries.of(t, v);
    }

    /** Writes the history into a fresh store; returns the series each id must hold. */
    private static Map<String, ArrayTimeSeries> write(Path dir) {
        Map<String, ArrayTimeSeries> expected = new TreeMap<>();
        MmapConfig config = MmapConfig.parse(Map.of("segmentBytes", "4k", "compactAt", "1"));
        try (MmapStorageManager store = MmapStorageManager.open(dir, config)) {
            for (int id = 0; id < 6; id++) {
                String name = "s" + id;
                ArrayTimeSeries s = points(0, 20 + id, id);
                store.store(name, s);
                for (int k = 1; k <= 3; k++) {
                    ArrayTimeSeries more = points(100.0 * k, 10 * k, id + k / 10.0);
                    store.append(name, more);
                    s = (ArrayTimeSeries) ArrayTimeSeries.copyOf(s.followedBy(more));
                }
                expected.put(name, s);
            }
            Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
            batch.put("s1", points(1000, 3, 71));
            batch.put("b1", points(0, 4, 72));
            batch.put("b2", points(0, 1, 73));
            store.appendAll(batch);
            expected.put("s1", ArrayTimeSeries.copyOf(expected.get("s1").followedBy(batch.get("s1"))));
            expected.put("b1", (ArrayTimeSeries) batch.get("b1"));
            expected.put("b2", (ArrayTimeSeries) batch.get("b2"));
            store.append("s2", points(1000, 2, 74));
            expected.put("s2", ArrayTimeSeries.copyOf(expected.get("s2").followedBy(points(1000, 2, 74))));
        }
        return expected;
    }

    @Test
    void aFlippedBitNeverMakesASeriesReadBackWrong() throws IOException {
        Path template = StoreDirectories.newDirectory("mmap-extent-campaign");
        Map<String, ArrayTimeSeries> expected = write(template);
        List<Path> segments = SegmentFiles.list(template);
        assertTrue(segments.size() > 2, "the history spans segments");
        Random random = new Random(1515);
        int refused = 0;
        for (int c = 0; c < CASES; c++) {
            Path dir = StoreDirectories.newDirectory("mmap-extent-campaign-" + c);
            for (Path p : SegmentFiles.list(template)) {
                Files.copy(p, dir.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            if (random.nextBoolean()) {
                Files.copy(template.resolve(HintFile.NAME), dir.resolve(HintFile.NAME));
            }
            Path victim = dir.resolve(segments.get(random.nextInt(segments.size())).getFileName());
            List<RecordHeader> records = SegmentFiles.records(victim);
            long end = records.get(records.size() - 1).end();
            long at = RecordFormat.SEGMENT_HEADER_BYTES + (long) random.nextInt((int) end - RecordFormat.SEGMENT_HEADER_BYTES);
            SegmentFiles.flip(victim, at, 1 << random.nextInt(8));
            String what = "case " + c + ": bit flipped in " + victim.getFileName() + " at " + at;
            try (MmapStorageManager store = MmapStorageManager.open(dir)) {
                IntegrityReport report = store.verify();
                for (Map.Entry<String, ArrayTimeSeries> e : expected.entrySet()) {
                    try {
                        assertEquals(e.getValue(), store.get(e.getKey()), what + ", series " + e.getKey());
                    } catch (StorageException damaged) {
                        refused++;
                    } catch (NoSuchSeriesException gone) {
                        assertFalse(report.isClean(), what + ": " + e.getKey() + " is gone, but verify() is clean");
                    }
                }
            }
        }
        assertTrue(refused > 0, "some flips hit data that reads refuse");
        System.out.printf("extent campaign: %d cases, %d refused reads%n", CASES, refused);
    }
}
