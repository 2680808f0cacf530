package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * The rules that keep lost records from turning into wrong data (FORMAT.md, "Lost records"): a damaged
 * stretch that hides a header, a segment that lost its seal or its witnessed tail, a segment that lost its
 * header. Each test damages a store whose history is known record by record (read off the files before
 * the damage) and checks every id against that history: an id whose last surviving record (a store or a
 * tombstone) precedes the loss is refused naming the file, and so is an id with no surviving record (the loss
 * may have held one), a later one reads back exactly, a deleted one never comes back, and {@code verify()}
 * reports the loss.
 */
class LostRecordsTest {

    private static final Map<String, String> OPTIONS = Map.of("segmentBytes", "64k", "compactAt", "1");

    /** One record of the history: where it lies and what it did. */
    private static final class Rec {
        final int segment;
        final Path file;
        final RecordHeader header;

        Rec(int segment, Path file, RecordHeader header) {
            this.segment = segment;
            this.file = file;
            this.header = header;
        }

        boolean before(int seg, long offset) {
            return segment < seg || segment == seg && header.offset < offset;
        }
    }

    /** A store with overwrites and deletes over three or four segments; returns the last version of each id. */
    private static Map<String, ArrayTimeSeries> populate(Path dir) {
        Map<String, ArrayTimeSeries> model = new LinkedHashMap<>();
        try (MmapStorageManager store = MmapStorageManager.open(dir, OPTIONS)) {
            for (int i = 0; i < 24; i++) {
                String id = "s" + (i * 7 % 9);
                if (i % 5 == 4 && model.containsKey(id)) {
                    store.delete(id);
                    model.remove(id);
                    continue;
                }
                int n = 200 + i * 37 % 600;
                double[] t = new double[n];
                double[] v = new double[n];
                for (int k = 0; k < n; k++) {
                    t[k] = k;
                    v[k] = i * 1000 + k;
                }
                ArrayTimeSeries s = ArrayTimeSeries.of(t, v);
                store.store(id, s);
                model.put(id, s);
            }
        }
        return model;
    }

    /** Every record of every segment, in log order (seals included). */
    private static List<Rec> history(Path dir) throws IOException {
        List<Rec> out = new ArrayList<>();
        for (Path p : SegmentFiles.list(dir)) {
            int number = Integer.parseInt(p.getFileName().toString().substring(0, 10));
            for (RecordHeader h : SegmentFiles.records(p)) {
                out.add(new Rec(number, p, h));
            }
        }
        return out;
    }

    /**
     * Checks every id ever written against the history: {@code lostAt} is the damaged record (hidden from
     * the scan) or null; ids whose last surviving record precedes {@code (seg, offset)} must be refused
     * naming {@code file}; when {@code onlyId} is set, only that id may be affected.
     */
    private static void check(MmapStorageManager store, List<Rec> history, Map<String, ArrayTimeSeries> model,
            Rec lostAt, int seg, long offset, String onlyId, Path file) {
        check(store, history, model, lostAt, seg, offset, onlyId, file, true);
    }

