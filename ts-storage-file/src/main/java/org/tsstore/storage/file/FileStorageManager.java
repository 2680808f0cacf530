package org.tsstore.storage.file;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tsstore.api.Durability;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageOptions;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.backend.DirectoryLock;
import org.tsstore.core.backend.IdSnapshot;

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

    static final Set<String> OPTION_NAMES = Set.of(DURABILITY, CACHE_BYTES);
    static final long DEFAULT_CACHE_BYTES = 64L << 20;
    /** The journal is folded into the snapshot once it is this long, or longer than the snapshot. */
    static final long MIN_FOLD_BYTES = 4L << 20;

    private static final Logger LOG = System.getLogger(FileStorageManager.class.getName());
    private static final int ENTRY_OVERHEAD_BYTES = 96;

    private final Path directory;
    private final Durability durability;
    /** The lock file's name in the store directory. */
    static final String LOCK_FILE = "tsstore.lock";

    private final DirectoryLock lock;
    private final IoBuffers buffers;
    private final Journal journal;
    private final ConcurrentHashMap<String, IndexEntry> index;
    private final Cache<String, ArrayTimeSeries> cache;
    private final IdLocks idLocks = new IdLocks(256);
    /** Shared by every operation; exclusive for folding the journal, flushing and closing. */
    private final ReentrantReadWriteLock stateLock = new ReentrantReadWriteLock();
    /** With {@link Durability#OS}: what flush must force. */
    private final UnforcedWrites unforced = new UnforcedWrites();
    private final SeriesDirectories directories;
    private final List<Repair> repairs;
    private volatile boolean closed;
    /** Guarded by the exclusive state lock. */
    private long generation;
    private volatile long foldBytes;

    private FileStorageManager(Path directory, Durability durability, long cacheBytes, DirectoryLock lock,
            IoBuffers buffers, Journal journal, IndexRecovery.Recovered recovered, long generation, long snapshotBytes) {
        this.directory = directory;
        this.durability = durability;
        this.lock = lock;
        this.buffers = buffers;
        this.journal = journal;
        this.index = new ConcurrentHashMap<>(recovered.entries());
        this.directories = new SeriesDirectories(directory.resolve(SeriesPaths.SERIES_DIRECTORY),
                durability == Durability.SYNC, unforced);
        this.repairs = recovered.repairs();
        this.generation = generation;
        this.foldBytes = Math.max(MIN_FOLD_BYTES, snapshotBytes);
        this.cache = cacheBytes == 0 ? null : CacheBuilder.newBuilder()
                // One segment: the whole budget is available to one large series.
                .concurrencyLevel(1)
                .maximumWeight(cacheBytes)
                .<String, ArrayTimeSeries>weigher((id, s) -> (int) Math.min(Integer.MAX_VALUE,
                        16L * s.size() + ENTRY_OVERHEAD_BYTES + 2L * id.length()))
                .build();
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
     *     such as {@code 64m}); any other option is an error
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
        Durability durability = options.getEnum(DURABILITY, Durability.class, Durability.OS);
        long cacheBytes = options.getBytes(CACHE_BYTES, DEFAULT_CACHE_BYTES, 0, Long.MAX_VALUE);
        Path dir = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("cannot create the store directory " + dir + ": " + e, e);
        }
        DirectoryLock lock = DirectoryLock.acquire(dir, LOCK_FILE, "file");
        try {
            IoBuffers buffers = new IoBuffers(Math.max(2, Runtime.getRuntime().availableProcessors()));
            IndexRecovery.Recovered recovered = IndexRecovery.recover(dir, buffers, LOG);
            long generation = recovered.generation();
            long snapshotBytes = 0;
            Journal journal;
            Path journalFile = dir.resolve(Journal.FILE_NAME);
            boolean sync = durability == Durability.SYNC;
            if (recovered.mustFold()) {
                generation++;
                snapshotBytes = IndexSnapshot.write(dir, generation, recovered.entries());
                journal = Journal.open(journalFile, 0, 0, generation, sync);
            } else {
                Path snapshot = dir.resolve(IndexSnapshot.FILE_NAME);
                snapshotBytes = Files.exists(snapshot) ? Files.size(snapshot) : 0;
                journal = Journal.open(journalFile, recovered.journal().goodBytes(),
                        recovered.journal().records().size(), generation, sync);
            }
            return new FileStorageManager(dir, durability, cacheBytes, lock, buffers, journal, recovered, generation,
                    snapshotBytes);
        } catch (IOException e) {
            release(lock, e);
            throw new StorageException("cannot open the store in " + dir + ": " + e, e);
        } catch (RuntimeException | Error e) {
            release(lock, e);
            throw e;
        }
    }

    private static void release(DirectoryLock lock, Throwable failure) {
        try {
            lock.close();
        } catch (StorageException again) {
            failure.addSuppressed(again);
        }
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
        return repairs;
    }

    @Override
    public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
        SeriesIds.check(id);
        Objects.requireNonNull(series, "series");
        // Snapshots a foreign series and checks it before anything is written; an ArrayTimeSeries is
        // immutable and already checked, and is written straight from its arrays.
        ArrayTimeSeries s = ArrayTimeSeries.copyOf(series);
        Lock shared = stateLock.readLock();
        shared.lock();
        try {
            ensureOpen();
            Lock writer = idLocks.of(id).writeLock();
            writer.lock();
            try {
                write(id, s);
            } finally {
                writer.unlock();
            }
        } finally {
            shared.unlock();
        }
        foldIfLong();
        return s;
    }

    private void write(String id, ArrayTimeSeries s) {
        Path file = SeriesPaths.file(directory, id);
        Path temporary = SeriesPaths.temporary(file);
        boolean sync = durability == Durability.SYNC;
        SeriesFileWriter.Written written;
        IoBuffers.IoBuffer io = buffers.take();
        try {
            directories.ensure(file.getParent());
            try {
                written = SeriesFileWriter.write(temporary, s, io, sync);
            } catch (NoSuchFileException e) {
                // Someone removed the directory under us: make it again, once.
                directories.forget(file.getParent());
                directories.ensure(file.getParent());
                written = SeriesFileWriter.write(temporary, s, io, sync);
            }
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new StorageException("cannot store series " + SeriesIds.quote(id) + ": writing " + temporary
                    + " failed: " + e, e);
        } finally {
            buffers.give(io);
        }
        IndexEntry entry = new IndexEntry(s.size(), written.fileBytes(), written.crc());
        IndexEntry previous = index.get(id);
        try {
            journal.appendPut(id, entry);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new StorageException("cannot store series " + SeriesIds.quote(id) + ": appending to the journal "
                    + directory.resolve(Journal.FILE_NAME) + " failed: " + e, e);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            undo(id, previous, e);
            deleteQuietly(temporary);
            throw new StorageException("cannot store series " + SeriesIds.quote(id) + ": renaming " + temporary
                    + " to " + file + " failed: " + e, e);
        }
        index.put(id, entry);
        if (cache != null) {
            cache.put(id, s);
        }
        if (sync) {
            try {
                DirectorySync.force(file.getParent());
            } catch (IOException e) {
                throw new StorageException("series " + SeriesIds.quote(id) + " is stored in " + file
                        + " but forcing its directory to the device failed: " + e, e);
            }
        } else {
            unforced.written(id, file.getParent());
        }
    }

    /** Journals the old state again after a failed rename or removal, so that a reopen keeps it. */
    private void undo(String id, IndexEntry previous, IOException cause) {
        try {
            if (previous == null) {
                journal.appendDelete(id);
            } else {
                journal.appendPut(id, previous);
            }
        } catch (IOException e) {
            cause.addSuppressed(e);
            LOG.log(Level.ERROR, () -> "store " + directory + ": cannot undo the journal record of series "
                    + SeriesIds.quote(id) + "; its checksum will not match until it is stored again: " + e);
        }
    }

    @Override
    public int size(String id) {
        SeriesIds.check(id);
        ensureOpen();
        IndexEntry e = index.get(id);
        if (e == null) {
            throw new NoSuchSeriesException(id);
        }
        return e.points();
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        SeriesIds.check(id);
        ensureOpen();
        if (cache != null) {
            ArrayTimeSeries hit = cache.getIfPresent(id);
            if (hit != null) {
                return hit;
            }
        }
        Lock reader = idLocks.of(id).readLock();
        reader.lock();
        try {
            IndexEntry entry = index.get(id);
            if (entry == null) {
                throw new NoSuchSeriesException(id);
            }
            ArrayTimeSeries s = read(id, entry);
            if (cache != null) {
                cache.put(id, s);
            }
            return s;
        } finally {
            reader.unlock();
        }
    }

    /** Reads a series and checks it against its index entry; the caller holds the id's lock. */
    private ArrayTimeSeries read(String id, IndexEntry entry) {
        Path file = SeriesPaths.file(directory, id);
        IoBuffers.IoBuffer io = buffers.take();
        try {
            return IndexedRead.read(file, entry, io);
        } catch (NoSuchFileException e) {
            throw new StorageException("cannot read series " + SeriesIds.quote(id) + ": its file " + file
                    + " is missing, though the index records " + entry.points() + " points for it", e);
        } catch (IOException e) {
            throw new StorageException("cannot read series " + SeriesIds.quote(id) + " from " + file + ": " + e, e);
        } catch (SeriesFileException e) {
            throw new StorageException("series " + SeriesIds.quote(id) + ": the file " + file + " is damaged: "
                    + e.getMessage(), e);
        } finally {
            buffers.give(io);
        }
    }

    @Override
    public boolean contains(String id) {
        SeriesIds.check(id);
        ensureOpen();
        return index.containsKey(id);
    }

    @Override
    public boolean delete(String id) {
        SeriesIds.check(id);
        boolean removed;
        Lock shared = stateLock.readLock();
        shared.lock();
        try {
            ensureOpen();
            Lock writer = idLocks.of(id).writeLock();
            writer.lock();
            try {
                removed = remove(id);
            } finally {
                writer.unlock();
            }
        } finally {
            shared.unlock();
        }
        if (removed) {
            foldIfLong();
        }
        return removed;
    }

    private boolean remove(String id) {
        IndexEntry previous = index.get(id);
        if (previous == null) {
            return false;
        }
        Path file = SeriesPaths.file(directory, id);
        try {
            journal.appendDelete(id);
        } catch (IOException e) {
            throw new StorageException("cannot delete series " + SeriesIds.quote(id) + ": appending to the journal "
                    + directory.resolve(Journal.FILE_NAME) + " failed: " + e, e);
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            undo(id, previous, e);
            throw new StorageException("cannot delete series " + SeriesIds.quote(id) + ": removing " + file
                    + " failed: " + e, e);
        }
        // The cache first: get() reads it without the id's lock, so once the index says the series is gone, no
        // reader may still find it there (a linearizability check caught get() serving it after contains() said no).
        if (cache != null) {
            cache.invalidate(id);
        }
        index.remove(id);
        if (durability == Durability.SYNC) {
            try {
                DirectorySync.force(file.getParent());
            } catch (IOException e) {
                throw new StorageException("series " + SeriesIds.quote(id) + " is deleted but forcing the directory of "
                        + file + " to the device failed: " + e, e);
            }
        } else {
            unforced.removed(id, file.getParent());
        }
        return true;
    }

    @Override
    public Set<String> ids() {
        ensureOpen();
        return IdSnapshot.of(index.keySet());
    }

    @Override
    public String newId() {
        ensureOpen();
        while (true) {
            String id = "ts-" + UUID.randomUUID();
            if (!index.containsKey(id)) {
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
        Lock exclusive = stateLock.writeLock();
        exclusive.lock();
        try {
            ensureOpen();
            unforced.force(index.keySet(), id -> SeriesPaths.file(directory, id));
            fold();
            journal.force();
        } catch (IOException e) {
            throw new StorageException("cannot flush the store in " + directory + ": " + e, e);
        } finally {
            exclusive.unlock();
        }
    }

    /** Writes the index as a new snapshot and empties the journal; the caller holds the exclusive lock. */
    private void fold() throws IOException {
        long next = generation + 1;
        long snapshotBytes = IndexSnapshot.write(directory, next, new HashMap<>(index));
        journal.reset(next);
        generation = next;
        foldBytes = Math.max(MIN_FOLD_BYTES, snapshotBytes);
    }

    private void foldIfLong() {
        if (journal.size() < foldBytes) {
            return;
        }
        Lock exclusive = stateLock.writeLock();
        exclusive.lock();
        try {
            if (!closed && journal.size() >= foldBytes) {
                fold();
            }
        } catch (IOException e) {
            // The journal still holds every record; the next fold or open tries again.
            LOG.log(Level.WARNING, () -> "store " + directory + ": folding the journal into a snapshot failed: " + e);
        } finally {
            exclusive.unlock();
        }
    }

    @Override
    public IntegrityReport verify() {
        ensureOpen();
        IntegrityReport.Builder report = IntegrityReport.builder();
        for (String id : new TreeSet<>(index.keySet())) {
            Lock reader = idLocks.of(id).readLock();
            reader.lock();
            try {
                IndexEntry entry = index.get(id);
                if (entry == null) {
                    continue;
                }
                Path file = SeriesPaths.file(directory, id);
                String problem = check(file, entry);
                report.checked(entry.fileBytes());
                if (problem != null) {
                    report.damaged(new IntegrityReport.Damage(id, file.toString(), problem));
                }
            } finally {
                reader.unlock();
            }
        }
        return report.build();
    }

    private String check(Path file, IndexEntry entry) {
        IoBuffers.IoBuffer io = buffers.take();
        try {
            IndexedRead.verify(file, entry, io);
            return null;
        } catch (NoSuchFileException e) {
            return "the file is missing, though the index records " + entry.points() + " points";
        } catch (IOException e) {
            return "cannot be read: " + e;
        } catch (SeriesFileException e) {
            return e.getMessage();
        } finally {
            buffers.give(io);
        }
    }

    /**
     * Folds the journal into the snapshot and removes directories left empty by deleted series with
     * long ids. Blocks other operations while it runs.
     */
    @Override
    public void compact() {
        Lock exclusive = stateLock.writeLock();
        exclusive.lock();
        try {
            ensureOpen();
            fold();
            directories.prune();
        } catch (IOException e) {
            throw new StorageException("cannot compact the store in " + directory + ": " + e, e);
        } finally {
            exclusive.unlock();
        }
    }

    /**
     * Folds the journal into the snapshot, so that the next open is quick, and releases the directory.
     * Idempotent.
     */
    @Override
    public void close() {
        Lock exclusive = stateLock.writeLock();
        exclusive.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (journal.records() > 0) {
                    fold();
                }
            } catch (IOException e) {
                // Nothing is lost: the journal holds every record and the next open folds it.
                LOG.log(Level.WARNING, () -> "store " + directory + ": folding the journal on close failed: " + e);
            }
            try {
                journal.close();
            } finally {
                lock.close();
            }
        } catch (IOException e) {
            throw new StorageException("cannot close the store in " + directory + ": " + e, e);
        } finally {
            if (cache != null) {
                cache.invalidateAll();
            }
            exclusive.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the store in " + directory + " is closed");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A stray temporary file is removed when the store is next opened.
        }
    }

    @Override
    public String toString() {
        return "FileStorageManager[" + directory + ", durability=" + durability.optionValue() + "]";
    }
}
