package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tsstore.api.Durability;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.core.AbstractSizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * {@link SegmentLog} alone, against segment files built by {@link RecordModel} from FORMAT.md: appends go
 * back to back with rising sequence numbers and are witnessed, a full segment is sealed before the next
 * is created, and an append that fails leaves the segment as if it had never been tried, byte for byte when
 * the caller's series is what failed.
 */
class SegmentLogTest {

    private static final double[] T2 = {1.5, 2.5};
    private static final double[] V2 = {-3.0, 4.25};
    private static final double[] NONE = {};

    private static SegmentLog start(Path dir, long segmentBytes) throws IOException {
        MmapConfig config = new MmapConfig(Durability.OS, true, 1.0, segmentBytes, Segment.DEFAULT_WINDOW_SHIFT);
        SegmentLog log = new SegmentLog(dir, config, List.of(), 0, false);
        log.start(new KeyDirectory());
        return log;
    }

    private static SegmentLog.RecordBody store(String id, SizedContainerTimeSeries s) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        return (writer, channel, position, sequence) -> {
            writer.writeStore(channel, position, idBytes, sequence, s, s.size());
            return position;
        };
    }

    /** One record appended: live (a store) or not (a tombstone). */
    private static SegmentLog.Appended append(SegmentLog log, long length, boolean live, String what,
            SegmentLog.RecordBody body) {
        return log.append(length, 1, live ? length : 0, what, body);
    }

    private static SegmentLog.RecordBody tombstone(String id) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        return (writer, channel, position, sequence) -> {
            writer.writeMarker(channel, position, RecordFormat.TOMBSTONE, idBytes, sequence);
            return position;
        };
    }

    /** Record length by FORMAT.md: 24 + L + padding + 16n + 8. */
    private static long length(String id, int points) {
        int l = id.getBytes(StandardCharsets.UTF_8).length;
        return 24 + l + (8 - l % 8) % 8 + 16L * points + 8;
    }

    /** A segment file's bytes as the model says: the header witnessing {@code witnessed}, then the records. */
    private static byte[] segment(long witnessed, byte[]... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = RecordModel.segmentHeader();
        long units = witnessed / 8;
        for (int i = 0; i < 4; i++) {
            header[12 + i] = (byte) (units >>> (8 * i));
        }
        out.writeBytes(header);
        for (byte[] r : records) {
            out.writeBytes(r);
        }
        return out.toByteArray();
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

    private static Path file(Path dir, int number) {
        return dir.resolve(Segment.fileName(number));
    }

    @Test
    void appendsGoBackToBackWithRisingSequenceNumbersAndAreWitnessed() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-log-append");
        SegmentLog log = start(dir, 4096);
        assertArrayEquals(segment(0), Files.readAllBytes(file(dir, 1)), "a new segment is its header, no witness");

        SegmentLog.Appended a = append(log, length("a", 2), true, "store series 'a'", store("a", ArrayTimeSeries.of(T2, V2)));
        SegmentLog.Appended b = append(log, length("b", 0), false, "delete series 'b'", tombstone("b"));

        assertEquals(1, a.segment.number);
        assertEquals(16, a.position);
        assertEquals(16 + 72, b.position);
        assertEquals(16 + 72 + 40, log.active().end);
        assertEquals(2, log.nextSequence());
        assertArrayEquals(segment(128, RecordModel.record(1, "a", T2, V2, 0), RecordModel.record(2, "b", NONE, NONE, 1)),
                logical(file(dir, 1)));
        log.retire();
    }

    @Test
    void aFullSegmentIsSealedBeforeTheNextTakesTheRecord() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-log-roll");
        SegmentLog log = start(dir, 100);
        double[] t10 = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        append(log, 72, true, "store series 'a'", store("a", ArrayTimeSeries.of(T2, V2))); // 16 to 88
        SegmentLog.Appended b = append(log, 72, true, "store series 'b'", store("b", ArrayTimeSeries.of(T2, V2)));
        // a record longer than a segment gets one of its own
        SegmentLog.Appended c = append(log, length("c", 10), true, "store series 'c'",
                store("c", ArrayTimeSeries.of(t10, t10)));

        assertEquals(2, b.segment.number);
        assertEquals(16, b.position);
        assertEquals(3, c.segment.number);
        assertEquals(List.of(1, 2, 3), log.segments().stream().map(s -> s.number).toList());
        assertTrue(log.segments().get(0).sealed);
        assertTrue(log.segments().get(1).sealed);
        assertFalse(log.active().sealed);
        assertEquals(5, log.nextSequence(), "three records and two seals");
        // seals are not witnessed: each header witnesses the end of its last store record
        assertArrayEquals(segment(88, RecordModel.record(1, "a", T2, V2, 0), RecordModel.record(3, "", NONE, NONE, 1)),
                logical(file(dir, 1)));
        assertArrayEquals(segment(88, RecordModel.record(1, "b", T2, V2, 2), RecordModel.record(3, "", NONE, NONE, 3)),
                logical(file(dir, 2)));
        assertArrayEquals(segment(16 + 200, RecordModel.record(1, "c", t10, t10, 4)), logical(file(dir, 3)));
        log.retire();
    }

    /**
     * A roll whose new segment cannot be created (here a directory is in the way of its temporary file)
     * is a StorageException; the full segment stays sealed, once, and the next append creates the segment.
     */
    @Test
    void aFailedRollIsTriedAgainOnTheNextAppend() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-log-failed-roll");
        SegmentLog log = start(dir, 100);
        append(log, 72, true, "store series 'a'", store("a", ArrayTimeSeries.of(T2, V2)));
        Path blocker = Files.createDirectory(dir.resolve(Segment.fileName(2) + Segment.TEMP_SUFFIX));

        StorageException e = assertThrows(StorageException.class,
                () -> append(log, 72, true, "store series 'b'", store("b", ArrayTimeSeries.of(T2, V2))));
        assertTrue(e.getMessage().startsWith("cannot start a new segment after " + file(dir, 1)), e.getMessage());
        assertEquals(List.of(1), log.segments().stream().map(s -> s.number).toList());
        assertTrue(log.active().sealed);

        Files.delete(blocker);
        SegmentLog.Appended b = append(log, 72, true, "store series 'b'", store("b", ArrayTimeSeries.of(T2, V2)));
        assertEquals(2, b.segment.number);
        assertArrayEquals(segment(88, RecordModel.record(1, "a", T2, V2, 0), RecordModel.record(3, "", NONE, NONE, 1)),
                logical(file(dir, 1)));
        assertArrayEquals(segment(88, RecordModel.record(1, "b", T2, V2, 2)), logical(file(dir, 2)));
        log.retire();
    }

    /**
     * A series that turns out invalid after megabytes of it reached the file: the append throws, and the file is
     * exactly as it was, length and bytes (the witness and the zero room after the last record included); the
     * segment keeps its end and sequence numbers, and the next append goes where the refused one would have.
     */
    @Test
    void aFailedWriteIsUndoneExactly() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-log-rollback");
        SegmentLog log = start(dir, 1L << 30);
        append(log, 72, true, "store series 'a'", store("a", ArrayTimeSeries.of(T2, V2)));
        byte[] before = Files.readAllBytes(file(dir, 1));
        int n = 200_000;
        double[] times = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = i == 150_000 ? 0 : i;
        }
        SizedContainerTimeSeries bad = new ArrayTimeSeriesWithoutChecks(times);

        assertThrows(IllegalArgumentException.class,
                () -> append(log, length("big", n), true, "store series 'big'", store("big", bad)));

        assertArrayEquals(before, Files.readAllBytes(file(dir, 1)), "the file as it was, length and bytes");
        assertEquals(88, log.active().end);
        assertEquals(1, log.nextSequence());

        append(log, length("b", 0), false, "delete series 'b'", tombstone("b"));
        assertArrayEquals(segment(128, RecordModel.record(1, "a", T2, V2, 0), RecordModel.record(2, "b", NONE, NONE, 1)),
                logical(file(dir, 1)));
        log.retire();
    }

    /**
     * A record larger than the writer's buffer that needs a segment of its own goes into the new segment's
     * temporary file: refused, it leaves no file behind and the full segment unsealed; accepted, the full one is
     * sealed (its seal numbered before the record) and the new one renamed into place.
     */
    @Test
    void aLargeRecordInANewSegmentIsWrittenBeforeTheSeal() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-log-large-roll");
        SegmentLog log = start(dir, 4096);
        append(log, 72, true, "store series 'a'", store("a", ArrayTimeSeries.of(T2, V2)));
        byte[] before = Files.readAllBytes(file(dir, 1));
        int n = 100_000;
        double[] times = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = i == n - 1 ? 0 : i; // refused at the very end, after its times reached the file
        }
        assertThrows(IllegalArgumentException.class, () -> append(log, length("big", n), true, "store series 'big'",
                store("big", new ArrayTimeSeriesWithoutChecks(times))));
        assertEquals(List.of(file(dir, 1)), SegmentFiles.list(dir));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left");
        }
        assertArrayEquals(before, Files.readAllBytes(file(dir, 1)));
        assertFalse(log.active().sealed);

        times[n - 1] = n - 1;
        SegmentLog.Appended big = append(log, length("big", n), true, "store series 'big'",
                store("big", ArrayTimeSeries.of(times, times)));
        assertEquals(2, big.segment.number);
        assertEquals(16, big.position);
        assertEquals(3, log.nextSequence(), "a, the seal, big");
        assertArrayEquals(segment(88, RecordModel.record(1, "a", T2, V2, 0), RecordModel.record(3, "", NONE, NONE, 1)),
                logical(file(dir, 1)));
        assertArrayEquals(segment(16 + length("big", n), RecordModel.record(1, "big", times, times, 2)),
                logical(file(dir, 2)));
        assertEquals(16 + length("big", n), Files.size(file(dir, 2)), "no room after a record of its own");
        log.retire();
    }

    /**
     * A failure after the record reached the file complete (a failing force, say) is a StorageException
     * naming the write and the segment; the complete record is not found by a scan afterwards.
     */
    @Test
    void aRecordRefusedAfterItWasWrittenIsNeverFound() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-log-refused");
        SegmentLog log = start(dir, 1L << 30);
        append(log, 72, true, "store series 'a'", store("a", ArrayTimeSeries.of(T2, V2)));
        SegmentLog.RecordBody thenFail = (writer, channel, position, sequence) -> {
            store("b", ArrayTimeSeries.of(T2, V2)).write(writer, channel, position, sequence);
            throw new IOException("no space left on device");
        };

        StorageException e = assertThrows(StorageException.class,
                () -> append(log, 72, true, "store series 'b'", thenFail));

        assertTrue(e.getMessage().startsWith("cannot store series 'b' in segment file " + file(dir, 1)), e.getMessage());
        assertTrue(e.getMessage().endsWith("no space left on device"), e.getMessage());
        assertEquals(List.of("a"), SegmentFiles.records(file(dir, 1)).stream().map(h -> h.id).toList());
        assertEquals(88, SegmentFiles.witness(file(dir, 1)));
        append(log, 72, true, "store series 'c'", store("c", ArrayTimeSeries.of(T2, V2)));
        assertArrayEquals(segment(160, RecordModel.record(1, "a", T2, V2, 0), RecordModel.record(1, "c", T2, V2, 1)),
                logical(file(dir, 1)));
        log.retire();
    }

    /** A series whose times break the rules, which {@link ArrayTimeSeries} would refuse to build. */
    private static final class ArrayTimeSeriesWithoutChecks extends AbstractSizedContainerTimeSeries {
        private final double[] times;

        ArrayTimeSeriesWithoutChecks(double[] times) {
            this.times = times;
        }

        @Override
        public int size() {
            return times.length;
        }

        @Override
        public double time(int index) {
            return times[index];
        }

        @Override
        public double value(int index) {
            return 0;
        }
    }
}