    /**
     * As above; {@code tombstonesKnown} is false when the store may have opened from its hint, which lists the
     * live series but not the tombstones: then an id deleted after the loss may be refused too (naming the file).
     */
    private static void check(MmapStorageManager store, List<Rec> history, Map<String, ArrayTimeSeries> model,
            Rec lostAt, int seg, long offset, String onlyId, Path file, boolean tombstonesKnown) {
        IntegrityReport report = store.verify();
        assertFalse(report.isClean(), "the loss went unreported");
        Map<String, Rec> surviving = new HashMap<>();
        Set<String> all = new TreeSet<>();
        for (Rec r : history) {
            if (r.header.id == null || r == lostAt) {
                continue;
            }
            all.add(r.header.id);
            surviving.put(r.header.id, r);
        }
        Set<String> readable = new TreeSet<>();
        for (String id : all) {
            Rec last = surviving.get(id);
            boolean affected = onlyId == null || onlyId.equals(id);
            boolean lostNewer = lostAt != null && id.equals(lostAt.header.id)
                    && last.before(lostAt.segment, lostAt.header.offset);
            if (affected && last.before(seg, offset)) {
                // a lost record may have stored, replaced or deleted it: refused, whatever its last record was
                StorageException e = assertThrows(StorageException.class, () -> store.get(id),
                        id + " precedes the loss, so it may be an older version, or stored again after its delete");
                assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            } else if (last.header.kind == RecordFormat.TOMBSTONE) {
                assertFalse(model.containsKey(id) && !lostNewer, id);
                try {
                    store.get(id);
                    fail(id + " was deleted");
                } catch (NoSuchSeriesException expected) {
                    // deleted after the loss: absent for certain
                } catch (StorageException e) {
                    assertFalse(tombstonesKnown, id + " was deleted after the loss, yet refused: " + e.getMessage());
                    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
                }
            } else {
                assertFalse(lostNewer, id + ": its newer record was lost, yet it is not refused");
                assertEquals(model.get(id), store.get(id), id);
                readable.add(id);
            }
        }
        if (lostAt != null && lostAt.header.id != null && !surviving.containsKey(lostAt.header.id)) {
            StorageException e = assertThrows(StorageException.class, () -> store.get(lostAt.header.id),
                    lostAt.header.id + " has no record but the lost one: refused, never absent");
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
        if (onlyId == null) {
            StorageException e = assertThrows(StorageException.class, () -> store.get("never-stored"),
                    "records of any id were lost: an id without a record after the loss may have been among them");
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        } else {
            assertThrows(NoSuchSeriesException.class, () -> store.get("never-stored"), "only " + onlyId + " lost a record");
        }
        assertEquals(readable, store.ids());
    }

    /**
     * The magic of any record but a seal zeroed, with no hint: the record's id is unknown, so every series
     * whose record precedes it is refused; later ones read back, and the store takes new writes.
     */
    @Property(tries = 25)
    void damagedHeaderRefusesEveryEarlierSeries(@ForAll @IntRange(min = 0, max = 1000) int which) throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-lost-header");
        Map<String, ArrayTimeSeries> model = populate(dir);
        Files.delete(dir.resolve(HintFile.NAME));
        List<Rec> history = history(dir);
        List<Rec> candidates = new ArrayList<>();
        for (Rec r : history) {
            if (r.header.kind != RecordFormat.SEAL) {
                candidates.add(r);
            }
        }
        Rec hit = candidates.get(which % candidates.size());
        SegmentFiles.zero(hit.file, hit.header.offset, hit.header.offset + 8);
        try (MmapStorageManager store = MmapStorageManager.open(dir, OPTIONS)) {
            check(store, history, model, hit, hit.segment, hit.header.offset, null, hit.file);
            ArrayTimeSeries fresh = ArrayTimeSeries.of(new double[] {1}, new double[] {2});
            store.store(hit.header.id, fresh);
            assertEquals(fresh, store.get(hit.header.id), "a series written after the loss is served");
        }
        try (MmapStorageManager store = MmapStorageManager.open(dir, OPTIONS)) {
            assertFalse(store.verify().isClean(), "the loss is reported again after reopening");
            assertEquals(ArrayTimeSeries.of(new double[] {1}, new double[] {2}), store.get(hit.header.id));
        }
        assertFalse(Files.exists(dir.resolve(HintFile.NAME)), "a damaged store writes no hint");
    }

