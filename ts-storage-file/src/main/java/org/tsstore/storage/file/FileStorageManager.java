package org.tsstore.storage.file;

import java.lang.System.Logger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.tsstore.api.Durability;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.RepairReport;
import org.tsstore.api.RequestRules;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageOptions;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.backend.DirectoryLock;
import org.tsstore.core.backend.IdSnapshot;
import org.tsstore.core.backend.OpenMode;

/**
 * A store of series in a directory: one numpy {@code .npy} file per series and a crash-safe index, the
 * {@code file} backend. The on-disk layout, the durability levels and how files written by numpy are
 * treated are described in the {@linkplain org.tsstore.storage.file package documentation}.
 *
 * <p>Open one with {@link #open(Path)} or {@link #open(Path, Map)}, or through
 * {@code StorageManagers.open("file:/path/to/dir?durability=sync")}. One open manager owns its directory:
 * a second one, in this process or another, fails at once with a {@link StorageException} naming the lock
 * file. The manager is thread-safe; series it returns are immutable heap series, shared with a bounded
 * cache of recently stored and read series.
 */
public final class FileStorageManager implements StorageManager {

    /** The option choosing the {@link Durability}: {@code os} (the default) or {@code sync}. */
    public static final String DURABILITY = "durability";
    /** The option bounding the cache of series, in bytes ({@code 64m} by default, {@code 0} for none). */
    public static final String CACHE_BYTES = "cacheBytes";

    static final Set<String> OPTION_NAMES = Set.of(DURABILITY, CACHE_BYTES, OpenMode.OPTION);
    static final long DEFAULT_CACHE_BYTES = 64L << 20;
    /** The lock file's name in the store directory. */
    static final String LOCK_FILE = "tsstore.lock";

    private static final Logger LOG = System.getLogger(FileStorageManager.class.getName());

    private final Path directory;
    private final Durability durability;
    private final DirectoryLock lock;
    private final Index index;
    private final SeriesFiles files;
    private final SeriesCache cache;
    private final Changes changes;
    private final BatchChanges batches;
    private final StoreIntegrity integrity;
    private final StoreLocks locks = new StoreLocks();
    private volatile boolean closed;

    private FileStorageManager(StoreParts parts) {
        this.directory = parts.directory;
        this.durability = parts.durability;
        this.lock = parts.lock;
        this.index = parts.index;
        this.files = parts.files;
        this.cache = parts.cache;
        this.changes = parts.changes;
        this.batches = parts.batches;
        this.integrity = parts.integrity;
    }

    /**
     * Opens (creating if needed) the store in a directory, with the default options.
     *
     * @param directory the store directory; created with its parents if missing
     * @return the open store, owned by the caller, who must close it
     * @throws StorageException if the directory cannot be used or another manager holds it
     */
    public static FileStorageManager open(Path directory) {
        return open(directory, Map.of());
    }

