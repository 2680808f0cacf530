package org.tsstore.storage.mmap;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.RepairReport;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.backend.BatchCopies;
import org.tsstore.core.backend.DirectoryLock;

/**
 * The log-structured, memory-mapped store (scheme {@code mmap}), after Bitcask: series are appended to
 * segment files and read back in place through read-only mappings, an in-memory key directory says where
 * each series lies, a hint file checkpoints it, and compaction merges the live records into new files.
 * The on-disk format, and what counts as damage and lost records, are in the module's {@code FORMAT.md}.
 *
 * <p><b>Reads</b> take no lock and are never blocked by writers or compaction. {@link #get} returns a
 * read-only view of the mapped records, allocating nothing proportional to their length; a range read
 * is a view of the points in the range, found by binary search. The first read of a
 * record in a process checks its CRC32C checksums (records this process wrote count as checked); with
 * {@code verifyReads=false} only its header, and {@link #verify()} still checks everything on demand.
 *
 * <p><b>Writes</b> ({@link #store}; {@link #append}, which writes only the new points as an extent record
 * chained to the series; {@link #delete} as a tombstone; {@link #storeAll} and {@link #appendAll} as one
 * batch, all or nothing across a crash) are serialised by one lock ({@link SeriesWriter}) and go through a
 * file channel, never a mapping, so a full disk is a {@link StorageException}, never a crash. With
 * {@code durability=os} (the default) an acknowledged write survives the process being killed; with
 * {@code durability=sync} it is forced to the device first and survives a power loss, the force shared
 * by the writers waiting at the same time ({@link GroupCommit}). {@link #flush()} forces everything and
 * writes the hint file.
 *
 * <p><b>Segments</b> take records up to {@code segmentBytes} (default 1 GiB), mapped in windows of at most
 * 1 GiB; series of up to {@link Integer#MAX_VALUE} points work. {@link #compact()} runs beside the writers
 * ({@link Compactor}), and by itself in the background once the dead bytes exceed {@code compactAt}
 * (default 0.5; 1 turns it off) of all and reach a segment or 64 MiB. Series obtained before a compaction
 * stay valid: their mapping outlives the deleted file.
 *
 * <p><b>Damage</b> is never served as data, and a series the damage may have lost is never answered "absent":
 * an id whose record precedes lost records (FORMAT.md, "Lost records"), or that has no record after them, is
 * refused by {@code get}, {@code size}, {@code contains} and {@code append} with a {@link StorageException}
 * naming the segment file and offset, left out of {@link #ids()}, and reported by {@link #verify()}, until
 * it is stored or deleted again (either writes a record after the loss) or the store is {@link #repair}ed.
 *
 * <p>One process may have a store open at a time (an OS lock on the file {@code lock}). {@link #close()}
 * does not unmap (Java 17 cannot do so safely): views stay readable, and the garbage collector unmaps each
 * window once no view references it. Thread-safe.
 */
public final class MmapStorageManager implements StorageManager {

    private static final System.Logger LOG = System.getLogger(MmapStorageManager.class.getName());

    /** The lock file's name in the store directory. */
    static final String LOCK_FILE = "lock";

    private final Path directory;
    private final MmapConfig config;
    private final DirectoryLock storeLock;
    private final KeyDirectory keys;
    private final DamagePolicy damage;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile boolean closed;

    /** Guarded by writeLock. */
    private final SegmentLog log;
    /** Guarded by writeLock. */
    private final SeriesWriter writes;
    private final Compactor compactor;
    private final GroupCommit commits = new GroupCommit();

    private MmapStorageManager(Path directory, MmapConfig config, DirectoryLock storeLock, Recovery.State state,
            SegmentLog log) {
        this.directory = directory;
        this.config = config;
        this.storeLock = storeLock;
        this.keys = state.keys;
        this.damage = new DamagePolicy(state.frontier, state.damagedIds, state.deletedAfter);
        this.log = log;
        this.compactor = new Compactor(directory, config, keys, damage, log, writeLock, this::ensureOpen);
        this.writes = new SeriesWriter(keys, damage, log, compactor);
    }

    /**
     * Opens (creating if needed) the store in a directory, with the default options.
     *
     * @param directory the store directory; created with its parents if missing
     * @return the open manager, which the caller must close
     * @throws StorageException if the store cannot be opened, or another process or manager has it open
     */
    public static MmapStorageManager open(Path directory) {
        return open(directory, Map.of());
    }

