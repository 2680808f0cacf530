package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.codec.BlockFormat;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Appends to a compressed store beside a model of plain arrays: they fill the open block (a series grown by
 * appends is full blocks and one open run, not a block per append), read back bit for bit before and after
 * reopening and compaction; a crash inside the record that re-encodes the open blocks leaves the old tail or the
 * new one; {@code size} decodes nothing; a block's checksum is checked when a read first decodes it.
 */
class CompressedAppendTest {

    private static final MmapStorageManagerProvider PROVIDER = new MmapStorageManagerProvider();
    private static final Map<String, String> COMPRESSED = Map.of("codec", "compressed");
    private static final Map<String, String> SMALL = Map.of("codec", "compressed", "segmentBytes", "1m");

    /** Point {@code k} of the model: whole-minute times, two-decimal values. */
    private static double time(int k) {
        return 1_600_000_000 + 60.0 * k;
    }

    private static double value(int k) {
        return Math.round(2000 * Math.sin(k / 50.0) + (k % 7) * 3) / 100.0;
    }

    private static ArrayTimeSeries points(int from, int n) {
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = time(from + i);
            v[i] = value(from + i);
        }
        return ArrayTimeSeries.of(t, v);
    }

    private static void assertModel(int n, SizedContainerTimeSeries s, String what) {
        assertEquals(n, s.size(), what + ": size");
        double[] t = s.times();
        double[] v = s.values();
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(time(i)), Double.doubleToRawLongBits(t[i]), what + ": time " + i);
            assertEquals(Double.doubleToRawLongBits(value(i)), Double.doubleToRawLongBits(v[i]), what + ": value " + i);
        }
    }

    /** Every block before the open run holds 1,024 points, and the run starts at the last multiple of 1,024. */
    private static void assertFilled(int n, StorageManager c, String what) {
        CompressedBlocks b = ((CompressedSeries) c.get("s")).blocks();
        int full = n / BlockFormat.BLOCK_POINTS;
        assertEquals(full * BlockFormat.BLOCK_POINTS, b.start(b.firstOpen()), what + ": open run start");
        for (int k = 0; k < full; k++) {
            assertEquals(BlockFormat.BLOCK_POINTS, b.points(k), what + ": block " + k);
        }
    }

    @Test
    void appendsFillTheOpenBlockAndReadBackBitForBit(@TempDir Path dir) {
        Random random = new Random(21);
        int[] sizes = {1, 1, 1, 2, 5, 17, 100, 700, 1500, 3000};
        int n = 0;
        try (StorageManager c = PROVIDER.open(dir, COMPRESSED)) {
            c.store("s", points(0, 1500)); // one full block and an open one of 476
            n = 1500;
            for (int step = 0; step < 120; step++) {
                int k = sizes[random.nextInt(sizes.length)];
                if (step % 3 == 0) {
                    Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
                    batch.put("s", points(n, k));
                    batch.put("other", points(n, 1));
                    c.appendAll(batch);
                } else {
                    assertEquals(n + k, c.append("s", points(n, k)));
                }
                n += k;
                assertEquals(n, c.size("s"));
                if (step % 20 == 0) {
                    assertModel(n, c.get("s"), "after step " + step);
                    assertFilled(n, c, "after step " + step);
                }
            }
            assertModel(n, c.get("s"), "appended");
            assertFilled(n, c, "appended");
        }
        try (StorageManager c = PROVIDER.open(dir, COMPRESSED)) {
            assertModel(n, c.get("s"), "reopened");
            assertFilled(n, c, "reopened");
            c.append("s", points(n, 3)); // the tail is found again from the headers
            n += 3;
            c.compact();
            CompressedSeries s = (CompressedSeries) c.get("s");
            assertEquals((n + BlockFormat.BLOCK_POINTS - 1) / BlockFormat.BLOCK_POINTS, s.blockCount());
            assertEquals(0, s.blocks().superseded());
            assertModel(n, s, "compacted");
            assertTrue(c.verify().isClean());
        }
    }

    @Test
    void oneByOneAppendsKeepOneOpenRun(@TempDir Path dir) {
        try (StorageManager c = PROVIDER.open(dir, COMPRESSED)) {
            for (int i = 0; i < 2_100; i++) {
                c.append("s", points(i, 1));
            }
            CompressedSeries s = (CompressedSeries) c.get("s");
            // two full blocks, then one one-point block per append since the second filled
            assertEquals(2 + 2_100 - 2_048, s.blockCount());
            assertEquals(2 * 1023, s.blocks().superseded(), "each full block superseded the run it re-encoded");
            assertModel(2_100, s, "one by one");
            assertFilled(2_100, c, "one by one");
        }
    }

    @Test
    void aCrashInsideTheReencodingRecordLeavesTheOldTailOrTheNewOne(@TempDir Path tmp) throws IOException {
        Path template = tmp.resolve("template");
        Path segmentName;
        long before;
        long after;
        try (StorageManager c = PROVIDER.open(template, SMALL)) {
            c.store("s", points(0, 1000));
            c.append("s", points(1000, 10)); // an open run of two blocks
            segmentName = SegmentFiles.list(template).get(0).getFileName();
            before = SegmentFiles.witness(template.resolve(segmentName));
            assertEquals(1034, c.append("s", points(1010, 24))); // completes the block: a cut and a full block
            after = SegmentFiles.witness(template.resolve(segmentName));
        }
        List<RecordHeader> records = SegmentFiles.records(template.resolve(segmentName));
        assertEquals(before, records.get(records.size() - 1).offset, "the last record is the re-encoding one");
        assertTrue(after > before + 8);
        List<Long> cuts = new java.util.ArrayList<>();
        for (long cut = before + 8; cut < after; cut += Math.max(8, (after - before) / 12 / 8 * 8)) {
            cuts.add(cut);
        }
        cuts.add(after - 8);
        cuts.add(after);
        for (long cut : cuts) {
            Path dir = tmp.resolve("cut-" + cut);
            Files.createDirectories(dir);
            Files.copy(template.resolve(StoreCodec.FILE), dir.resolve(StoreCodec.FILE));
            Path segment = dir.resolve(segmentName);
            Files.copy(template.resolve(segmentName), segment, StandardCopyOption.REPLACE_EXISTING);
            boolean whole = cut == after;
            if (!whole) {
                SegmentFiles.truncate(segment, cut);
                SegmentFiles.setWitness(segment, before); // the crash came before the record was witnessed
            }
            try (StorageManager c = PROVIDER.open(dir, SMALL)) {
                int n = whole ? 1034 : 1010;
                assertModel(n, c.get("s"), "cut at " + cut);
                assertTrue(c.verify().isClean(), "cut at " + cut);
                c.append("s", points(n, 5)); // and appends go on from the tail it kept
                assertModel(n + 5, c.get("s"), "appended after the cut at " + cut);
            }
        }
    }

    @Test
    void sizeDecodesNothing(@TempDir Path dir) {
        try (StorageManager c = PROVIDER.open(dir, COMPRESSED)) {
            c.store("s", points(0, 10_000));
            for (int i = 0; i < 30; i++) {
                c.append("s", points(10_000 + 7 * i, 7));
            }
        }
        try (StorageManager c = PROVIDER.open(dir, COMPRESSED)) {
            long decodes = CompressedSeries.allDecodes();
            assertEquals(10_210, c.size("s"));
            assertEquals(List.of("s"), List.copyOf(c.ids()));
            SizedContainerTimeSeries s = c.get("s");
            assertEquals(10_210, s.size());
            assertEquals(decodes, CompressedSeries.allDecodes(), "size and get decode no block");
            // the counter does count: a mean decodes every block
            s.mean();
            assertTrue(CompressedSeries.allDecodes() >= decodes + ((CompressedSeries) s).blockCount());
        }
    }

    /** The file offset of payload byte {@code p} of a record of {@code units} units whose data starts at {@code data}. */
    private static long fileOffset(long data, int units, long p) {
        long unit = p / 16;
        long within = p % 16;
        return within < 8 ? data + 8 * unit + within : data + 8L * units + 8 * unit + within - 8;
    }

    @Test
    void aBlockIsCheckedWhenItIsFirstDecoded(@TempDir Path dir) throws IOException {
        ArrayTimeSeries p = points(0, 5 * 1024);
        List<byte[]> blocks = BlockFormat.encodeAll(p.times(), p.values(), 0, p.size());
        long block2 = 4; // payload offset of block 2's bytes: past the frames of blocks 0 and 1
        for (int b = 0; b < 2; b++) {
            block2 += ((blocks.get(b).length + 3) & ~3) + 4;
        }
        try (StorageManager c = PROVIDER.open(dir, COMPRESSED)) {
            c.store("s", p);
            c.flush();
            assertEquals(p.mean(), c.get("s").mean()); // the record's checksums are checked on its first read
            Path segment = SegmentFiles.list(dir).get(0);
            RecordHeader h = SegmentFiles.records(segment).get(0);
            // damage in block 2's value bits, under the open store: only a decode of block 2 can see it
            SegmentFiles.flip(segment, fileOffset(h.dataOffset(), h.points, block2 + blocks.get(2).length - 12), 0x04);
            SizedContainerTimeSeries s = c.get("s");
            assertEquals(5 * 1024, c.size("s"));
            assertEquals(1024, c.get("s", time(0), time(1024)).values().length, "block 0 reads");
            assertEquals(1024, c.get("s", time(3 * 1024), time(4 * 1024)).values().length, "block 3 reads");
            StorageException range = assertThrows(StorageException.class,
                    () -> c.get("s", time(2 * 1024 + 10), time(2 * 1024 + 20)).values());
            assertTrue(range.getMessage().contains("\"s\"") && range.getMessage().contains("block 2"),
                    range::getMessage);
            StorageException mean = assertThrows(StorageException.class, s::mean);
            assertTrue(mean.getMessage().contains("block 2"), mean::getMessage);
        }
    }

    @Test
    void aSmallAppendIsARawEntryCheckedWhenFirstRead(@TempDir Path dir) throws IOException {
        try (StorageManager c = PROVIDER.open(dir, COMPRESSED)) {
            c.store("s", points(0, 1000));
            c.append("s", points(1000, 5));
            CompressedSeries s = (CompressedSeries) c.get("s");
            assertEquals(2, s.blockCount());
            assertTrue(s.blocks().raw(1), "five points make a raw entry");
            assertModel(1005, s, "raw entry");
            c.flush();
            Path segment = SegmentFiles.list(dir).get(0);
            List<RecordHeader> records = SegmentFiles.records(segment);
            RecordHeader h = records.get(records.size() - 1);
            assertEquals(RecordFormat.EXTENT, h.kind);
            // the entry: mark, count, 5 times, 5 values, checksum; damage the second value's bits
            SegmentFiles.flip(segment, fileOffset(h.dataOffset(), h.points, 8 + 40 + 8 + 2), 0x01);
            SizedContainerTimeSeries again = c.get("s");
            assertEquals(1005, again.size());
            assertEquals(1000, c.get("s", time(0), time(1000)).values().length, "the block before reads");
            StorageException e = assertThrows(StorageException.class, again::values);
            assertTrue(e.getMessage().contains("block 1") && e.getMessage().contains("raw points"), e::getMessage);
        }
    }
}