    /**
     * A flipped end mark of any record but the last: the header is intact, so the lost record is known to
     * be that series': only it is refused (or missing), every other series reads back.
     */
    @Property(tries = 25)
    void damagedEndMarkRefusesOnlyThatSeries(@ForAll @IntRange(min = 0, max = 1000) int which) throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-lost-end");
        Map<String, ArrayTimeSeries> model = populate(dir);
        Files.delete(dir.resolve(HintFile.NAME));
        List<Rec> history = history(dir);
        List<Rec> candidates = new ArrayList<>();
        for (Rec r : history.subList(0, history.size() - 1)) {
            if (r.header.kind != RecordFormat.SEAL) {
                candidates.add(r);
            }
        }
        Rec hit = candidates.get(which % candidates.size());
        SegmentFiles.flip(hit.file, hit.header.end() - 2, 0x40);
        try (MmapStorageManager store = MmapStorageManager.open(dir, OPTIONS)) {
            check(store, history, model, hit, hit.segment, hit.header.offset, hit.header.id, hit.file);
        }
    }

    /**
     * A segment other than the newest cut exactly before its seal (a record boundary, so nothing looks
     * torn): it lost its seal, so every series whose record lies in it or before it is refused.
     */
    @Property(tries = 10)
    void segmentWithoutItsSealIsReported(@ForAll @IntRange(min = 0, max = 100) int which, @ForAll boolean keepHint)
            throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-lost-seal");
        Map<String, ArrayTimeSeries> model = populate(dir);
        if (!keepHint) {
            Files.delete(dir.resolve(HintFile.NAME));
        }
        List<Rec> history = history(dir);
        List<Rec> seals = new ArrayList<>();
        for (Rec r : history) {
            if (r.header.kind == RecordFormat.SEAL) {
                seals.add(r);
            }
        }
        assertTrue(seals.size() >= 2, "the history spans several segments");
        Rec seal = seals.get(which % seals.size());
        SegmentFiles.truncate(seal.file, seal.header.offset);
        try (MmapStorageManager store = MmapStorageManager.open(dir, OPTIONS)) {
            check(store, history, model, seal, seal.segment, Long.MAX_VALUE, null, seal.file, !keepHint);
        }
    }

    /** The first segment emptied (cut to nothing) or its header zeroed: its records count as lost. */
    @Property(tries = 4)
    void segmentWithoutItsHeaderIsReported(@ForAll boolean emptied, @ForAll boolean keepHint) throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-lost-seghead");
        Map<String, ArrayTimeSeries> model = populate(dir);
        if (!keepHint) {
            Files.delete(dir.resolve(HintFile.NAME));
        }
        List<Rec> history = history(dir);
        Path first = SegmentFiles.list(dir).get(0);
        if (emptied) {
            SegmentFiles.truncate(first, 0);
        } else {
            SegmentFiles.zero(first, 0, RecordFormat.SEGMENT_HEADER_BYTES);
        }
        List<Rec> remaining = new ArrayList<>();
        for (Rec r : history) {
            if (!emptied || !r.file.equals(first)) {
                remaining.add(r);
            }
        }
        try (MmapStorageManager store = MmapStorageManager.open(dir, OPTIONS)) {
            check(store, remaining, model, null, 1, Long.MAX_VALUE, null, first, !keepHint);
        }
    }

    /**
     * A crash after compaction deleted only some old segments, before it wrote the new hint: the old hint
     * lists a segment that is gone (stale, legitimately), and the old segments left over sit beside the
     * copies. That is no damage: every old segment ends in a seal (compaction seals the one it leaves), the
     * store is clean and reads back exactly.
     */
    @Example
    void compactionCutShortIsNoDamage() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-compaction-crash");
        Map<String, ArrayTimeSeries> model = populate(dir);
        Path saved = StoreDirectories.newDirectory("mmap-compaction-saved");
        List<Path> old = SegmentFiles.list(dir);
        for (Path p : old) {
            Files.createLink(saved.resolve(p.getFileName()), p); // keeps the file as compaction leaves it
        }
        Files.copy(dir.resolve(HintFile.NAME), saved.resolve(HintFile.NAME));
        try (MmapStorageManager store = MmapStorageManager.open(dir, OPTIONS)) {
            store.compact();
        }
        // put back all old segments but the first, and the old hint
        for (Path p : old.subList(1, old.size())) {
            Files.move(saved.resolve(p.getFileName()), p);
        }
        Files.copy(saved.resolve(HintFile.NAME), dir.resolve(HintFile.NAME),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (MmapStorageManager store = MmapStorageManager.open(dir, OPTIONS)) {
            IntegrityReport report = store.verify();
            assertTrue(report.isClean(), report.damage().toString());
            assertEquals(model.keySet(), store.ids());
            model.forEach((id, s) -> assertEquals(s, store.get(id), id));
        }
        if (model.isEmpty()) {
            fail("the history left no series");
        }
    }
}
