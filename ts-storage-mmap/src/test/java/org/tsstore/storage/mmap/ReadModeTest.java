package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tsstore.api.StorageManager;
import org.tsstore.testkit.BackendFixture;
import org.tsstore.testkit.ReadOnlyContract;
import org.tsstore.testkit.StoreDirectories;
import static org.tsstore.testkit.ReadModeModel.assertMatches;
import static org.tsstore.testkit.ReadModeModel.points;
import static org.tsstore.testkit.ReadModeModel.series;

/**
 * {@code mode=read} on the mmap backend: the {@link ReadOnlyContract} with small segments (a reader follows every
 * kind of write and compaction of a live writer, keeps its views, refuses writes, changes no byte, outlives its
 * writer and reads on after the next one cuts the sparse tail), and what is the mmap format's own: no record past
 * a segment's witness is served, and a half-written record is ignored.
 */
class ReadModeTest implements ReadOnlyContract {

    private static final MmapStorageManagerProvider PROVIDER = new MmapStorageManagerProvider();

    /** Small segments roll and compact often; no automatic compaction, so the contract's compactions are its own. */
    private static final BackendFixture SMALL_SEGMENTS = MmapBackendTest.MMAP.withOption("segmentBytes", "4096")
            .withOption("compactAt", "1");

    @Override
    public BackendFixture fixture() {
        return SMALL_SEGMENTS;
    }

    /** A torn tail on the newest segment and temporary segment and hint files, as a cut write leaves them. */
    @Override
    public void leaveWhatAWriterCleansUp(StorageManager writer, Path dir) throws IOException {
        Path last;
        try (Stream<Path> files = Files.list(dir)) {
            last = files.filter(p -> p.toString().endsWith(".seg")).sorted().reduce((x, y) -> y).orElseThrow();
        }
        Files.write(last, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, StandardOpenOption.APPEND);
        Files.write(dir.resolve("0000000099.seg.tmp"), new byte[] {9});
        Files.write(dir.resolve(HintFile.TEMP_NAME), new byte[] {9});
    }

    private static StorageManager reader(Path dir) {
        return PROVIDER.open(dir, Map.of("mode", "read"));
    }

    /** The witness of a segment file: its bytes 12 to 16. */
    private static int witness(Path segment) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, 12);
            return b.getInt(0);
        }
    }

    private static void setWitness(Path segment, int witness) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, witness);
            ch.write(b, 12);
        }
    }

    private static Path onlySegment(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> segments = files.filter(p -> p.getFileName().toString().endsWith(".seg")).toList();
            assertEquals(1, segments.size(), segments.toString());
            return segments.get(0);
        }
    }

    @Test
    void aCompleteRecordPastTheWitnessIsNotServedUntilWitnessed() throws Exception {
        Path dir = StoreDirectories.newDirectory("mmap-readmode-witness");
        double[][] a = points(1, 1, 0, 5);
        double[][] b1 = points(2, 1, 0, 3);
        double[][] b2 = points(2, 2, 0, 7);
        try (MmapStorageManager writer = MmapStorageManager.open(dir, Map.of("compactAt", "1"))) {
            writer.store("a", series(a));
            writer.store("b", series(b1));
            Path segment = onlySegment(dir);
            int acknowledged = witness(segment);
            writer.store("b", series(b2));
            writer.store("c", series(a));
            int later = witness(segment);
            setWitness(segment, acknowledged); // "b" v2 and "c" complete, as if not acknowledged yet
            try (StorageManager reader = reader(dir)) {
                assertMatches(Map.of("a", a, "b", b1), reader, "witness before the last two records");
                setWitness(segment, later); // the writer acknowledges them
                assertMatches(Map.of("a", a, "b", b2, "c", a), reader, "witness after them");
            }
        }
    }

    @Test
    void aHalfWrittenRecordIsIgnored() throws Exception {
        Path dir = StoreDirectories.newDirectory("mmap-readmode-torn");
        double[][] a = points(1, 1, 0, 5);
        try (MmapStorageManager writer = MmapStorageManager.open(dir, Map.of("compactAt", "1"))) {
            writer.store("a", series(a));
            Path segment = onlySegment(dir);
            long end = logicalEnd();
            try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                // the first 16 bytes of a record header, as a write cut short leaves them
                ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                head.putInt(0, RecordFormat.RECORD_MAGIC).put(4, (byte) 2).put(5, (byte) 1).put(6, (byte) 1);
                head.putInt(8, 1000);
                ch.write(head, end);
            }
            try (StorageManager reader = reader(dir)) {
                assertMatches(Map.of("a", a), reader, "beside a half-written record");
            }
        }
    }

    /** Where the next record goes: 16 bytes of header, then one store record of "a" with 5 points. */
    private static long logicalEnd() {
        return RecordFormat.SEGMENT_HEADER_BYTES + 24 + 8 + 16 * 5 + 8;
    }

    @Test
    void theWritersOwnOpenRefusesModeRead() {
        Path dir = StoreDirectories.newDirectory("mmap-readmode-writer-open");
        assertThrows(IllegalArgumentException.class, () -> MmapStorageManager.open(dir, Map.of("mode", "read")));
        try (StorageManager writer = PROVIDER.open(dir, Map.of("mode", "write"))) {
            assertTrue(writer instanceof MmapStorageManager);
        }
    }
}
