package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * The bytes that append, storeAll and appendAll write, against {@link RecordModel} (FORMAT.md by hand):
 * an append is one extent record holding only the new points; a batch of several series is a begin
 * record, the records and a commit record, witnessed once at the commit's end; a batch of one series
 * is that record alone.
 */
class StreamingRecordsTest {

    private static final double[] T2 = {1.5, 2.5};
    private static final double[] V2 = {-3.0, 4.25};
    private static final double[] T1 = {7.0};
    private static final double[] V1 = {0.5};

    private static ArrayTimeSeries series(double[] t, double[] v) {
        return ArrayTimeSeries.of(t, v);
    }

    /** A file's bytes without the zero room after its last record (every record ends in "TEND"). */
    private static byte[] logical(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int end = all.length;
        while (end > 0 && all[end - 1] == 0) {
            end--;
        }
        return Arrays.copyOf(all, end);
    }

    private static Path segment1(Path dir) {
        return dir.resolve(Segment.fileName(1));
    }

    @Test
    void anAppendWritesOneExtentRecordOfTheNewPointsOnly() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-bytes-extent");
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            store.store("a", series(T2, V2));
            assertEquals(3, store.append("a", series(T1, V1)));
            byte[] s = RecordModel.record(1, "a", T2, V2, 0);
            byte[] e = RecordModel.extent("a", T1, V1, 1);
            assertEquals(72, s.length);
            assertEquals(56, e.length, "24 + 8 (id and padding) + 16 + 8: only the appended point");
            assertArrayEquals(RecordModel.segment(16 + 72 + 56, s, e), logical(segment1(dir)));
        }
    }

    @Test
    void aBatchIsFramedAndWitnessedOnceAtItsCommit() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-bytes-batch");
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            store.store("a", series(T2, V2));
            Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
            batch.put("a", series(T1, V1)); // appended: an extent
            batch.put("bb", series(T2, V2)); // new: a store record
            store.appendAll(batch);
            byte[] s = RecordModel.record(1, "a", T2, V2, 0);
            byte[] begin = RecordModel.frame(5, 2, 1);
            byte[] e = RecordModel.extent("a", T1, V1, 2);
            byte[] b = RecordModel.record(1, "bb", T2, V2, 3);
            byte[] commit = RecordModel.frame(6, 2, 4);
            assertEquals(32, begin.length);
            long end = 16 + 72 + 32 + 56 + 72 + 32;
            assertArrayEquals(RecordModel.segment(end, s, begin, e, b, commit), logical(segment1(dir)));
            assertEquals(end, SegmentFiles.witness(segment1(dir)));
        }
    }

    @Test
    void aStoreAllOfOneSeriesIsThatRecordAlone() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-bytes-batch-one");
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            store.storeAll(Map.of("a", series(T2, V2)));
            store.appendAll(Map.of("a", series(T1, V1), "empty", series(new double[0], new double[0])));
            assertArrayEquals(RecordModel.segment(16 + 72 + 56, RecordModel.record(1, "a", T2, V2, 0),
                    RecordModel.extent("a", T1, V1, 1)), logical(segment1(dir)));
        }
    }

    @Test
    void theScannerHandsOverABatchOnlyWithItsCommit() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-bytes-batch-scan");
        Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
        batch.put("x", series(T2, V2));
        batch.put("y", series(T1, V1));
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            store.storeAll(batch);
        }
        List<RecordHeader> records = SegmentFiles.records(segment1(dir));
        assertEquals(4, records.size());
        assertEquals(List.of(RecordFormat.BATCH_BEGIN, RecordFormat.STORE, RecordFormat.STORE, RecordFormat.BATCH_COMMIT),
                records.stream().map(h -> h.kind).collect(java.util.stream.Collectors.toList()));
        assertEquals(16 + 32 + 72 + 56, records.get(3).offset);
        SegmentFiles.truncate(segment1(dir), records.get(3).offset + 16); // the commit cut short
        assertEquals(List.of(), SegmentFiles.records(segment1(dir)), "without its commit the batch is not there");
    }
}
