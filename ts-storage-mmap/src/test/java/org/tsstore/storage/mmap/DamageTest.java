package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * Damage done to segment files by hand: torn tails are cut off on open, flipped bytes are detected
 * (reported by {@code verify()}, refused by {@code get}) and never read as data, and a stale or corrupt
 * hint file is ignored in favour of a scan. Checked against a map of the series stored.
 */
class DamageTest {

    /** Stores {@code count} series of the given seed under ids s0..; each is stored once. */
    private static Map<String, ArrayTimeSeries> fill(MmapStorageManager store, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, ArrayTimeSeries> model = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int n = random.nextInt(60);
            double[] t = new double[n];
            double[] v = new double[n];
            for (int k = 0; k < n; k++) {
                t[k] = k * 1.5 + i;
                v[k] = random.nextDouble() * 1000 - 500;
            }
            ArrayTimeSeries s = ArrayTimeSeries.of(t, v);
            store.store("s" + i, s);
            model.put("s" + i, s);
        }
        return model;
    }

    private static void assertHolds(MmapStorageManager store, Map<String, ArrayTimeSeries> model) {
        assertEquals(model.keySet(), store.ids());
        model.forEach((id, s) -> assertEquals(s, store.get(id), id));
    }

    // ---- torn tails ---------------------------------------------------------------------------------

    /**
     * A last record cut short at any byte (the file truncated there, or zeroed from there as in the sparse
     * room after it) by a crash, that is before the writer witnessed it in the segment header, is cut off
     * on open: the earlier series read back, the cut one is gone (or its earlier version is back), the file
     * ends where the record began, and new writes work and persist.
     */
    @Property(tries = 60)
    void tornLastRecordIsCutOff(@ForAll @IntRange(min = 0, max = 10_000) int cutPermille, @ForAll boolean zeroFill,
            @ForAll boolean keepHint, @ForAll boolean hadEarlierVersion) throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-torn");
        Map<String, ArrayTimeSeries> model;
        ArrayTimeSeries last = ArrayTimeSeries.of(new double[] {1, 2, 3, 4, 5}, new double[] {9, 8, 7, 6, 5});
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            model = fill(store, 8, cutPermille);
            if (hadEarlierVersion) {
                store.store("last", ArrayTimeSeries.of(new double[] {0}, new double[] {0}));
            }
            store.store("last", last);
        }
        if (!keepHint) {
            Files.delete(dir.resolve(HintFile.NAME));
        }
        Path segment = SegmentFiles.list(dir).get(0);
        List<RecordHeader> records = SegmentFiles.records(segment);
        RecordHeader torn = records.get(records.size() - 1);
        assertEquals("last", torn.id);
        assertEquals(torn.end(), SegmentFiles.witness(segment), "the writer witnessed the last record");
        SegmentFiles.setWitness(segment, torn.offset); // the crash came before the witness was updated
        long cut = torn.offset + (torn.length - 1) * cutPermille / 10_000; // from its first byte to its last
        if (zeroFill) {
            SegmentFiles.zero(segment, cut, torn.end());
        } else {
            SegmentFiles.truncate(segment, cut);
        }
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            assertEquals(torn.offset, Files.size(segment), "the torn record was cut off");
            if (hadEarlierVersion) {
                model.put("last", ArrayTimeSeries.of(new double[] {0}, new double[] {0}));
            }
            assertHolds(store, model);
            assertTrue(store.verify().isClean());
            store.store("after", last);
            model.put("after", last);
        }
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            assertHolds(store, model);
        }
    }

    /**
     * The same cut of an acknowledged last record (its end witnessed in the segment header), with or
     * without the hint: records were lost, so it is damage, not a torn write. {@code verify()} reports it
     * naming the segment, every series whose record precedes the cut is refused (the lost record could
     * have replaced or deleted any of them), nothing reads back wrong, ids() lists none of them, and a
     * series stored afterwards reads back, also after reopening. The segment is left as it was.
     */
    @Property(tries = 40)
    void cutAcknowledgedLastRecordIsReported(@ForAll @IntRange(min = 0, max = 10_000) int cutPermille,
            @ForAll boolean zeroFill, @ForAll boolean keepHint, @ForAll boolean wasDelete) throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-cut");
        Map<String, ArrayTimeSeries> model;
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            model = fill(store, 8, cutPermille);
            if (wasDelete) {
                store.delete("s2"); // the lost record is a tombstone: s2 must not come back
            } else {
                store.store("s2", ArrayTimeSeries.of(new double[] {5}, new double[] {5})); // nor its old version
            }
        }
        if (!keepHint) {
            Files.delete(dir.resolve(HintFile.NAME));
        }
        Path segment = SegmentFiles.list(dir).get(0);
        List<RecordHeader> records = SegmentFiles.records(segment);
        RecordHeader cutRecord = records.get(records.size() - 1);
        long cut = cutRecord.offset + (cutRecord.length - 1) * cutPermille / 10_000;
        if (zeroFill) {
            SegmentFiles.zero(segment, cut, cutRecord.end());
        } else {
            SegmentFiles.truncate(segment, cut);
        }
        long damagedSize = Files.size(segment);
        ArrayTimeSeries after = ArrayTimeSeries.of(new double[] {1, 2}, new double[] {3, 4});
        for (int open = 0; open < 2; open++) {
            try (MmapStorageManager store = MmapStorageManager.open(dir)) {
                assertEquals(damagedSize, Files.size(segment), "the damaged segment is left as it was");
                IntegrityReport report = store.verify();
                assertFalse(report.isClean(), "a cut acknowledged record went unreported");
                assertTrue(report.damage().stream().anyMatch(d -> d.location().contains(segment.toString())),
                        report.damage().toString());
                for (String id : model.keySet()) {
                    StorageException refused = assertThrows(StorageException.class, () -> store.get(id), id);
                    assertTrue(refused.getMessage().contains(segment.toString()), refused.getMessage());
                    assertThrows(StorageException.class, () -> store.contains(id), id);
                }
                if (open == 0) {
                    assertEquals(Set.of(), store.ids());
                    store.store("after", after);
                } else {
                    assertEquals(Set.of("after"), store.ids());
                }
                assertEquals(after, store.get("after"));
                assertThrows(StorageException.class, store::compact, "a damaged store is not compacted");
            }
        }
    }

    /** Garbage after the last record (a write that failed half-way, say) is cut off too. */
    @Example
    void garbageAfterTheLastRecordIsCutOff() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-garbage");
        Map<String, ArrayTimeSeries> model;
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            model = fill(store, 5, 1);
        }
        Path segment = SegmentFiles.list(dir).get(0);
        List<RecordHeader> records = SegmentFiles.records(segment);
        long end = records.get(records.size() - 1).end();
        try (var ch = java.nio.channels.FileChannel.open(segment, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap("not a record, just bytes left by a crash".getBytes()), end);
        }
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            assertEquals(end, Files.size(segment));
            assertHolds(store, model);
        }
    }

    // ---- flipped bytes ------------------------------------------------------------------------------

    /**
     * One flipped bit anywhere before the last record. In the segment header's magic or version the store
     * refuses to open, naming the segment; in its witness no record is lost, so every series reads back or
     * is refused naming the segment, and any refusal is reported by {@code verify()}. In a record,
     * {@code verify()} reports damage and:
     * <ul>
     *   <li>in its data or data checksum: that series' {@code get} throws a {@link StorageException} naming
     *       the segment file, every other series reads back exactly;</li>
     *   <li>in its end mark (the header intact, so the damaged record is known to be that series'): that
     *       series is refused or missing, every other one reads back exactly;</li>
     *   <li>in its header, when the segments are scanned (no hint): the id of the damaged record is unknown,
     *       so it may have replaced any earlier series: every series whose record precedes it is refused
     *       naming the segment, every later one reads back exactly; with the hint, which knows the winning
     *       records, every other series reads back exactly.</li>
     * </ul>
     * Never wrong data.
     */
    @Property(tries = 150)
    void flippedBitIsNeverReadAsData(@ForAll @IntRange(min = 0, max = 1_000_000) int where,
            @ForAll @IntRange(min = 0, max = 7) int bit, @ForAll boolean keepHint) throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-flip");
        Map<String, ArrayTimeSeries> model;
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            model = fill(store, 10, where);
            store.store("sentinel", ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
        }
        if (!keepHint) {
            Files.delete(dir.resolve(HintFile.NAME));
        }
        Path segment = SegmentFiles.list(dir).get(0);
        List<RecordHeader> records = SegmentFiles.records(segment);
        RecordHeader sentinel = records.get(records.size() - 1);
        long position = (long) where * sentinel.offset / 1_000_001;
        SegmentFiles.flip(segment, position, 1 << bit);
        RecordHeader hit = null;
        Map<String, Long> offsets = new LinkedHashMap<>();
        for (RecordHeader h : records) {
            offsets.put(h.id, h.offset);
            if (position >= h.offset && position < h.end()) {
                hit = h;
            }
        }
        MmapStorageManager store;
        try {
            store = MmapStorageManager.open(dir);
        } catch (StorageException e) {
            assertTrue(position < RecordFormat.WITNESS_OFFSET, "open failed for a flip at " + position + ": " + e);
            assertTrue(e.getMessage().contains(segment.toString()), e.getMessage());
            return;
        }
        try (store) {
            IntegrityReport report = store.verify();
            if (hit == null) {
                assertTrue(position >= RecordFormat.WITNESS_OFFSET && position < RecordFormat.SEGMENT_HEADER_BYTES,
                        "a flip at " + position + " of the segment header went unnoticed");
                for (Map.Entry<String, ArrayTimeSeries> e : model.entrySet()) {
                    try {
                        assertEquals(e.getValue(), store.get(e.getKey()), e.getKey());
                    } catch (StorageException refused) {
                        assertTrue(refused.getMessage().contains(segment.toString()), refused.getMessage());
                        assertFalse(report.isClean(), "refused " + e.getKey() + " while verify() is clean");
                    }
                }
                return;
            }
            assertFalse(report.isClean(), "verify() missed a flip at " + position + " in " + hit);
            boolean inData = position >= hit.dataOffset() && position < hit.trailerOffset() + 4;
            boolean inHeader = position < hit.dataOffset();
            for (Map.Entry<String, ArrayTimeSeries> e : model.entrySet()) {
                String id = e.getKey();
                if (!id.equals(hit.id)) {
                    if (inHeader && !keepHint && offsets.get(id) < hit.offset) {
                        StorageException refused = assertThrows(StorageException.class, () -> store.get(id),
                                id + " precedes a damaged header at " + position);
                        assertTrue(refused.getMessage().contains(segment.toString()), refused.getMessage());
                        assertFalse(store.ids().contains(id));
                    } else {
                        assertEquals(e.getValue(), store.get(id), id + ", not hit by the flip in " + hit);
                    }
                    continue;
                }
                if (inData) {
                    StorageException refused = assertThrows(StorageException.class, () -> store.get(id),
                            "get of " + id + " with a flip in its data at " + position);
                    assertTrue(refused.getMessage().contains(segment.toString()), refused.getMessage());
                    assertTrue(report.damage().stream().anyMatch(d -> d.id().equals(id)), report.damage().toString());
                } else {
                    try {
                        SizedContainerTimeSeries got = store.get(id);
                        fail(id + " with a flip in its header or end mark at " + position + " read back as " + got);
                    } catch (NoSuchSeriesException | StorageException expected) {
                        // its record is skipped: the series is gone or refused, never wrong
                    }
                }
            }
        }
    }

    /** With {@code verifyReads=false} a damaged data byte is not caught by {@code get} (the documented cost), but by {@code verify()}. */
    @Example
    void withoutVerifyReadsDamageIsLeftToVerify() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-noverify");
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            store.store("a", ArrayTimeSeries.of(new double[] {1, 2}, new double[] {3, 4}));
            store.store("b", ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
        }
        Path segment = SegmentFiles.list(dir).get(0);
        RecordHeader a = SegmentFiles.records(segment).get(0);
        SegmentFiles.flip(segment, a.dataOffset() + 8 + 7, 0x01); // top byte of time 2.0
        try (MmapStorageManager store = MmapStorageManager.open(dir, Map.of("verifyReads", "false"))) {
            SizedContainerTimeSeries got = store.get("a");
            assertFalse(ArrayTimeSeries.of(new double[] {1, 2}, new double[] {3, 4}).equals(got));
            assertTrue(store.verify().damage().stream().anyMatch(d -> d.id().equals("a")));
        }
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            assertThrows(StorageException.class, () -> store.get("a"));
        }
    }

    // ---- hint file ----------------------------------------------------------------------------------

    /** A clean close leaves a hint that the next open uses; a damaged one is ignored and the segments scanned. */
    @Property(tries = 30)
    void corruptHintIsIgnored(@ForAll @IntRange(min = 0, max = 1_000_000) int where, @ForAll boolean truncate)
            throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-hint");
        MmapConfig config = MmapConfig.parse(Map.of());
        Map<String, ArrayTimeSeries> model;
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            model = fill(store, 12, where);
            store.delete("s3");
            model.remove("s3");
        }
        assertTrue(Recovery.run(dir, config).fromHint, "a clean close leaves a usable hint");
        Path hint = dir.resolve(HintFile.NAME);
        long size = Files.size(hint);
        if (truncate) {
            SegmentFiles.truncate(hint, (long) where * size / 1_000_001);
        } else {
            SegmentFiles.flip(hint, (long) where * size / 1_000_001, 0x10);
        }
        assertFalse(Recovery.run(dir, config).fromHint, "a damaged hint is not used");
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            assertHolds(store, model);
        }
    }

    /**
     * An old hint put back after later writes, deletes and a compaction (which replaced the segments) is
     * recognised as stale: the store reads back as it was last written, never as the hint says.
     */
    @Example
    void staleHintIsIgnored() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-stale-hint");
        Path hint = dir.resolve(HintFile.NAME);
        Map<String, ArrayTimeSeries> model;
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            model = fill(store, 6, 5);
        }
        byte[] old = Files.readAllBytes(hint);
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            store.delete("s1");
            model.remove("s1");
            ArrayTimeSeries changed = ArrayTimeSeries.of(new double[] {7}, new double[] {7});
            store.store("s2", changed);
            model.put("s2", changed);
        }
        Files.write(hint, old); // appended to since: used, and the tail after it scanned
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            assertHolds(store, model);
            store.compact();
        }
        Files.write(hint, old); // its segments are gone now: ignored
        assertFalse(Recovery.run(dir, MmapConfig.parse(Map.of())).fromHint);
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            assertHolds(store, model);
        }
    }
}
