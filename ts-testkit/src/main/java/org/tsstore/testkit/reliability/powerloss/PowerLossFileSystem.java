package org.tsstore.testkit.reliability.powerloss;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A simulated file system for power-loss tests, in the spirit of SQLite's test VFS and Lucene's
 * {@code MockDirectoryWrapper}: it wraps one real directory, and a backend opened at {@link #root()} (see
 * {@code org.tsstore.core.backend.DirectoryStorageProvider#open(Path, java.util.Map)}) does all its I/O
 * through it without knowing. Every call goes to the real files, which play the part of the page cache
 * (reads, and memory mappings, see everything written), and every change under the directory is recorded
 * in an {@link FsLog}: writes with their offset and bytes, truncations, forces of files and of directories,
 * creations, renames and deletions. Forces are only recorded, never done.
 *
 * <pre>{@code
 * PowerLossFileSystem fs = PowerLossFileSystem.over(realDirectory);
 * fs.crashAfter(120);                           // the 121st change fails, and so does everything after it
 * try (StorageManager store = provider.open(fs.root(), options)) { ... }   // until an IOException
 * FsLog log = fs.freeze();
 * PowerLossState state = PowerLossStates.possible(log, new SplittableRandom(7));
 * state.writeTo(freshDirectory);                // one state a power loss may leave
 * }</pre>
 *
 * <p>After {@link #freeze()} (or the change {@link #crashAfter} allows) the machine is off: every further
 * call fails with an {@link IOException}, the real channels are closed (which releases their OS locks), and
 * the store's objects may be abandoned without closing them.
 *
 * <p>Limits: directories cannot be renamed, files cannot be written through a writable mapping or deleted
 * on close, attributes cannot be changed, and nothing outside the directory may be changed; each is
 * refused, so that no write escapes the log. Thread-safe: changes are recorded one at a time.
 */
public final class PowerLossFileSystem extends FileSystem {

    private final FileSystem delegate = FileSystems.getDefault();
    private final PowerLossProvider provider = new PowerLossProvider(this);
    private final Path realRoot;
    /** Name to inode, for every file and directory under the root now; held until the log is handed out. */
    private Map<Path, Integer> inodes = new HashMap<>();
    private Map<Integer, Boolean> isDirectory = new HashMap<>();
    private List<FsOp> ops = new ArrayList<>();
    private final Set<SimChannel> open = new LinkedHashSet<>();
    private final int initial;
    private int nextInode = FsLog.ROOT + 1;
    private long changes;
    private long limit = Long.MAX_VALUE;
    private boolean frozen;

    private PowerLossFileSystem(Path realRoot) throws IOException {
        this.realRoot = realRoot;
        inodes.put(realRoot, FsLog.ROOT);
        isDirectory.put(FsLog.ROOT, true);
        List<Path> all;
        try (Stream<Path> walk = Files.walk(realRoot)) {
            all = walk.filter(p -> !p.equals(realRoot)).sorted().collect(Collectors.toList());
        }
        List<FsOp> forces = new ArrayList<>();
        forces.add(new FsOp.ForceDirectory(FsLog.ROOT));
        for (Path p : all) {
            boolean dir = Files.isDirectory(p);
            int inode = linked(p, inodes.get(p.getParent()), dir);
            if (dir) {
                forces.add(new FsOp.ForceDirectory(inode));
            } else {
                byte[] bytes = Files.readAllBytes(p);
                if (bytes.length > 0) {
                    ops.add(new FsOp.Write(inode, 0, bytes));
                }
                forces.add(new FsOp.Force(inode));
            }
        }
        ops.addAll(forces);
        this.initial = ops.size();
        this.changes = 0;
    }

    /**
     * A simulated file system over a real directory. What the directory holds now is the starting state,
     * all of it on the device: every crash point keeps it, unless the log changes it.
     *
     * @param directory an existing directory of the default file system
     * @return the file system; {@link #root()} is the directory seen through it
     * @throws IOException if the directory cannot be read
     */
    public static PowerLossFileSystem over(Path directory) throws IOException {
        checkArgument(directory.getFileSystem() == FileSystems.getDefault(), "%s is not on the default file system",
                directory);
        checkArgument(Files.isDirectory(directory), "%s is not a directory", directory);
        return new PowerLossFileSystem(directory.toAbsolutePath().normalize());
    }

    /**
     * The simulated directory: open a store here and its I/O is recorded.
     *
     * @return the real directory's path, seen through this file system
     */
    public Path root() {
        return new SimPath(this, realRoot);
    }

    /**
     * The real directory behind {@link #root()}: what a store's files look like to a process that survives,
     * not what a power loss leaves.
     *
     * @return a path of the default file system
     */
    public Path realRoot() {
        return realRoot;
    }

    /**
     * Arranges the power loss: the first {@code changes} changes (writes, truncations, forces, creations,
     * renames, deletions) happen, the next one fails with an {@link IOException} and freezes the file system.
     *
     * @param changes how many changes may happen, counted since the file system was made; not negative
     */
    public synchronized void crashAfter(long changes) {
        checkArgument(changes >= 0, "negative change count %s", changes);
        this.limit = changes;
    }

    /**
     * How many changes were recorded since the file system was made (the starting state not counted).
     *
     * @return the count
     */
    public synchronized long changes() {
        return changes;
    }

    /**
     * Whether the power is off.
     *
     * @return true after {@link #freeze()} or after the change {@link #crashAfter} allowed was refused
     */
    public synchronized boolean frozen() {
        return frozen;
    }

    /**
     * Cuts the power now (if the change limit has not already), and hands out the log of everything that
     * happened until then. Every later call fails with an {@link IOException}. Once the log is handed out,
     * the file system forgets it, so that objects of an abandoned store that still reach this file system
     * hold no memory worth speaking of.
     *
     * @return the log, the starting state included
     * @throws IllegalStateException if the log was handed out before
     */
    public synchronized FsLog freeze() {
        checkState(ops != null, "the log of %s was handed out already", this);
        powerOff();
        FsLog log = FsLog.of(ops, initial);
        ops = null;
        inodes = null;
        isDirectory = null;
        return log;
    }

    /**
     * The log so far, while the power is on.
     *
     * @return a copy of the log
     * @throws IllegalStateException if {@link #freeze()} handed the log out
     */
    public synchronized FsLog log() {
        checkState(ops != null, "the log of %s was handed out already", this);
        return FsLog.of(ops, initial);
    }

    private void powerOff() {
        frozen = true;
        for (SimChannel c : open) {
            c.closeReal();
        }
        open.clear();
    }

    // ---- for the provider and the channels ----

    /** Fails once the power is off. */
    synchronized void checkRunning() throws IOException {
        if (frozen) {
            throw new IOException("power loss: the simulated file system over " + realRoot + " is off");
        }
    }

    /** Before a change: fails once the power is off, and cuts it when the change limit is reached. */
    synchronized void beginChange() throws IOException {
        checkRunning();
        if (changes >= limit) {
            powerOff();
            throw new IOException("power loss after " + changes + " changes to " + realRoot);
        }
    }

    /** After a change succeeded. */
    synchronized void record(FsOp op) {
        ops.add(op);
        changes++;
    }

    synchronized SimChannel opened(SimChannel channel) {
        open.add(channel);
        return channel;
    }

    synchronized void closed(SimChannel channel) {
        open.remove(channel);
    }

    /** The inode of a directory under the root (or the root), which a change is about to touch. */
    synchronized int directoryInode(Path dir) throws IOException {
        Integer inode = dir == null ? null : inodes.get(dir);
        if (inode == null || !isDirectory.get(inode)) {
            throw new IOException("the power-loss file system over " + realRoot + " refuses to change " + dir
                    + (dir != null && dir.startsWith(realRoot) ? ", which it does not know (made around it?)"
                            : ", outside its directory"));
        }
        return inode;
    }

    /** The inode of an existing file or directory; -1 for one outside the root that is only read. */
    synchronized int knownInode(Path file, boolean forChange) throws IOException {
        Integer inode = inodes.get(file);
        if (inode != null) {
            return inode;
        }
        if (!forChange && !file.startsWith(realRoot)) {
            return -1;
        }
        throw new IOException("the power-loss file system over " + realRoot + " refuses to touch " + file
                + (file.startsWith(realRoot) ? ", which it does not know (made around it?)" : ", outside its directory"));
    }

    synchronized int linked(Path file, int parent, boolean directory) {
        int inode = nextInode++;
        inodes.put(file, inode);
        isDirectory.put(inode, directory);
        record(new FsOp.Link(parent, file.getFileName().toString(), inode, directory));
        return inode;
    }

    synchronized void unlinked(Path file, int parent, int inode) {
        inodes.remove(file);
        record(new FsOp.Unlink(parent, file.getFileName().toString(), inode));
    }

    synchronized void renamed(Path from, int fromDir, Path to, int toDir, int inode) {
        inodes.remove(from);
        inodes.put(to, inode);
        record(new FsOp.Rename(fromDir, from.getFileName().toString(), toDir, to.getFileName().toString(), inode));
    }

    /** A file's current name, for messages. */
    synchronized String nameOf(int inode) {
        if (inodes != null) {
            for (Map.Entry<Path, Integer> e : inodes.entrySet()) {
                if (e.getValue() == inode) {
                    return realRoot.relativize(e.getKey()).toString();
                }
            }
        }
        return "inode " + inode;
    }

    // ---- FileSystem ----

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    /** Does nothing: the file system stays usable until {@link #freeze()}. */
    @Override
    public void close() {}

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return delegate.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        List<Path> roots = new ArrayList<>();
        delegate.getRootDirectories().forEach(r -> roots.add(new SimPath(this, r)));
        return roots;
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return delegate.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return delegate.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return new SimPath(this, delegate.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher real = delegate.getPathMatcher(syntaxAndPattern);
        return p -> real.matches(SimPath.unwrap(this, p));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return delegate.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("the power-loss file system does not watch directories");
    }

    @Override
    public String toString() {
        return "PowerLossFileSystem[" + realRoot + (frozen ? ", off" : "") + "]";
    }
}
