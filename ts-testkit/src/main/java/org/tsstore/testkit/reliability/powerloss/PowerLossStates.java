package org.tsstore.testkit.reliability.powerloss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * The states a power loss may leave after the operations of an {@link FsLog}, the model of a device and
 * file system that promise no more than POSIX does (ALICE, OSDI 2014, lists the reorderings real file
 * systems show):
 * <ul>
 *   <li><b>Forced content survives.</b> Every write and truncation of a file before its last
 *       {@link FsOp.Force} is there.</li>
 *   <li><b>Unforced content survives in part.</b> Of a file's later writes and truncations, a prefix
 *       survives (any length, none to all, chosen per file); the last write kept may be torn at a 512-byte
 *       sector boundary: only its first sectors survive, and the sector after them may hold zeroes or
 *       garbage instead.</li>
 *   <li><b>Forced directory entries survive.</b> A creation, rename or deletion in a directory before a
 *       {@link FsOp.ForceDirectory} of it (either directory, for a rename) is there.</li>
 *   <li><b>Unforced entries may be undone,</b> each one on its own, in any combination. A file's own
 *       force makes its content durable, not its name; a directory whose creation was undone takes
 *       everything in it along.</li>
 * </ul>
 * Files are content of inodes, so a rename that survives carries whatever of the file's content
 * survives, and a deletion that is undone brings the file back with its content.
 *
 * <pre>{@code
 * FsLog log = fs.freeze();
 * for (int k = 0; k < 10; k++) {
 *     PowerLossState state = PowerLossStates.possible(log, random);
 *     Path dir = Files.createTempDirectory("state");
 *     state.writeTo(dir);     // then open the store there and check it
 * }
 * }</pre>
 */
public final class PowerLossStates {

    /** The unit in which a write may tear. */
    public static final int SECTOR = 512;

    private PowerLossStates() {}

    /**
     * One state a power loss at the end of the log may leave, chosen at random: from "nothing unforced
     * survives" through torn and partly undone states to "everything survives".
     *
     * @param log what happened, up to the moment of the power loss
     * @param random the source of every choice
     * @return the state, with {@link PowerLossState#choices()} saying what was lost
     */
    public static PowerLossState possible(FsLog log, RandomGenerator random) {
        return materialize(log, new RandomChoices(random));
    }

    /**
     * The state if everything reached the device: what the real directory holds, if every change went
     * through the simulated file system.
     *
     * @param log what happened
     * @return the state
     */
    public static PowerLossState everything(FsLog log) {
        return materialize(log, new Fixed(true));
    }

    /**
     * The state if only what was forced reached the device.
     *
     * @param log what happened
     * @return the state
     */
    public static PowerLossState durable(FsLog log) {
        return materialize(log, new Fixed(false));
    }

    /** What to fill the first lost sector of a torn write with. */
    enum Garbage {
        NONE, ZEROS, RANDOM
    }

    /** Every choice a state makes; {@link #materialize} asks in a fixed order. */
    interface Choices {
        /** How many of a file's unforced content changes survive, from 0 to {@code unforced}. */
        int keptChanges(int inode, int unforced);

        /** How many of the sectors of the last surviving write survive, from 0 to {@code sectors} (not torn). */
        int keptSectors(int inode, int sectors);

        /** What replaces the first lost sector of a torn write. */
        Garbage garbage(int inode);

        /** Garbage bytes. */
        byte[] garbageBytes(int length);

        /** Whether the unforced directory change at a position of the log survives. */
        boolean keptEntry(int index);
    }

    /** Keeps everything, or nothing that was not forced. */
    private record Fixed(boolean keep) implements Choices {
        @Override
        public int keptChanges(int inode, int unforced) {
            return keep ? unforced : 0;
        }

        @Override
        public int keptSectors(int inode, int sectors) {
            return sectors;
        }

        @Override
        public Garbage garbage(int inode) {
            return Garbage.NONE;
        }

        @Override
        public byte[] garbageBytes(int length) {
            return new byte[length];
        }

        @Override
        public boolean keptEntry(int index) {
            return keep;
        }
    }

    /** Random choices: a quarter of the states keep all of a kind, a quarter none, the rest some. */
    private static final class RandomChoices implements Choices {
        private final RandomGenerator random;
        private final int entryMode;
        private final double entryOdds;

        RandomChoices(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            this.entryMode = random.nextInt(4);
            this.entryOdds = random.nextDouble();
        }

