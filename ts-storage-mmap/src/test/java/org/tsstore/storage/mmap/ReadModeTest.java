package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;
import static org.tsstore.testkit.ReadModeModel.assertMatches;
import static org.tsstore.testkit.ReadModeModel.assertSeries;
import static org.tsstore.testkit.ReadModeModel.concat;
import static org.tsstore.testkit.ReadModeModel.points;
import static org.tsstore.testkit.ReadModeModel.series;
import org.tsstore.testkit.ReadModeModel;

/**
 * {@code mode=read}: a reader on the directory of a live writer in this JVM follows it (new series, appends,
 * overwrites, deletes, batches, compaction) against a model of plain arrays, serves no record past a segment's
 * witness, leaves the directory byte for byte as it found it, and refuses every write.
 */
class ReadModeTest {

    private static final MmapStorageManagerProvider PROVIDER = new MmapStorageManagerProvider();

    private static StorageManager reader(Path dir) {
        return PROVIDER.open(dir, Map.of("mode", "read"));
    }


    private record Held(SizedContainerTimeSeries view, double[][] expected) {}

    @Test
    void followsEveryKindOfWriteAndCompaction() throws Exception {
        Path dir = StoreDirectories.newDirectory("mmap-readmode");
        Map<String, double[][]> model = new TreeMap<>();
        List<Held> held = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(17);
        try (MmapStorageManager writer = MmapStorageManager.open(dir, Map.of("segmentBytes", "4096",
                "compactAt", "1"));
                StorageManager reader = reader(dir)) {
            assertEquals(Map.of().keySet(), reader.ids());
            int compactions = 0;
            for (int op = 0; op < 400; op++) {
                int id = random.nextInt(12);
                String key = "s" + id;
                int kind = random.nextInt(10);
                double[][] old = model.get(key);
                if (kind < 3) {
                    double[][] p = points(id, op, 0, 1 + random.nextInt(20));
                    writer.store(key, series(p));
                    model.put(key, p);
                } else if (kind < 6 && old != null && old[0].length > 0) {
                    double[][] p = points(id, op, old[0][old[0].length - 1] + 1, 1 + random.nextInt(5));
                    writer.append(key, series(p));
                    model.put(key, concat(old, p));
                } else if (kind == 6) {
                    assertEquals(old != null, writer.delete(key));
                    model.remove(key);
                } else if (kind == 7) {
                    String other = "s" + ((id + 1) % 12);
                    double[][] p = points(id, op, 0, 3);
                    double[][] q = points(id + 1, op, 0, 4);
                    writer.storeAll(Map.of(key, series(p), other, series(q)));
                    model.put(key, p);
                    model.put(other, q);
                } else if (kind == 8 && !model.isEmpty()) {
                    for (Map.Entry<String, double[][]> e : model.entrySet()) {
                        held.add(new Held(reader.get(e.getKey()), e.getValue()));
                    }
                    writer.compact();
                    compactions++;
                } else {
                    continue;
                }
                assertMatches(model, reader, "after operation " + op);
            }
            assertTrue(compactions >= 10, "compactions: " + compactions);
            for (Held h : held) {
                assertSeries(h.expected(), h.view(), "a view the reader returned before a compaction");
            }
            assertThrows(NoSuchSeriesException.class, () -> reader.get("never"));
        }
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

    /** Every file of a directory, by name, with its bytes. */
    private static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> all = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                all.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return all;
    }

    private static void assertSameFiles(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertEquals(before.keySet(), after.keySet(), "file names");
        for (String name : before.keySet()) {
            assertEquals(before.get(name).length, after.get(name).length, "length of " + name);
            assertArrayEquals(before.get(name), after.get(name), "bytes of " + name);
        }
    }

    @Test
    void theReaderChangesNoByteOfTheDirectory() throws Exception {
        Path dir = StoreDirectories.newDirectory("mmap-readmode-untouched");
        try (MmapStorageManager writer = MmapStorageManager.open(dir, Map.of("segmentBytes", "4096",
                "compactAt", "1"))) {
            for (int i = 0; i < 60; i++) {
                writer.store("s" + (i % 7), series(points(i % 7, i, 0, 10)));
            }
            writer.delete("s3");
            writer.flush(); // a hint file too
            // what a writer's open would clean up: a torn tail, temporary files
            Path last;
            try (Stream<Path> files = Files.list(dir)) {
                last = files.filter(p -> p.toString().endsWith(".seg")).sorted().reduce((x, y) -> y).orElseThrow();
            }
            Files.write(last, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, StandardOpenOption.APPEND);
            Files.write(dir.resolve("0000000099.seg.tmp"), new byte[] {9});
            Files.write(dir.resolve(HintFile.TEMP_NAME), new byte[] {9});
            Map<String, byte[]> before = contents(dir);
            try (StorageManager reader = reader(dir)) {
                for (String id : reader.ids()) {
                    reader.get(id);
                    reader.size(id);
                }
                assertFalse(reader.contains("s3"));
                reader.verify();
                reader.flush();
            }
            assertSameFiles(before, contents(dir));
        }
    }

