package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.RepairReport;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * {@code repair()} against an independent model: a random history of stores, appends, deletes and batches over a
 * small pool of ids (every acknowledged state of every id kept in a plain map), then damage at random places
 * (flipped bytes, zeroed runs, a segment cut short, with or without the hint). After the repair the store opens
 * clean, {@code verify()} is clean, no id is refused, every series served is an acknowledged state of its id (never
 * anything else), every series served before the repair is served the same after it, and every id that does not
 * serve its last acknowledged state is accounted for in the report (reverted or dropped by name, or an
 * unattributed loss). A crash at any step of a repair leaves a store that opens, each id as before or as after.
 */
class RepairTest {

    private static final Map<String, String> OPTIONS = Map.of("segmentBytes", "64k", "compactAt", "1");
    private static final int IDS = 16;

    /** What a read of an id gives: a series, absent ({@code null} series), or refused. */
    private record Read(ArrayTimeSeries series, boolean refused) {
        static Read of(MmapStorageManager store, String id) {
            try {
                return new Read(ArrayTimeSeries.copyOf(store.get(id)), false);
            } catch (NoSuchSeriesException e) {
                return new Read(null, false);
            } catch (StorageException e) {
                return new Read(null, true);
            }
        }
    }

    /** Every acknowledged state of every id, in order; {@code null} for deleted. */
    private static final class Model {
        final Map<String, List<ArrayTimeSeries>> states = new LinkedHashMap<>();

        void set(String id, ArrayTimeSeries s) {
            states.computeIfAbsent(id, k -> new ArrayList<>()).add(s);
        }

        ArrayTimeSeries last(String id) {
            List<ArrayTimeSeries> l = states.get(id);
            return l == null ? null : l.get(l.size() - 1);
        }

        boolean acknowledged(String id, ArrayTimeSeries s) {
            return states.getOrDefault(id, List.of()).stream().anyMatch(x -> Objects.equals(x, s));
        }
    }

