package org.tsstore.testkit.reliability.powerloss;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a store did to its files, in the order it did it: the {@link FsOp}s a {@link PowerLossFileSystem}
 * recorded, from which {@link PowerLossStates} makes the states a power loss may leave. Immutable.
 *
 * <p>The first {@link #initial()} operations describe what the directory held when the file system was
 * made (each file linked, written and forced, each directory forced): that much is on the device at every
 * crash point.
 */
public final class FsLog {

    /** The inode of the simulated directory itself, which exists before the first operation. */
    public static final int ROOT = 0;

    private final List<FsOp> ops;
    private final int initial;
    private final Map<Integer, String> names = new HashMap<>();

    private FsLog(List<FsOp> ops, int initial) {
        checkArgument(initial >= 0 && initial <= ops.size(), "initial %s outside [0, %s]", initial, ops.size());
        this.ops = List.copyOf(ops);
        this.initial = initial;
        name(names, this.ops.size());
    }

    /** Fills in the name each inode has after the first {@code count} operations. */
    private void name(Map<Integer, String> into, int count) {
        into.put(ROOT, "");
        for (FsOp op : ops.subList(0, count)) {
            if (op instanceof FsOp.Link l) {
                into.put(l.inode(), join(into.get(l.directory()), l.name()));
            } else if (op instanceof FsOp.Rename r) {
                into.put(r.inode(), join(into.get(r.toDirectory()), r.toName()));
            }
        }
    }

    /**
     * A log of operations, none of them describing an earlier state: the directory was empty.
     *
     * @param ops the operations, in order
     * @return the log
     */
    public static FsLog of(List<FsOp> ops) {
        return new FsLog(ops, 0);
    }

    /**
     * A log whose first operations describe what the directory held at the start.
     *
     * @param ops the operations, in order
     * @param initial how many of the first ones describe the starting state
     * @return the log
     */
    public static FsLog of(List<FsOp> ops, int initial) {
        return new FsLog(ops, initial);
    }

    /**
     * The operations, in order.
     *
     * @return an unmodifiable list
     */
    public List<FsOp> ops() {
        return ops;
    }

    /**
     * How many operations there are.
     *
     * @return the count, the starting state's included
     */
    public int size() {
        return ops.size();
    }

    /**
     * How many of the first operations describe the starting state.
     *
     * @return the count
     */
    public int initial() {
        return initial;
    }

    /**
     * The path, relative to the simulated directory with {@code /} separators, that an inode was last
     * given in the log, for messages.
     *
     * @param inode a file's or directory's inode
     * @return its last name, or {@code inode N} if the log never named it
     */
    public String nameOf(int inode) {
        String name = names.get(inode);
        return name == null ? "inode " + inode : name.isEmpty() ? "." : name;
    }

    /**
     * One operation in words, with the names of the files it touches.
     *
     * @param index its position in the log
     * @return for example {@code #12 write index.journal [0, 64)}
     */
    public String describe(int index) {
        FsOp op = ops.get(index);
        Map<Integer, String> then = new HashMap<>();
        name(then, index); // the names as they were when it happened
        java.util.function.IntFunction<String> nameOf = inode -> then.containsKey(inode)
                ? (then.get(inode).isEmpty() ? "." : then.get(inode)) : nameOf(inode);
        String what;
        if (op instanceof FsOp.Write w) {
            what = "write " + nameOf.apply(w.inode()) + " [" + w.offset() + ", " + (w.offset() + w.bytes().length) + ")";
        } else if (op instanceof FsOp.Truncate t) {
            what = "truncate " + nameOf.apply(t.inode()) + " to " + t.size();
        } else if (op instanceof FsOp.Force f) {
            what = "force " + nameOf.apply(f.inode());
        } else if (op instanceof FsOp.Link l) {
            what = (l.isDirectory() ? "mkdir " : "create ") + join(nameOf.apply(l.directory()), l.name());
        } else if (op instanceof FsOp.Rename r) {
            what = "rename " + join(nameOf.apply(r.fromDirectory()), r.fromName()) + " -> "
                    + join(nameOf.apply(r.toDirectory()), r.toName());
        } else if (op instanceof FsOp.Unlink u) {
            what = "delete " + join(nameOf.apply(u.directory()), u.name());
        } else {
            what = "force directory " + nameOf.apply(((FsOp.ForceDirectory) op).directory());
        }
        return "#" + index + " " + what;
    }

    private static String join(String directory, String name) {
        return directory == null ? "?/" + name : directory.isEmpty() || directory.equals(".") ? name : directory + "/" + name;
    }

    @Override
    public String toString() {
        return "FsLog[" + ops.size() + " operations, " + initial + " of them the starting state]";
    }
}