        @Override
        public int keptChanges(int inode, int unforced) {
            int mode = random.nextInt(4);
            return mode == 0 ? unforced : mode == 1 ? 0 : random.nextInt(unforced + 1);
        }

        @Override
        public int keptSectors(int inode, int sectors) {
            return sectors <= 1 || random.nextInt(3) != 0 ? sectors : random.nextInt(sectors);
        }

        @Override
        public Garbage garbage(int inode) {
            int g = random.nextInt(4);
            return g < 2 ? Garbage.NONE : g == 2 ? Garbage.ZEROS : Garbage.RANDOM;
        }

        @Override
        public byte[] garbageBytes(int length) {
            byte[] b = new byte[length];
            random.nextBytes(b);
            return b;
        }

        @Override
        public boolean keptEntry(int index) {
            return entryMode == 0 || entryMode != 1 && random.nextDouble() < entryOdds;
        }
    }

    /** The state the choices make of the log. */
    static PowerLossState materialize(FsLog log, Choices choices) {
        List<FsOp> ops = log.ops();
        Map<Integer, Integer> lastForce = new HashMap<>();
        Map<Integer, Integer> lastDirectoryForce = new HashMap<>();
        SortedMap<Integer, List<Integer>> contentOps = new TreeMap<>();
        Map<Integer, Boolean> isDirectory = new HashMap<>();
        isDirectory.put(FsLog.ROOT, true);
        List<Integer> entryOps = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            FsOp op = ops.get(i);
            if (op instanceof FsOp.Write w) {
                contentOps.computeIfAbsent(w.inode(), k -> new ArrayList<>()).add(i);
            } else if (op instanceof FsOp.Truncate t) {
                contentOps.computeIfAbsent(t.inode(), k -> new ArrayList<>()).add(i);
            } else if (op instanceof FsOp.Force f) {
                lastForce.put(f.inode(), i);
            } else if (op instanceof FsOp.ForceDirectory d) {
                lastDirectoryForce.put(d.directory(), i);
            } else {
                if (op instanceof FsOp.Link l) {
                    isDirectory.put(l.inode(), l.isDirectory());
                }
                entryOps.add(i);
            }
        }
        List<String> notes = new ArrayList<>();
        Map<Integer, String> contentNotes = new HashMap<>();
        Map<Integer, byte[]> content = new HashMap<>();
        for (Map.Entry<Integer, List<Integer>> e : contentOps.entrySet()) {
            content.put(e.getKey(), content(log, e.getKey(), e.getValue(), lastForce.getOrDefault(e.getKey(), -1),
                    choices, contentNotes));
        }
        Map<Integer, SortedMap<String, Integer>> entries = new HashMap<>();
        for (int i : entryOps) {
            FsOp op = ops.get(i);
            boolean durable = touched(op).stream().anyMatch(d -> lastDirectoryForce.getOrDefault(d, -1) > i);
            if (!durable && !choices.keptEntry(i)) {
                notes.add("undone: " + log.describe(i));
                continue;
            }
            if (op instanceof FsOp.Link l) {
                dir(entries, l.directory()).put(l.name(), l.inode());
            } else if (op instanceof FsOp.Rename r) {
                dir(entries, r.fromDirectory()).remove(r.fromName(), r.inode());
                dir(entries, r.toDirectory()).put(r.toName(), r.inode());
            } else if (op instanceof FsOp.Unlink u) {
                dir(entries, u.directory()).remove(u.name(), u.inode());
            }
        }
        SortedMap<String, byte[]> files = new TreeMap<>();
        SortedSet<String> directories = new TreeSet<>();
        walk(entries, isDirectory, content, FsLog.ROOT, "", files, directories, 0, contentNotes, notes);
        return new PowerLossState(files, directories, notes);
    }

    private static SortedMap<String, Integer> dir(Map<Integer, SortedMap<String, Integer>> entries, int inode) {
        return entries.computeIfAbsent(inode, k -> new TreeMap<>());
    }

    private static List<Integer> touched(FsOp op) {
        if (op instanceof FsOp.Link l) {
            return List.of(l.directory());
        } else if (op instanceof FsOp.Rename r) {
            return List.of(r.fromDirectory(), r.toDirectory());
        } else {
            return List.of(((FsOp.Unlink) op).directory());
        }
    }

    private static void walk(Map<Integer, SortedMap<String, Integer>> entries, Map<Integer, Boolean> isDirectory,
            Map<Integer, byte[]> content, int dir, String path, SortedMap<String, byte[]> files,
            SortedSet<String> directories, int depth, Map<Integer, String> contentNotes, List<String> notes) {
        if (depth > 256) {
            throw new IllegalStateException("directories nested more than 256 deep at " + path);
        }
        for (Map.Entry<String, Integer> e : entries.getOrDefault(dir, new TreeMap<>()).entrySet()) {
            String p = path.isEmpty() ? e.getKey() : path + "/" + e.getKey();
            if (isDirectory.getOrDefault(e.getValue(), false)) {
                directories.add(p);
                walk(entries, isDirectory, content, e.getValue(), p, files, directories, depth + 1, contentNotes, notes);
            } else {
                byte[] bytes = content.get(e.getValue());
                files.put(p, bytes == null ? new byte[0] : bytes);
                if (contentNotes.containsKey(e.getValue())) {
                    notes.add(p + ": " + contentNotes.get(e.getValue()));
                }
            }
        }
    }

    /** A file's surviving content: its forced changes, then a prefix of the rest, the last write maybe torn. */
    private static byte[] content(FsLog log, int inode, List<Integer> indexes, int lastForce, Choices choices,
            Map<Integer, String> notes) {
        Bytes b = new Bytes();
        int forced = 0;
        while (forced < indexes.size() && indexes.get(forced) < lastForce) {
            b.apply(log.ops().get(indexes.get(forced++)));
        }
        int unforced = indexes.size() - forced;
        if (unforced == 0) {
            return b.toArray();
        }
        int kept = choices.keptChanges(inode, unforced);
        String torn = "";
        for (int j = 0; j < kept; j++) {
            FsOp op = log.ops().get(indexes.get(forced + j));
            if (j == kept - 1 && op instanceof FsOp.Write w) {
                torn = tear(b, w, choices);
            } else {
                b.apply(op);
            }
        }
        if (kept < unforced || !torn.isEmpty()) {
            notes.put(inode, kept + " of " + unforced + " unforced content changes kept (the last at #"
                    + indexes.get(indexes.size() - 1) + ")" + torn);
        }
        return b.toArray();
    }

    /** Applies a write, perhaps torn after some of its sectors; says how, or nothing if it was whole. */
    private static String tear(Bytes b, FsOp.Write w, Choices choices) {
        long start = w.offset();
        long end = start + w.bytes().length;
        int sectors = (int) ((end - 1) / SECTOR - start / SECTOR + 1);
        int kept = choices.keptSectors(w.inode(), sectors);
        if (kept >= sectors) {
            b.apply(w);
            return "";
        }
        long keptEnd = kept == 0 ? start : Math.min(end, (start / SECTOR + kept) * SECTOR);
        b.write(start, w.bytes(), 0, (int) (keptEnd - start));
        Garbage garbage = choices.garbage(w.inode());
        long lostEnd = Math.min(end, (keptEnd / SECTOR + 1) * SECTOR);
        int length = (int) (lostEnd - keptEnd);
        if (garbage == Garbage.ZEROS) {
            b.write(keptEnd, new byte[length], 0, length);
        } else if (garbage == Garbage.RANDOM) {
            b.write(keptEnd, choices.garbageBytes(length), 0, length);
        }
        return ", the last write [" + start + ", " + end + ") torn after " + kept + " of its " + sectors + " sectors"
                + (garbage == Garbage.NONE ? "" : ", then " + length + " bytes of " + garbage.name().toLowerCase());
    }

    /** A file's bytes as they are built up. */
    private static final class Bytes {
        private byte[] data = new byte[0];
        private int size;

        void apply(FsOp op) {
            if (op instanceof FsOp.Write w) {
                write(w.offset(), w.bytes(), 0, w.bytes().length);
            } else {
                long to = ((FsOp.Truncate) op).size();
                if (to < size) {
                    Arrays.fill(data, (int) to, size, (byte) 0);
                    size = (int) to;
                }
            }
        }

        void write(long offset, byte[] src, int from, int length) {
            if (length == 0) {
                return; // nothing written does not extend the file
            }
            long end = offset + length;
            if (end > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("a file of " + end + " bytes is too large to simulate");
            }
            if (end > data.length) {
                data = Arrays.copyOf(data, (int) Math.max(end, Math.min(Integer.MAX_VALUE - 16, 2L * data.length)));
            }
            System.arraycopy(src, from, data, (int) offset, length);
            size = (int) Math.max(size, end);
        }

        byte[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