    /**
     * Opens (creating if needed) the store in a directory.
     *
     * @param directory the store directory; created with its parents if missing
     * @param options {@code durability} ({@code os} or {@code sync}), {@code verifyReads} ({@code true} or
     *     {@code false}), {@code compactAt} (a dead fraction from 0 to 1), {@code segmentBytes} (such as
     *     {@code 1g} or {@code 64MiB}); any other name is refused, and so is {@code mode=read}: a read-only
     *     store is not this class, open it by its URI ({@code StorageManagers.open("mmap:/dir?mode=read")})
     * @return the open manager, which the caller must close
     * @throws IllegalArgumentException if an option is unknown or invalid, or is {@code mode=read}
     * @throws StorageException if the store cannot be opened, or another process or manager has it open
     */
    public static MmapStorageManager open(Path directory, Map<String, String> options) {
        MmapConfig config = MmapConfig.parse(options);
        if (config.compressed) {
            throw new IllegalArgumentException("option codec=compressed opens a compressed store, which is not an"
                    + " MmapStorageManager: open mmap:" + directory + "?codec=compressed through StorageManagers");
        }
        return open(directory, config);
    }

    static MmapStorageManager open(Path directory, MmapConfig config) {
        Objects.requireNonNull(directory, "directory");
        if (config.readOnly) {
            throw new IllegalArgumentException("option mode=read opens a read-only store, which is not an"
                    + " MmapStorageManager: open mmap:" + directory + "?mode=read through StorageManagers");
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StorageException("cannot create the mmap store directory " + directory + ": " + e, e);
        }
        DirectoryLock lock = DirectoryLock.acquire(directory, LOCK_FILE, "mmap");
        SegmentLog log = null;
        try {
            StoreCodec.check(directory, config.compressed);
            Recovery.State state = Recovery.run(directory, config);
            log = new SegmentLog(directory, config, state.segments, state.nextSequence, state.unchangedSinceHint);
            log.start(state.keys);
            return new MmapStorageManager(directory, config, lock, state, log);
        } catch (IOException e) {
            abandonOpen(log, lock);
            throw new StorageException("cannot open the mmap store " + directory + ": " + e, e);
        } catch (RuntimeException | Error e) {
            abandonOpen(log, lock);
            throw e;
        }
    }

    private static void abandonOpen(SegmentLog log, DirectoryLock lock) {
        if (log != null) {
            log.retire();
        }
        try {
            lock.close();
        } catch (StorageException e) {
            LOG.log(Level.WARNING, "cannot release the lock of a store that failed to open", e);
        }
    }

    /**
     * The store directory.
     *
     * @return the directory this manager opened
     */
    public Path directory() {
        return directory;
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        while (true) {
            KeyDirectory.Entry e = stored(id);
            try {
                return read(keys, e, config.verifyReads);
            } catch (SegmentRetiredException retired) {
                ensureOpen(); // compacted away meanwhile: the key directory has the new place
            } catch (IOException ex) {
                ensureOpen();
                throw new StorageException("cannot read series " + SeriesIds.quote(id) + " from " + e.segment
                        + " at offset " + e.offset() + ": " + ex, ex);
            }
        }
    }

    /** The series of an entry: its records checked on their first read, then a view of their points. */
    static SizedContainerTimeSeries read(KeyDirectory keys, KeyDirectory.Entry e, boolean verifyReads)
            throws IOException, SegmentRetiredException {
        if (!e.verified()) {
            Verifier.checkRecords(e, verifyReads);
            keys.markVerified(e);
        }
        Extents chain = e.chain();
        if (chain == null) {
            return e.segment.view(e.offset() + RecordFormat.headerLength(SeriesIdBytes.length(e.id)), e.size);
        }
        chain.map();
        return new ChainedSeries(chain, 0, chain.size);
    }

    @Override
    public int size(String id) {
        return stored(id).size;
    }

    /** The entry of a stored series, unless damage makes it suspect. */
    private KeyDirectory.Entry stored(String id) {
        KeyDirectory.Entry e = lookup(id);
        if (e == null) {
            throw new NoSuchSeriesException(id);
        }
        return e;
    }

    private KeyDirectory.Entry lookup(String id) {
        ensureOpen();
        SeriesIds.check(id);
        return damage.lookup(keys, id);
    }

    @Override
    public boolean contains(String id) {
        return lookup(id) != null;
    }

