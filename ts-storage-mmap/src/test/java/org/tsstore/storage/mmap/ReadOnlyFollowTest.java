package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tsstore.testkit.ReadModeModel.assertMatches;
import static org.tsstore.testkit.ReadModeModel.assertSeries;
import static org.tsstore.testkit.ReadModeModel.concat;
import static org.tsstore.testkit.ReadModeModel.points;
import static org.tsstore.testkit.ReadModeModel.series;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * A read-only store follows its writer by reading what the writer added ({@link ReadOnlyFollower}): against a Map
 * model after every random write of a writer in this JVM (compactions and reopened writers included), and by its
 * counters, which show that a change costs the records it added, not the store's.
 */
class ReadOnlyFollowTest {

    private static final MmapStorageManagerProvider PROVIDER = new MmapStorageManagerProvider();

    private static ReadOnlyStore reader(Path dir) {
        return (ReadOnlyStore) PROVIDER.open(dir, Map.of("mode", "read"));
    }

    private static long segmentFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".seg")).count();
        }
    }

    @ParameterizedTest(name = "seed {0}, segmentBytes {1}, durability {2}")
    @CsvSource({"1, 4096, os", "2, 65536, os", "3, 4096, sync", "4, 1048576, os"})
    void equalsAMapModelAfterEveryRandomWrite(long seed, String segmentBytes, String durability) throws Exception {
        Path dir = StoreDirectories.newDirectory("mmap-follow-model");
        Map<String, String> options = Map.of("segmentBytes", segmentBytes, "compactAt", "1", "durability",
                durability);
        Map<String, double[][]> model = new TreeMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        MmapStorageManager writer = MmapStorageManager.open(dir, options);
        try (ReadOnlyStore reader = reader(dir)) {
            int compactions = 0;
            int reopened = 0;
            for (int op = 0; op < 300; op++) {
                String key = "s" + random.nextInt(10);
                int id = Integer.parseInt(key.substring(1));
                double[][] old = model.get(key);
                int kind = random.nextInt(20);
                if (kind < 5) {
                    double[][] p = points(id, op, 0, random.nextInt(30));
                    writer.store(key, series(p));
                    model.put(key, p);
                } else if (kind < 12 && old != null && old[0].length > 0) {
                    double[][] p = points(id, op, old[0][old[0].length - 1] + 1, 1 + random.nextInt(8));
                    writer.append(key, series(p));
                    model.put(key, concat(old, p));
                } else if (kind < 14) {
                    assertEquals(old != null, writer.delete(key));
                    model.remove(key);
                } else if (kind < 16) {
                    Map<String, SizedContainerTimeSeries> batch = new HashMap<>();
                    for (int i = 0; i < 3; i++) {
                        String k = "s" + random.nextInt(10);
                        double[][] p = points(Integer.parseInt(k.substring(1)), op * 10 + i, 0, random.nextInt(6));
                        batch.put(k, series(p));
                        model.put(k, p);
                    }
                    writer.storeAll(batch);
                } else if (kind == 16) {
                    writer.compact();
                    compactions++;
                } else if (kind == 17) {
                    writer.close(); // the next writer cuts the sparse room off and writes on
                    writer = MmapStorageManager.open(dir, options);
                    reopened++;
                } else {
                    continue;
                }
                assertMatches(model, reader, "seed " + seed + ", after operation " + op);
            }
            assertTrue(compactions > 3 && reopened > 3, compactions + " compactions, " + reopened + " writers");
            ReadOnlyFollower f = reader.follower();
            assertTrue(f.follows() > 100, f.follows() + " follows");
            assertTrue(f.wholeReads() > compactions / 2, f.wholeReads() + " whole reads");
        } finally {
            writer.close();
        }
    }

    @Test
    void aChangeReadsTheRecordsItAddedNotTheStore() throws Exception {
        Path dir = StoreDirectories.newDirectory("mmap-follow-cost");
        int stored = 3000;
        try (MmapStorageManager writer = MmapStorageManager.open(dir, Map.of("segmentBytes", "65536",
                "compactAt", "1"))) {
            double[][] a = points(0, 0, 0, 1);
            writer.store("a", series(a));
            for (int i = 0; i < stored; i++) {
                writer.store("x" + i, series(points(i, i, 0, 2)));
            }
            try (ReadOnlyStore reader = reader(dir)) {
                ReadOnlyFollower f = reader.follower();
                assertEquals(stored + 1, reader.ids().size());
                long segments = segmentFiles(dir);
                int appends = 0;
                for (int round = 1; round <= 40; round++) {
                    long records = f.recordsFollowed();
                    long follows = f.follows();
                    for (int i = 0; i < round % 4 + 1; i++) { // one to four appends between two reads
                        double[][] p = points(0, round, a[0][a[0].length - 1] + 1, 1 + round * 50 % 700);
                        writer.append("a", series(p));
                        a = concat(a, p);
                        appends++;
                    }
                    assertSeries(a, reader.get("a"), "after round " + round);
                    long now = segmentFiles(dir);
                    // each append one extent record, each segment the writer started one seal in the one before
                    assertEquals(round % 4 + 1 + (now - segments), f.recordsFollowed() - records, "round " + round);
                    assertEquals(follows + 1, f.follows(), "round " + round);
                    segments = now;
                }
                assertEquals(1, f.wholeReads(), "the store is read whole once, on open");
                assertTrue(segmentFiles(dir) > 3, "the appends filled segments: " + segmentFiles(dir));
                assertEquals(stored + 1, reader.ids().size());
                assertEquals(a[0].length, reader.size("a"));
                assertTrue(appends > 0);

                writer.compact(); // a compaction swaps segments: the reader reads the whole store again
                writer.store("b", series(a));
                assertSeries(a, reader.get("b"), "after a compaction");
                assertEquals(2, f.wholeReads());
            }
        }
    }
}