    /**
     * Opens (creating if needed) the store in a directory.
     *
     * @param directory the store directory; created with its parents if missing
     * @param options {@value #DURABILITY} ({@code os} or {@code sync}) and {@value #CACHE_BYTES} (a size
     *     such as {@code 64m}); {@code mode=write} only (open {@code file:...?mode=read} through
     *     {@code StorageManagers.open} for a read-only store); any other option is an error
     * @return the open store, owned by the caller, who must close it
     * @throws IllegalArgumentException naming an unknown or invalid option
     * @throws StorageException if the directory cannot be used or another manager holds it
     */
    public static FileStorageManager open(Path directory, Map<String, String> options) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
        return open(directory, StorageOptions.of(directory.toAbsolutePath().toUri(), options, OPTION_NAMES));
    }

    static FileStorageManager open(Path directory, StorageOptions options) {
        return open(directory, options, ReadChannels.PLAIN);
    }

    /** Opens a store whose series files are read through {@code reads}: for tests that count what is read. */
    static FileStorageManager open(Path directory, StorageOptions options, ReadChannels reads) {
        if (OpenMode.of(options) == OpenMode.READ) {
            throw new IllegalArgumentException("FileStorageManager.open opens " + directory + " for writing; open it"
                    + " read-only (mode=read) through StorageManagers.open(\"file:...?mode=read\")");
        }
        Durability durability = options.getEnum(DURABILITY, Durability.class, Durability.OS);
        return new FileStorageManager(StoreParts.open(directory, durability, cacheBytes(options), reads, LOG));
    }

    /** The cache budget the options ask for: {@code cacheBytes}, 64 MiB by default. */
    static long cacheBytes(StorageOptions options) {
        return options.getBytes(CACHE_BYTES, DEFAULT_CACHE_BYTES, 0, Long.MAX_VALUE);
    }

    /**
     * The store directory, absolute.
     *
     * @return the directory this manager stores in
     */
    public Path directory() {
        return directory;
    }

    /**
     * The file a series is stored in, whether or not it is stored now: {@code series/<shard>/<hex>.npy}
     * under the directory (see the {@linkplain org.tsstore.storage.file package documentation}). numpy
     * reads it with {@code numpy.load}.
     *
     * @param id a valid id
     * @return the path of its file
     * @throws IllegalArgumentException if the id is invalid
     */
    public Path fileOf(String id) {
        return SeriesPaths.file(directory, SeriesIds.check(id));
    }

    /**
     * The durability this manager was opened with.
     *
     * @return {@link Durability#OS} or {@link Durability#SYNC}
     */
    public Durability durability() {
        return durability;
    }

    /** What opening the store repaired or reported, for tests. */
    List<Repair> repairs() {
        return index.repairs();
    }

    @Override
    public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
        SeriesIds.check(id);
        Objects.requireNonNull(series, "series");
        // Snapshots a foreign series and checks it before anything is written; an ArrayTimeSeries is
        // immutable and already checked, and is written straight from its arrays.
        ArrayTimeSeries s = BatchChanges.checkedCopy(series);
        locks.change(id, () -> {
            ensureOpen();
            changes.store(id, s);
            return null;
        });
        foldIfLong();
        return s;
    }

    @Override
    public int append(String id, SizedContainerTimeSeries points) {
        SeriesIds.check(id);
        Objects.requireNonNull(points, () -> "points to append to " + SeriesIds.quote(id) + " are null");
        ArrayTimeSeries p = BatchChanges.checkedCopy(points);
        int size = locks.change(id, () -> {
            ensureOpen();
            return changes.append(id, p);
        });
        foldIfLong();
        return size;
    }

    /** Atomic across a crash: one journal record for the whole batch, after every file is written. */
    @Override
    public void storeAll(Map<String, ? extends SizedContainerTimeSeries> series) {
        Map<String, ArrayTimeSeries> copies = BatchChanges.checkedCopies(series, "store");
        locks.changeAll(copies.keySet(), () -> {
            ensureOpen();
            batches.storeAll(copies);
            return null;
        });
        foldIfLong();
    }

    /** Atomic across a crash, as {@link #storeAll} is. */
    @Override
    public void appendAll(Map<String, ? extends SizedContainerTimeSeries> points) {
        Map<String, ArrayTimeSeries> copies = BatchChanges.checkedCopies(points, "append");
        locks.changeAll(copies.keySet(), () -> {
            ensureOpen();
            batches.appendAll(copies);
            return null;
        });
        foldIfLong();
    }

    @Override
    public int size(String id) {
        SeriesIds.check(id);
        ensureOpen();
        return entry(id).points();
    }

    /** The index entry of a stored id, refusing a held one; package-private for tests. */
    IndexEntry entry(String id) {
        refuseHeld(id);
        IndexEntry e = index.get(id);
        if (e == null) {
            throw new NoSuchSeriesException(id);
        }
        return e;
    }

    /** Refuses an id that lost index records may have changed ({@link Held}), naming the damage. */
    private void refuseHeld(String id) {
        Held held = index.held(id);
        if (held != null) {
            throw held.refusal(directory, id);
        }
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        SeriesIds.check(id);
        ensureOpen();
        refuseHeld(id);
        ArrayTimeSeries hit = cache.get(id);
        if (hit != null) {
            return hit;
        }
        return locks.read(id, () -> {
            ArrayTimeSeries s = files.read(id, entry(id));
            cache.put(id, s);
            return s;
        });
    }

    /** Reads only the file's blocks that hold the range, each checked against its own CRC-32C. */
    @Override
    public SizedContainerTimeSeries get(String id, double fromTime, double toTime) {
        SeriesIds.check(id);
        RequestRules.checkRange(id, fromTime, toTime);
        ensureOpen();
        refuseHeld(id);
        ArrayTimeSeries hit = cache.get(id);
        if (hit != null) {
            return hit.slice(fromTime, toTime);
        }
        return locks.read(id, () -> files.readRange(id, entry(id), fromTime, toTime));
    }

    @Override
    public boolean contains(String id) {
        SeriesIds.check(id);
        ensureOpen();
        refuseHeld(id);
        return index.contains(id);
    }

    @Override
    public boolean delete(String id) {
        SeriesIds.check(id);
        boolean removed = locks.change(id, () -> {
            ensureOpen();
            return changes.delete(id);
        });
        if (removed) {
            foldIfLong();
        }
        return removed;
    }

    @Override
    public Set<String> ids() {
        ensureOpen();
        return IdSnapshot.of(index.ids());
    }

    @Override
    public String newId() {
        ensureOpen();
        while (true) {
            String id = "ts-" + UUID.randomUUID();
            if (!index.contains(id) && index.held(id) == null) {
                return id;
            }
        }
    }

    /**
     * Forces every series file written since the last flush, its directory and the journal to the device,
     * then folds the journal into a new snapshot, so that everything stored before is durable whatever the
     * {@link Durability} and the next open reads one snapshot.
     */
    @Override
    public void flush() {
        locks.exclusive("cannot flush the store in " + directory, () -> {
            ensureOpen();
            files.force(index.ids());
            index.fold();
            index.force();
        });
    }

    private void foldIfLong() {
        if (index.foldDue()) {
            locks.exclusive("cannot fold the journal of the store in " + directory, () -> {
                if (!closed && index.foldDue()) {
                    // The journal still holds every record; the next fold or open tries again.
                    index.foldOrWarn("folding the journal into a snapshot failed");
                }
            });
        }
    }

    /**
     * Checks every series file against its index entry (read whole, against its CRC-32C) and reports each
     * that does not match, and every id refused because index records it may have had were lost, naming the
     * damaged index file and offset. Changes nothing.
     */
    @Override
    public IntegrityReport verify() {
        ensureOpen();
        return integrity.verify(locks);
    }

    /**
     * Makes the store whole again, blocking every other call meanwhile: keeps every series whose file its
     * checksum proves, keeps (and reports as {@link org.tsstore.api.RepairReport.Outcome#REVERTED}) a held
     * id's valid file that no checksum proves, and drops every other damaged or held id, moving its file to
     * {@code damaged/} in the store directory. Afterwards {@code verify()} is clean, no id is refused, and the
     * next open finds nothing to repair; a kill part way leaves a store that opens, and repairing again
     * finishes the work.
     */
    @Override
    public RepairReport repair() {
        return locks.everything("cannot repair the store in " + directory, () -> {
            ensureOpen();
            return integrity.repair();
        });
    }

    /**
     * Folds the journal into the snapshot and removes directories left empty by deleted series with
     * long ids. Blocks other operations while it runs.
     */
    @Override
    public void compact() {
        locks.exclusive("cannot compact the store in " + directory, () -> {
            ensureOpen();
            index.fold();
            files.prune();
        });
    }

    /**
     * Folds the journal into the snapshot, so that the next open is quick, and releases the directory.
     * Idempotent.
     */
    @Override
    public void close() {
        release(true);
    }

    /**
     * Lets go of the store as a killed process would, for tests: the journal and the lock are closed, nothing
     * is folded, flushed or forced, and everything written so far stays as the operating system holds it.
     */
    void crash() {
        release(false);
    }

    private void release(boolean fold) {
        locks.exclusive("cannot close the store in " + directory, () -> {
            if (closed) {
                return;
            }
            closed = true;
            cache.clear();
            if (fold && index.hasRecords()) {
                // Nothing is lost if this fails: the journal holds every record and the next open folds it.
                index.foldOrWarn("folding the journal on close failed");
            }
            files.close();
            try {
                index.close();
            } finally {
                lock.close();
            }
        });
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the store in " + directory + " is closed");
        }
    }

    @Override
    public String toString() {
        return "FileStorageManager[" + directory + ", durability=" + durability.optionValue() + "]";
    }
}