    private static ArrayTimeSeries points(long from, int n, double tag) {
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = from + i;
            v[i] = tag + i * 0.5;
        }
        return ArrayTimeSeries.of(t, v);
    }

    /** A random history over four or five 64k segments. */
    private static Model populate(Path dir, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Model model = new Model();
        long clock = 0;
        try (MmapStorageManager store = MmapStorageManager.open(dir, OPTIONS)) {
            for (int op = 0; op < 120; op++) {
                String id = "s" + random.nextInt(IDS);
                ArrayTimeSeries now = model.last(id);
                int what = random.nextInt(10);
                if (what < 4) {
                    ArrayTimeSeries s = points(clock += 10_000, 1 + random.nextInt(300), op);
                    store.store(id, s);
                    model.set(id, s);
                } else if (what < 7 && now != null && !now.isEmpty()) {
                    ArrayTimeSeries more = points((long) now.time(now.size() - 1) + 1, 1 + random.nextInt(40), op);
                    store.append(id, more);
                    model.set(id, ArrayTimeSeries.copyOf(now.followedBy(more)));
                } else if (what < 9) {
                    if (store.delete(id)) {
                        model.set(id, null);
                    }
                } else {
                    String other = "s" + random.nextInt(IDS);
                    if (other.equals(id)) {
                        continue;
                    }
                    Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
                    ArrayTimeSeries a = points(clock += 10_000, 5, op);
                    ArrayTimeSeries b = points(clock += 10_000, 7, op + 0.25);
                    batch.put(id, a);
                    batch.put(other, b);
                    store.storeAll(batch);
                    model.set(id, a);
                    model.set(other, b);
                }
            }
        }
        return model;
    }

    private static List<Path> segments(Path dir) throws IOException {
        return SegmentFiles.list(dir);
    }

    /** One to three random damages to the segment files (never their magic and version: that refuses to open). */
    private static String damage(Path dir, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed * 31 + 7);
        List<Path> files = segments(dir);
        StringBuilder what = new StringBuilder();
        int n = 1 + random.nextInt(3);
        for (int k = 0; k < n; k++) {
            Path f = files.get(random.nextInt(files.size()));
            long size = Files.size(f);
            if (size <= 24) {
                continue;
            }
            long at = 12 + random.nextLong(size - 12);
            switch (random.nextInt(3)) {
                case 0 -> {
                    SegmentFiles.flip(f, at, 1 << random.nextInt(8));
                    what.append("flip ").append(f.getFileName()).append('@').append(at).append("; ");
                }
                case 1 -> {
                    long to = Math.min(size, at + 1 + random.nextInt(300));
                    SegmentFiles.zero(f, at, to);
                    what.append("zero ").append(f.getFileName()).append('@').append(at).append('-').append(to)
                            .append("; ");
                }
                default -> {
                    SegmentFiles.truncate(f, at);
                    what.append("cut ").append(f.getFileName()).append('@').append(at).append("; ");
                }
            }
        }
        if (random.nextBoolean()) {
            Files.deleteIfExists(dir.resolve(HintFile.NAME));
            what.append("no hint");
        }
        return what.toString();
    }

    private static Map<String, Read> reads(MmapStorageManager store) {
        Map<String, Read> out = new LinkedHashMap<>();
        for (int i = 0; i < IDS; i++) {
            out.put("s" + i, Read.of(store, "s" + i));
        }
        return out;
    }

    /** The checks after a repair, against the model, the reads before it and the report. */
    private static void checkRepaired(MmapStorageManager store, Model model, Map<String, Read> before,
            RepairReport report, String context) {
        IntegrityReport verified = store.verify();
        assertTrue(verified.isClean(), context + ": " + verified.damage());
        Map<String, RepairReport.Outcome> outcomes = new HashMap<>();
        boolean unattributed = false;
        for (RepairReport.Loss loss : report.lost()) {
            assertFalse(loss.problem().isBlank(), context + ": " + loss);
            if (loss.outcome() == RepairReport.Outcome.UNATTRIBUTED) {
                assertEquals("", loss.id());
                assertTrue(loss.location().contains(".seg at offset "), context + ": " + loss);
                unattributed = true;
            } else {
                assertTrue(loss.id().startsWith("s"), context + ": " + loss);
                outcomes.put(loss.id(), loss.outcome());
            }
        }
        int served = 0;
        for (Map.Entry<String, Read> b : before.entrySet()) {
            String id = b.getKey();
            Read after = Read.of(store, id);
            assertFalse(after.refused(), context + ": " + id + " is refused after the repair");
            ArrayTimeSeries last = model.last(id);
            if (after.series() != null) {
                served++;
                assertTrue(model.acknowledged(id, after.series()), context + ": " + id + " serves a series never stored");
            }
            if (b.getValue().series() != null) {
                assertEquals(b.getValue().series(), after.series(), context + ": " + id + " was served before");
            }
            RepairReport.Outcome outcome = outcomes.get(id);
            if (outcome == RepairReport.Outcome.DROPPED) {
                assertEquals(null, after.series(), context + ": " + id + " is reported dropped");
            } else if (outcome == RepairReport.Outcome.REVERTED) {
                assertNotNull(after.series(), context + ": " + id + " is reported reverted");
            } else if (!Objects.equals(last, after.series())) {
                assertTrue(unattributed, context + ": " + id + " does not serve its last state, " + last + ", but "
                        + after.series() + ", and the report " + report + " says nothing of it");
            }
        }
        long reverted = outcomes.values().stream().filter(o -> o == RepairReport.Outcome.REVERTED).count();
        assertEquals(served, report.seriesKept() + reverted, context + ": kept and reverted are what is served");
        for (String id : store.ids()) {
            assertTrue(Read.of(store, id).series() != null, context + ": ids() lists " + id);
        }
    }

    @Property(tries = 100)
    void repairKeepsWhatHoldsAndReportsTheRest(@ForAll @IntRange(min = 0, max = 1_000_000) int seed)
            throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-repair");
        Model model = populate(dir, seed);
        String damage = damage(dir, seed);
        String context = "seed " + seed + " (" + damage + ")";
        Map<String, Read> before;
        RepairReport report;
        try (MmapStorageManager store = MmapStorageManager.open(dir, OPTIONS)) {
            before = reads(store);
            report = store.repair();
            checkRepaired(store, model, before, report, context);
            ArrayTimeSeries fresh = points(0, 3, -1);
            store.store("after", fresh);
            assertEquals(fresh, store.get("after"));
        }
        try (MmapStorageManager store = MmapStorageManager.open(dir, OPTIONS)) {
            checkRepaired(store, model, before, report, context + ", reopened");
            store.delete("after");
        }
    }

    /** A store without damage: the repair loses nothing and changes no series. */
    @Example
    void aCleanStoreIsRepairedLosslessly() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-repair-clean");
        Model model = populate(dir, 42);
        try (MmapStorageManager store = MmapStorageManager.open(dir, OPTIONS)) {
            Map<String, Read> before = reads(store);
            RepairReport report = store.repair();
            assertTrue(report.isLossless(), report.toString());
            assertEquals(before, reads(store));
            for (Map.Entry<String, Read> r : before.entrySet()) {
                assertEquals(model.last(r.getKey()), r.getValue().series());
            }
        }
    }

    /** The case: the witnessed tail cut 13 bytes short. "A" was in it: reported dropped, by name. */
    @Example
    void aCutTailNamesTheSeriesItHeld() throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-repair-cut");
        try (MmapStorageManager store = MmapStorageManager.open(dir, Map.of("durability", "sync"))) {
            store.store("old", points(0, 3, 1));
            store.store("A", points(0, 4, 2));
        }
        Path segment = dir.resolve(Segment.fileName(1));
        SegmentFiles.truncate(segment, SegmentFiles.witness(segment) - 13);
        try (MmapStorageManager store = MmapStorageManager.open(dir, Map.of("durability", "sync"))) {
            RepairReport report = store.repair();
            assertTrue(report.lost().stream().anyMatch(l -> l.id().equals("A")
                    && l.outcome() == RepairReport.Outcome.DROPPED && l.location().contains(segment.toString())),
                    report.toString());
            assertEquals(1, report.seriesKept());
            assertEquals(points(0, 3, 1), store.get("old"));
            assertFalse(store.contains("A"));
            assertTrue(store.verify().isClean());
        }
    }

    private static Path snapshot(Path dir) throws IOException {
        Path copy = StoreDirectories.newDirectory("mmap-repair-crash-state");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!p.getFileName().toString().equals(MmapStorageManager.LOCK_FILE)) {
                    Files.copy(p, copy.resolve(p.getFileName()));
                }
            }
        }
        return copy;
    }

    /**
     * A crash at every step of a repair (started, copied, published, switched, each old segment deleted, finished):
     * each state opens; every id reads as it did before the repair (a series, absent or refused) or as after it;
     * before the copies are in place the damage is still reported.
     */
    @Property(tries = 10)
    void aCrashAtAnyStepOfARepairLeavesAStoreThatOpens(@ForAll @IntRange(min = 0, max = 1_000_000) int seed)
            throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-repair-steps");
        populate(dir, seed);
        String damage = damage(dir, seed);
        List<Path> states = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        Map<String, Read> before;
        Map<String, Read> after;
        boolean damagedBefore;
        try (MmapStorageManager store = MmapStorageManager.open(dir, OPTIONS)) {
            before = reads(store);
            damagedBefore = !store.verify().isClean();
            store.compactionCrashPoints(step -> {
                steps.add(step);
                states.add(snapshot(dir));
            });
            store.repair();
            after = reads(store);
        }
        assertTrue(steps.contains("repair published") && steps.contains("repair finished"), steps.toString());
        boolean published = false;
        for (int i = 0; i < states.size(); i++) {
            String context = "seed " + seed + " (" + damage + "), a crash after " + steps.get(i);
            published |= steps.get(i).equals("repair published");
            try (MmapStorageManager store = MmapStorageManager.open(states.get(i), OPTIONS)) {
                IntegrityReport report = store.verify();
                if (!published && damagedBefore) {
                    assertFalse(report.isClean(), context + ": the damage is still reported");
                }
                for (int k = 0; k < IDS; k++) {
                    String id = "s" + k;
                    Read now = Read.of(store, id);
                    Read was = before.get(id);
                    boolean asBefore = now.equals(was) || now.refused() && !published;
                    boolean asAfter = now.equals(after.get(id));
                    boolean refusedWhileDamaged = now.refused() && !report.isClean();
                    if (!asBefore && !asAfter && !refusedWhileDamaged) {
                        fail(context + ": " + id + " reads " + now + ", before the repair " + was + ", after it "
                                + after.get(id));
                    }
                }
            }
        }
    }
}
