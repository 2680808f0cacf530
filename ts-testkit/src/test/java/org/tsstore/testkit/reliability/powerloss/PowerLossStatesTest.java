package org.tsstore.testkit.reliability.powerloss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tsstore.testkit.reliability.powerloss.FsLog.ROOT;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tsstore.testkit.reliability.powerloss.FsOp.Force;
import org.tsstore.testkit.reliability.powerloss.FsOp.ForceDirectory;
import org.tsstore.testkit.reliability.powerloss.FsOp.Link;
import org.tsstore.testkit.reliability.powerloss.FsOp.Rename;
import org.tsstore.testkit.reliability.powerloss.FsOp.Truncate;
import org.tsstore.testkit.reliability.powerloss.FsOp.Unlink;
import org.tsstore.testkit.reliability.powerloss.FsOp.Write;

/**
 * The state generator against logs built by hand: every state it makes must be one the model allows, and
 * every state the model allows (of the small logs here) must turn up. Expected states are written out as
 * plain strings and arrays, independently of the generator.
 */
class PowerLossStatesTest {

    private static final int DRAWS = 3000;

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ('a' + (i * 7 + seed) % 26);
        }
        return b;
    }

    /** One line per file: {@code path=content}, directories as {@code path/}; the state as a plain string. */
    private static String render(PowerLossState s) {
        StringBuilder sb = new StringBuilder();
        s.directories().forEach(d -> sb.append(d).append("/\n"));
        s.files().forEach((p, b) -> sb.append(p).append('=').append(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)).append('\n'));
        return sb.toString();
    }

    private static Set<String> outcomes(FsLog log) {
        Set<String> seen = new TreeSet<>();
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < DRAWS; i++) {
            seen.add(render(PowerLossStates.possible(log, random)));
        }
        return seen;
    }

    /** A durable empty file "f" (inode 1) in the root, then the given operations. */
    private static FsLog fileThen(FsOp... then) {
        List<FsOp> ops = new ArrayList<>(List.of(new Link(ROOT, "f", 1, false), new ForceDirectory(ROOT)));
        ops.addAll(Arrays.asList(then));
        return FsLog.of(ops);
    }

    @Test
    void aForcedWriteSurvivesEveryStateAndAnUnforcedOneIsAbsentInSome() {
        byte[] forced = pattern(1000, 1);
        byte[] later = pattern(700, 2);
        FsLog log = fileThen(new Write(1, 0, forced), new Force(1), new Write(1, 1000, later));
        SplittableRandom random = new SplittableRandom(3);
        int withLater = 0;
        int withoutLater = 0;
        for (int i = 0; i < DRAWS; i++) {
            byte[] f = PowerLossStates.possible(log, random).files().get("f");
            assertArrayEquals(forced, Arrays.copyOf(f, 1000), "the forced write must survive, state " + i);
            if (f.length == 1700 && Arrays.equals(later, Arrays.copyOfRange(f, 1000, 1700))) {
                withLater++;
            } else if (f.length == 1000) {
                withoutLater++;
            }
        }
        assertTrue(withLater > 0 && withoutLater > 0, withLater + " states with the unforced write, " + withoutLater
                + " without");
        assertArrayEquals(forced, PowerLossStates.durable(log).files().get("f"));
        assertEquals(1700, PowerLossStates.everything(log).files().get("f").length);
    }

    @Test
    void unforcedWritesSurviveAsAPrefixPerFile() {
        // three writes, each inside one sector, so none can tear
        FsLog log = fileThen(new Write(1, 0, bytes("aaaa")), new Write(1, 4, bytes("bbbb")), new Write(1, 0, bytes("cc")));
        assertEquals(Set.of("f=\n", "f=aaaa\n", "f=aaaabbbb\n", "f=ccaabbbb\n"), outcomes(log));
    }

    @Test
    void aTornWriteKeepsWholeSectorsAndMayEndInZeroesOrGarbage() {
        byte[] w = pattern(3 * 512, 5); // sectors [0,512) [512,1024) [1024,1536)
        FsLog log = fileThen(new Write(1, 0, w));
        Set<Integer> lengths = new HashSet<>();
        boolean zeros = false;
        boolean garbage = false;
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < DRAWS; i++) {
            byte[] f = PowerLossStates.possible(log, random).files().get("f");
            assertTrue(f.length % 512 == 0 && f.length <= 1536, "not a whole number of sectors: " + f.length);
            lengths.add(f.length);
            int kept = 0; // whole sectors equal to the write's
            while (kept + 512 <= f.length && Arrays.equals(f, kept, kept + 512, w, kept, kept + 512)) {
                kept += 512;
            }
            if (kept < f.length) {
                // after the kept sectors, one sector of zeroes or garbage, and nothing else
                assertEquals(kept + 512, f.length, "at most one sector replaced, state " + i);
                if (Arrays.equals(Arrays.copyOfRange(f, kept, f.length), new byte[512])) {
                    zeros = true;
                } else {
                    garbage = true;
                }
            }
        }
        assertEquals(Set.of(0, 512, 1024, 1536), lengths);
        assertTrue(zeros && garbage, "zeros " + zeros + ", garbage " + garbage);
    }

    @Test
    void tearsFollowTheDevicesSectorsNotTheWritesStart() {
        // a write at offset 500 of 600 bytes touches sectors 0 and 1: it may keep bytes [500, 512) alone
        FsLog log = fileThen(new Write(1, 500, pattern(600, 1)));
        Set<Integer> lengths = new TreeSet<>();
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < DRAWS; i++) {
            lengths.add(PowerLossStates.possible(log, random).files().get("f").length);
        }
        assertTrue(lengths.containsAll(Set.of(0, 512, 1024, 1100)), lengths::toString);
        assertTrue(lengths.stream().allMatch(n -> n == 0 || n == 512 || n == 1024 || n == 1100), lengths::toString);
    }

    @Test
    void aPinnedTearGivesExactlyTheExpectedBytes() {
        byte[] w = pattern(1200, 3); // sectors [0,512) [512,1024) [1024,1200)
        FsLog log = fileThen(new Write(1, 0, bytes("x".repeat(100))), new Force(1), new Write(1, 0, w));
        PowerLossState s = PowerLossStates.materialize(log, new Pinned(1, 1, PowerLossStates.Garbage.ZEROS, false));
        byte[] expected = new byte[1024];
        System.arraycopy(w, 0, expected, 0, 512); // the first sector of the write, then a sector of zeroes
        assertArrayEquals(expected, s.files().get("f"));
        assertEquals(1, s.choices().size(), s.choices()::toString);
        assertTrue(s.choices().get(0).contains("torn after 1 of its 3 sectors"), s.choices()::toString);
    }

    @Test
    void truncationsAreContentChangesLikeWrites() {
        FsLog log = fileThen(new Write(1, 0, bytes("old")), new Force(1), new Truncate(1, 0), new Write(1, 0, bytes("z")));
        assertEquals(Set.of("f=old\n", "f=\n", "f=z\n"), outcomes(log));
    }

    @Test
    void aNewFilesNameNeedsItsDirectoryForcedNotTheFile() {
        List<FsOp> ops = List.of(new Link(ROOT, "f", 1, false), new Write(1, 0, bytes("data")), new Force(1));
        assertEquals(Set.of("", "f=data\n"), outcomes(FsLog.of(ops)), "a forced file may lose its name");
        List<FsOp> forced = new ArrayList<>(ops);
        forced.add(new ForceDirectory(ROOT));
        assertEquals(Set.of("f=data\n"), outcomes(FsLog.of(forced)));
    }

    @Test
    void anUnforcedRenameIsUndoneWhollyOrNotAtAll() {
        // old "x" (inode 1) and new "x.tmp" (inode 2), both durable, then x.tmp renamed over x
        List<FsOp> ops = new ArrayList<>(List.of(new Link(ROOT, "x", 1, false), new Write(1, 0, bytes("old")),
                new Force(1), new Link(ROOT, "x.tmp", 2, false), new Write(2, 0, bytes("new")), new Force(2),
                new ForceDirectory(ROOT), new Rename(ROOT, "x.tmp", ROOT, "x", 2)));
        assertEquals(Set.of("x=old\nx.tmp=new\n", "x=new\n"), outcomes(FsLog.of(ops)));
        ops.add(new ForceDirectory(ROOT));
        assertEquals(Set.of("x=new\n"), outcomes(FsLog.of(ops)));
    }

    @Test
    void aRenameIsDurableOnceEitherDirectoryIsForced() {
        List<FsOp> ops = new ArrayList<>(List.of(new Link(ROOT, "a", 1, true), new Link(ROOT, "b", 2, true),
                new Link(1, "f", 3, false), new Write(3, 0, bytes("v")), new Force(3), new ForceDirectory(ROOT),
                new ForceDirectory(1), new Rename(1, "f", 2, "f", 3)));
        assertEquals(Set.of("a/\nb/\na/f=v\n", "a/\nb/\nb/f=v\n"), outcomes(FsLog.of(ops)));
        List<FsOp> source = new ArrayList<>(ops);
        source.add(new ForceDirectory(1));
        assertEquals(Set.of("a/\nb/\nb/f=v\n"), outcomes(FsLog.of(source)));
    }

    @Test
    void anUndoneDeletionBringsTheFileBackWithItsContent() {
        FsLog log = fileThen(new Write(1, 0, bytes("keep")), new Force(1), new Unlink(ROOT, "f", 1));
        assertEquals(Set.of("", "f=keep\n"), outcomes(log));
    }

    @Test
    void aDirectoryWhoseCreationIsUndoneTakesItsFilesAlong() {
        List<FsOp> ops = new ArrayList<>(List.of(new Link(ROOT, "d", 1, true), new Link(1, "f", 2, false),
                new Write(2, 0, bytes("in")), new Force(2), new ForceDirectory(1)));
        assertEquals(Set.of("", "d/\nd/f=in\n"), outcomes(FsLog.of(ops)), "d/f is durable in d, d is not in the root");
        ops.add(new ForceDirectory(ROOT));
        assertEquals(Set.of("d/\nd/f=in\n"), outcomes(FsLog.of(ops)));
    }

    @Test
    void theStartingStateSurvivesEveryCrash() {
        FsLog log = FsLog.of(List.of(new Link(ROOT, "d", 1, true), new Link(1, "f", 2, false), new Write(2, 0, bytes("0")),
                new Force(2), new ForceDirectory(ROOT), new ForceDirectory(1), new Unlink(1, "f", 2),
                new Unlink(ROOT, "d", 1)), 6);
        assertEquals(6, log.initial());
        assertEquals(Set.of("", "d/\n", "d/\nd/f=0\n"), outcomes(log));
        assertEquals("d/\nd/f=0\n", render(PowerLossStates.durable(log)));
        assertEquals("", render(PowerLossStates.everything(log)));
    }

    @Test
    void writesToAFileRenamedOrDeletedSinceFollowItsInode() {
        // opened, renamed, then written: the write lands in the file under its new name
        FsLog log = FsLog.of(List.of(new Link(ROOT, "a", 1, false), new ForceDirectory(ROOT),
                new Rename(ROOT, "a", ROOT, "b", 1), new ForceDirectory(ROOT), new Write(1, 0, bytes("w")), new Force(1)));
        assertEquals(Set.of("b=w\n"), outcomes(log));
        assertEquals(Map.of(), new TreeMap<>(PowerLossStates.durable(FsLog.of(List.of(new Link(ROOT, "a", 1, false),
                new Write(1, 0, bytes("x")), new Force(1)))).files()), "a name not forced is not there");
    }

    @Test
    void choicesSayWhatWasLost() {
        FsLog log = fileThen(new Write(1, 0, bytes("abc")), new Link(ROOT, "g", 2, false));
        PowerLossState nothing = PowerLossStates.durable(log);
        assertEquals(List.of("undone: #3 create g", "f: 0 of 1 unforced content changes kept (the last at #2)"),
                nothing.choices());
        assertTrue(PowerLossStates.everything(log).choices().isEmpty());
        assertFalse(nothing.differences(PowerLossStates.everything(log)).isEmpty());
    }

    /** Decisions fixed in advance, for exact expected states. */
    private record Pinned(int keptChanges, int keptSectors, PowerLossStates.Garbage garbage, boolean keepEntries)
            implements PowerLossStates.Choices {
        @Override
        public int keptChanges(int inode, int unforced) {
            return Math.min(keptChanges, unforced);
        }

        @Override
        public int keptSectors(int inode, int sectors) {
            return Math.min(keptSectors, sectors);
        }

        @Override
        public PowerLossStates.Garbage garbage(int inode) {
            return garbage;
        }

        @Override
        public byte[] garbageBytes(int length) {
            byte[] b = new byte[length];
            Arrays.fill(b, (byte) '#');
            return b;
        }

        @Override
        public boolean keptEntry(int index) {
            return keepEntries;
        }
    }
}