    @Test
    void everyWriteIsRefusedSayingReadOnly() throws Exception {
        Path dir = StoreDirectories.newDirectory("mmap-readmode-refused");
        double[][] a = points(1, 1, 0, 5);
        try (MmapStorageManager writer = MmapStorageManager.open(dir)) {
            writer.store("a", series(a));
        }
        Map<String, byte[]> before = contents(dir);
        try (StorageManager reader = reader(dir)) {
            ArrayTimeSeries more = series(points(1, 2, 10, 2));
            List<Executable> writes = List.of(
                    () -> reader.store("a", more),
                    () -> reader.store("new", more),
                    () -> reader.append("a", more),
                    () -> reader.storeAll(Map.of("a", more, "b", more)),
                    () -> reader.appendAll(Map.of("a", more)),
                    () -> reader.delete("a"),
                    reader::compact,
                    reader::repair);
            for (Executable w : writes) {
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, w);
                assertTrue(e.getMessage().contains("opened read-only"), e.getMessage());
                assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            }
            reader.flush(); // nothing to force: a no-op
            assertMatches(Map.of("a", a), reader, "after the refused writes");
        }
        assertSameFiles(before, contents(dir));
    }

    @Test
    void aMissingDirectoryIsRefusedAndNotCreated() {
        Path dir = StoreDirectories.newDirectory("mmap-readmode-missing").resolve("absent");
        StorageException e = assertThrows(StorageException.class, () -> reader(dir));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertFalse(Files.exists(dir));
    }

    @Test
    void anUnknownModeIsRefusedNamingTheOption() {
        Path dir = StoreDirectories.newDirectory("mmap-readmode-badmode");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PROVIDER.open(dir, Map.of("mode", "readonly")));
        assertTrue(e.getMessage().contains("mode"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MmapStorageManager.open(dir, Map.of("mode", "read")));
        try (StorageManager writer = PROVIDER.open(dir, Map.of("mode", "write"))) {
            assertTrue(writer instanceof MmapStorageManager);
        }
    }

    @Test
    void aReaderRunsBesideTheWriterWhileTheWriterHoldsTheLock() throws Exception {
        Path dir = StoreDirectories.newDirectory("mmap-readmode-lock");
        try (MmapStorageManager writer = MmapStorageManager.open(dir);
                StorageManager r1 = reader(dir);
                StorageManager r2 = reader(dir)) {
            writer.store("x", series(points(1, 1, 0, 2)));
            assertEquals(2, r1.size("x"));
            assertEquals(2, r2.size("x"));
            assertThrows(StorageException.class, () -> MmapStorageManager.open(dir)); // the one writer
        }
    }
    @Test
    void aReaderThreadBesideAWriterThreadSeesOnlyAcknowledgedVersionsInOrder() throws Exception {
        Path dir = StoreDirectories.newDirectory("mmap-readmode-live");
        try (MmapStorageManager writer = MmapStorageManager.open(dir, Map.of("segmentBytes", "4096",
                "compactAt", "1"));
                StorageManager reader = reader(dir)) {
            ReadModeModel.assertReaderThreadFollowsWriterThread(writer, reader, 6, 3000);
        }
    }

    @Test
    void aReaderOutlivesItsWriterAndFollowsTheNextOne() throws Exception {
        Path dir = StoreDirectories.newDirectory("mmap-readmode-next-writer");
        double[][] a = points(1, 1, 0, 5);
        double[][] b = points(2, 1, 0, 9);
        double[][] more = points(1, 2, 5, 3);
        MmapStorageManager first = MmapStorageManager.open(dir, Map.of("segmentBytes", "4096"));
        first.store("a", series(a));
        try (StorageManager reader = reader(dir)) {
            assertMatches(Map.of("a", a), reader, "beside the first writer");
            first.close(); // cuts the sparse room off the newest segment on the next open, writes a hint
            assertMatches(Map.of("a", a), reader, "after the first writer closed");
            try (MmapStorageManager second = MmapStorageManager.open(dir, Map.of("segmentBytes", "4096"))) {
                second.store("b", series(b));
                assertMatches(Map.of("a", a, "b", b), reader, "beside the second writer");
                second.append("a", series(more));
                second.delete("b");
                assertMatches(Map.of("a", concat(a, more)), reader, "after its append and delete");
            }
        }
    }

    @Test
    void aReaderOpenedBeforeTheNextWriterCutsTheSparseTailStillReads() throws Exception {
        Path dir = StoreDirectories.newDirectory("mmap-readmode-cut-tail");
        double[][] a = points(1, 1, 0, 5);
        double[][] b = points(2, 1, 0, 9);
        try (MmapStorageManager first = MmapStorageManager.open(dir)) {
            first.store("a", series(a)); // the newest segment keeps its sparse room when the writer closes
        }
        try (StorageManager reader = reader(dir)) {
            // the reader found the file with its room; the next writer cuts it off before the reader maps it
            try (MmapStorageManager second = MmapStorageManager.open(dir)) {
                assertMatches(Map.of("a", a), reader, "after the next writer cut the room off");
                second.store("b", series(b));
                second.flush();
                assertMatches(Map.of("a", a, "b", b), reader, "beside the next writer");
            }
        }
    }
}