    /**
     * The ids of all stored series: an immutable snapshot, unaffected by later writes. Taken without a
     * lock, so it is weakly consistent with writes running at the same time: each is in it whole or not at
     * all. Series that damage makes unreadable (see "Damage" above) are left out.
     *
     * @return the ids
     */
    @Override
    public Set<String> ids() {
        ensureOpen();
        return damage.ids(keys);
    }

    @Override
    public String newId() {
        ensureOpen();
        while (true) {
            String id = "mmap-" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
            if (keys.get(id) == null) {
                return id;
            }
        }
    }

    /**
     * Streams the series into its record, reading it once, without a heap copy (so a series of billions of
     * points stores in bounded memory). A series that breaks a rule or lies about its size is refused with an
     * {@link IllegalArgumentException} naming the id, and whatever the series itself throws comes back as it
     * was thrown; either way nothing on disk changes, byte for byte (see {@code SegmentLog.append}).
     */
    @Override
    public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
        ensureOpen();
        byte[] idBytes = SeriesIds.utf8(id);
        int points = SeriesWriter.size(id, series);
        try {
            return durable(underWriteLock("store into", () -> writes.store(id, idBytes, series, points)));
        } catch (SeriesFailure failure) {
            throw failure.rethrowCause(); // the caller's own failure, not the store's
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot store the series under " + SeriesIds.quote(id) + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Writes only the new points, as an extent record chained to the series (FORMAT.md, "Extents"): the
     * cost depends on the points appended, not on the series' length. Series obtained before keep their
     * length.
     */
    @Override
    public int append(String id, SizedContainerTimeSeries points) {
        ensureOpen();
        byte[] idBytes = SeriesIds.utf8(id);
        Objects.requireNonNull(points, () -> "points to append to " + SeriesIds.quote(id) + " are null");
        ArrayTimeSeries copy = SeriesWriter.checkedCopy(id, points, "append to", "");
        return durable(underWriteLock("append to", () -> writes.append(id, idBytes, copy)));
    }

    /** Appends points encoded by a {@link CompressedStore}, checked by it; returns the record's units. */
    int appendEncoded(String id, EncodedPoints points) {
        ensureOpen();
        return durable(underWriteLock("append to", () -> writes.append(id, SeriesIds.utf8(id), points)));
    }

    /** Writes a batch of points encoded and checked by a {@link CompressedStore}. */
    void batchEncoded(Map<String, EncodedPoints> batch, boolean append) {
        ensureOpen();
        durable(underWriteLock("write a batch into", () -> new SeriesWriter.Written<>(null, writes.batch(batch, append))));
    }

    /** One batch (FORMAT.md, "Batches"): one write, one witness, one force; a crash leaves all or none. */
    @Override
    public void storeAll(Map<String, ? extends SizedContainerTimeSeries> series) {
        batch(series, "store", false);
    }

    /** As {@link #storeAll}: one group commit, all or nothing across a crash. */
    @Override
    public void appendAll(Map<String, ? extends SizedContainerTimeSeries> points) {
        batch(points, "append", true);
    }

    private void batch(Map<String, ? extends SizedContainerTimeSeries> batch, String verb, boolean append) {
        ensureOpen();
        Map<String, ArrayTimeSeries> copies = BatchCopies.of(batch, verb);
        if (!copies.isEmpty()) {
            durable(underWriteLock(verb + " a batch into", () -> new SeriesWriter.Written<>(null,
                    writes.batch(copies, append))));
        }
    }

    /**
     * Removes the series stored under an id: a tombstone record. On a damaged store, an id that is refused
     * because the damage may have lost a record of it gets a tombstone too, which lifts the refusal (the id is
     * then absent for certain), and the answer is {@code true}: a series the damage may have lost is removed.
     */
    @Override
    public boolean delete(String id) {
        ensureOpen();
        byte[] idBytes = SeriesIds.utf8(id);
        return durable(underWriteLock("delete from", () -> writes.delete(id, idBytes)));
    }

    /**
     * Acknowledges a write: with {@code durability=sync}, once its records are forced, the force shared
     * with the writers waiting at the same time ({@link GroupCommit}).
     */
    private <T> T durable(SeriesWriter.Written<T> written) {
        SegmentLog.Appended at = written.pending;
        if (at != null && at.awaitForce) {
            commits.awaitDurable(at.segment, at.end);
        }
        return written.result;
    }

    long groupForces() { // for tests
        return commits.forces();
    }

    @Override
    public void flush() {
        underWriteLock("flush", () -> {
            forceAndWriteHint();
            return null;
        });
    }

    private void forceAndWriteHint() throws IOException {
        log.flush(keys, !damage.damaged()); // a damaged store writes no hint: the next open finds the damage again
    }

    /**
     * Checks every record of every segment, live or dead, and reports what is damaged; never repairs or
     * removes anything. Live records that pass count as checked for later reads. Holds the write lock while
     * it runs (writers wait; readers do not).
     *
     * @return the report: store records checked, their bytes, and each damaged record or stretch
     */
    @Override
    public IntegrityReport verify() {
        return underWriteLock("verify", () -> new Verifier(keys, damage).verify(log.segments()));
    }

    /**
     * Makes a damaged store whole (FORMAT.md, "Repair"): reads every segment to its end, past damaged bytes to the
     * next record whose checksums hold, keeps every series whose records hold, reverts a series whose newest
     * record is damaged to the version before it (dropping it when there is none), and rewrites the store from
     * what it keeps. The report names each series reverted or dropped, with the segment file and offset of the
     * damage, and each damaged stretch whose id cannot be read (unattributed). Afterwards the store opens clean,
     * {@link #verify()} is clean and no id is refused. A crash in the middle leaves a store that opens, each series
     * as before the repair (the damage still reported) or as after it. Writers wait while it runs; readers do not.
     *
     * @throws StorageException if the store cannot be read or written
     */
    @Override
    public RepairReport repair() {
        ensureOpen();
        ReentrantLock compacting = compactor.running();
        compacting.lock(); // after any compaction running now
        try {
            return underWriteLock("repair", () -> new Repair(directory, config, keys, damage, log,
                    compactor.crashPoints()).run());
        } finally {
            compacting.unlock();
        }
    }

    /**
     * Compacts now, beside the writers: they wait only while a few hundred copied series are swapped in at a
     * time, never for the copying ({@link Compactor}). Every record copied is checked first; a damaged one is
     * left where it is, reported by {@link #verify()} and refused from then on. A damaged store is not
     * compacted: {@link #repair()} it first.
     *
     * @throws StorageException if the store is damaged, or a copy cannot be written
     */
    @Override
    public void compact() {
        ensureOpen();
        try {
            compactor.compact();
        } catch (IOException e) {
            throw new StorageException("cannot compact the mmap store " + directory + ": " + e, e);
        }
    }

    /** For tests: where compactions and repairs stop to let a test look at the files. */
    void compactionCrashPoints(CrashPoints points) {
        compactor.crashPoints(points);
    }

    /** The longest a compaction held the write lock at a stretch, in nanoseconds (for tests). */
    long longestCompactionHold() {
        return compactor.longestHold();
    }

    /** How many compactions this manager has completed, automatic ones included (for tests). */
    long compactions() {
        return log.compactions();
    }

    /** An operation on the files that may fail with an {@link IOException}. */
    private interface FileOperation<T> {
        T run() throws IOException;
    }

    /** Runs an operation of the open store under the write lock; an IOException says which {@code verb} failed. */
    private <T> T underWriteLock(String verb, FileOperation<T> operation) {
        writeLock.lock();
        try {
            ensureOpen();
            return operation.run();
        } catch (IOException e) {
            throw new StorageException("cannot " + verb + " the mmap store " + directory + ": " + e, e);
        } finally {
            writeLock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the mmap store " + directory + " is closed");
        }
    }

    /**
     * Releases the files and the lock; idempotent. Writes acknowledged before are kept.
     *
     * <p>Forces every segment, writes the hint file and releases the lock. Mapped windows are not unmapped
     * (Java 17 cannot do that safely while a view may read them): series obtained before stay readable, and
     * the garbage collector unmaps each window once nothing references it.
     */
    @Override
    public void close() {
        compactor.stop(); // a running compaction gives up or finishes first: it needs the write lock
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            IOException failure = null;
            try {
                forceAndWriteHint();
            } catch (IOException e) {
                failure = e;
            }
            log.retire();
            try {
                storeLock.close();
            } catch (StorageException e) {
                if (failure == null) {
                    throw e;
                }
            }
            if (failure != null) {
                throw new StorageException("cannot flush the mmap store " + directory + " while closing it: "
                        + failure, failure);
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "MmapStorageManager[" + directory + (closed ? ", closed" : "") + "]";
    }
}
