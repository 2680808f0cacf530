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
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * Batches across a crash, and group commit. A batch whose commit record a crash cut off (the file cut
 * anywhere inside the batch, the witness where the writer left it before the batch) is wholly absent
 * after reopening, and the torn batch is cut off so that writes go on; a committed one is wholly there.
 * With {@code durability=sync}, threads storing at once share forces, and every acknowledged store is in
 * a copy of the files taken without closing the store (a crash).
 */
class BatchCommitTest {

    private static ArrayTimeSeries points(double... times) {
        double[] values = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            values[i] = times[i] * 10;
        }
        return ArrayTimeSeries.of(times, values);
    }

    private static Map<String, SizedContainerTimeSeries> batch() {
        Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
        batch.put("before", points(5, 6)); // appended to
        batch.put("new1", points(1, 2, 3));
        batch.put("new2", points(4));
        return batch;
    }

    @Test
    void aBatchCutBeforeItsCommitIsAbsentAfterReopening() throws IOException {
        Path template = StoreDirectories.newDirectory("mmap-batch-cut");
        long batchStart;
        long batchEnd;
        try (MmapStorageManager store = MmapStorageManager.open(template)) {
            store.store("before", points(1, 2));
            batchStart = SegmentFiles.witness(template.resolve(Segment.fileName(1)));
            store.appendAll(batch());
            batchEnd = SegmentFiles.witness(template.resolve(Segment.fileName(1)));
        }
        assertEquals(16 + 24 + 8 + 32 + 8, batchStart, "the store record of 'before' ends there");
        assertEquals(batchStart + 32 + (24 + 8 + 32 + 8) + (24 + 8 + 48 + 8) + (24 + 8 + 16 + 8) + 32, batchEnd);
        // every cut inside the batch, the commit record's last byte included
        for (long cut = batchStart + 8; cut < batchEnd; cut += 8) {
            Path dir = StoreDirectories.newDirectory("mmap-batch-cut-at-" + cut);
            Path segment = dir.resolve(Segment.fileName(1));
            Files.copy(template.resolve(Segment.fileName(1)), segment, StandardCopyOption.REPLACE_EXISTING);
            SegmentFiles.truncate(segment, cut);
            SegmentFiles.setWitness(segment, batchStart); // a crash comes before the batch is witnessed
            try (MmapStorageManager store = MmapStorageManager.open(dir)) {
                assertEquals(points(1, 2), store.get("before"), "cut at " + cut);
                assertFalse(store.contains("new1"), "cut at " + cut);
                assertFalse(store.contains("new2"), "cut at " + cut);
                assertTrue(store.verify().isClean(), "cut at " + cut);
                store.append("before", points(3)); // writes go on after the cut-off batch
            }
            assertEquals(List.of(RecordFormat.STORE, RecordFormat.EXTENT), SegmentFiles.records(segment).stream()
                    .map(h -> h.kind).collect(java.util.stream.Collectors.toList()), "the torn batch was cut off");
            try (MmapStorageManager store = MmapStorageManager.open(dir)) {
                assertEquals(points(1, 2, 3), store.get("before"), "cut at " + cut);
            }
        }
    }

    @Test
    void aCommittedBatchIsWhollyThereAfterAScan() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-batch-whole");
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            store.store("before", points(1, 2));
            store.appendAll(batch());
            store.storeAll(Map.of("new2", points(9), "new3", points(8)));
        }
        Files.delete(dir.resolve(HintFile.NAME));
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            assertEquals(points(1, 2, 5, 6), store.get("before"));
            assertEquals(points(1, 2, 3), store.get("new1"));
            assertEquals(points(9), store.get("new2"));
            assertEquals(points(8), store.get("new3"));
            assertTrue(store.verify().isClean());
        }
    }

    @Test
    void aBatchWithAnEmptySeriesUnderTheLongestIdIsWhollyThereAfterACrash() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-batch-empty");
        String longest = "x".repeat(255);
        Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
        batch.put("s8", points(1, 2));
        batch.put("CON", points(3));
        batch.put(longest, points());
        batch.put("S", points(4, 5, 6));
        try (MmapStorageManager store = MmapStorageManager.open(dir, Map.of("durability", "sync"))) {
            store.store(longest, points(7, 8));
            store.storeAll(batch);
            Path crashed = StoreDirectories.newDirectory("mmap-batch-empty-crashed");
            for (Path segment : SegmentFiles.list(dir)) {
                Files.copy(segment, crashed.resolve(segment.getFileName()));
            }
            try (MmapStorageManager reopened = MmapStorageManager.open(crashed)) {
                for (Map.Entry<String, SizedContainerTimeSeries> e : batch.entrySet()) {
                    assertEquals(e.getValue(), reopened.get(e.getKey()), e.getKey());
                }
            }
        }
    }

    @Test
    void aBatchWithOneBadAppendChangesNothing() {
        try (MmapStorageManager store = MmapStorageManager.open(StoreDirectories.newDirectory("mmap-batch-refused"))) {
            store.store("before", points(1, 2));
            Map<String, SizedContainerTimeSeries> bad = new LinkedHashMap<>();
            bad.put("new1", points(1));
            bad.put("before", points(2, 3)); // 2 is not after 2
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> store.appendAll(bad));
            assertFalse(store.contains("new1"));
            assertEquals(points(1, 2), store.get("before"));
        }
    }

    @Test
    void syncWritersShareForcesAndEveryAcknowledgedStoreSurvivesACrash() throws Exception {
        Path dir = StoreDirectories.newDirectory("mmap-group-commit");
        int threads = 4;
        int stores = 40;
        Map<String, ArrayTimeSeries> acknowledged = new ConcurrentHashMap<>();
        MmapStorageManager store = MmapStorageManager.open(dir, Map.of("durability", "sync"));
        try {
            List<Thread> writers = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread w = new Thread(() -> {
                    try {
                        for (int i = 0; i < stores; i++) {
                            String id = "t" + thread + "-" + i;
                            ArrayTimeSeries s = points(thread, i + 100.5);
                            store.store(id, s);
                            acknowledged.put(id, s);
                        }
                    } catch (Throwable e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                });
                writers.add(w);
                w.start();
            }
            for (Thread w : writers) {
                w.join();
            }
            assertEquals(List.of(), failures);
            long forces = store.groupForces();
            assertTrue(forces < threads * stores, forces + " forces for " + threads * stores + " stores");
            assertTrue(forces > 0);
            // a crash: the files as they are, without close()
            Path crashed = StoreDirectories.newDirectory("mmap-group-commit-crashed");
            for (Path segment : SegmentFiles.list(dir)) {
                Files.copy(segment, crashed.resolve(segment.getFileName()));
            }
            try (MmapStorageManager reopened = MmapStorageManager.open(crashed)) {
                assertEquals(threads * stores, acknowledged.size());
                for (Map.Entry<String, ArrayTimeSeries> e : acknowledged.entrySet()) {
                    assertEquals(e.getValue(), reopened.get(e.getKey()), e.getKey());
                }
                assertTrue(reopened.verify().isClean());
            }
        } finally {
            store.close();
        }
    }
}
