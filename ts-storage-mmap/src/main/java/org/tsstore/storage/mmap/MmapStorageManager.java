package org.tsstore.storage.mmap;

import com.google.common.collect.ImmutableSet;
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
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.backend.DirectoryLock;
import org.tsstore.core.backend.IdSnapshot;

/**
 * The log-structured, memory-mapped store (scheme {@code mmap}): series are appended to segment files
 * and read back in place, without copies, through read-only mappings. The design follows Bitcask: append-
 * only data files, an in-memory key directory, a hint file, and merging (compaction) of live records into
 * new files. The on-disk format, and what counts as damage and lost records, are in the module's
 * {@code FORMAT.md}.
 *
 * <h2>Reads</h2>
 * {@link #get} returns a read-only view of the mapped record: it allocates nothing proportional to the
 * series' length and touches no page the caller does not read; statistics, bulk copies and sub-series run
 * over the mapped memory. The first read of a record in a process checks its CRC32C checksums (records
 * this process wrote count as checked); with {@code verifyReads=false} it checks only the header, and
 * damaged data would be served unnoticed: {@link #verify()} still checks everything on demand. Reads take
 * no lock and are never blocked by writers or by compaction.
 *
 * <h2>Writes</h2>
 * {@link #store} and {@link #delete} append a record (a tombstone for a delete) through a file channel,
 * never through a mapping, so a full disk is a {@link StorageException}, never a crash. Writers are
 * serialised by one lock. With {@code durability=os} (the default) a write has reached the operating
 * system when the call returns and survives the process being killed; with {@code durability=sync} the
 * record (and any new segment's directory entry) is forced to the device first, and survives a power loss.
 * {@link #flush()} forces everything and writes the hint file.
 *
 * <h2>Segments and compaction</h2>
 * A segment takes records until the next would pass {@code segmentBytes} (default 1 GiB); a larger record
 * gets a segment of its own, so series of up to {@link Integer#MAX_VALUE} points (32 GiB) work, mapped in
 * windows of at most 1 GiB. {@link #compact()} copies the live records into new segments and deletes the
 * old files; it runs by itself, inside the write that crosses the threshold, when the dead fraction exceeds
 * {@code compactAt} (default 0.5; 1 turns it off) and the dead bytes reach a segment or 64 MiB, whichever
 * is less. Series obtained before a compaction stay valid: their mapping outlives the deleted file (POSIX
 * file semantics; where a mapped file cannot be deleted, it stays on disk and is logged).
 *
 * <h2>Crashes and damage</h2>
 * On open a torn tail is cut off and logged. A record whose checksum fails is never returned as data:
 * {@code get} throws a {@link StorageException} naming the file and offset. Where damage may hide records,
 * every series whose record precedes it is unreadable ({@code get}, {@code size} and {@code contains}
 * throw, {@link #ids()} leaves it out) and {@link #verify()} reports the damage; a series written
 * afterwards is served. A damaged store writes no hint and is not compacted.
 *
 * <h2>Opening, closing, memory</h2>
 * One process may have a store open at a time (an OS lock on the file {@code lock}); a second open gets a
 * {@link StorageException} naming it. The key directory keeps under 100 bytes plus the id's UTF-8 bytes
 * per series in memory. {@link #close()} does not unmap (Java 17 cannot unmap safely while a view may be
 * in use): the garbage collector unmaps each window once no view references it, and views stay readable.
 *
 * <p>Thread-safe.
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
    private volatile long compactions;

    // Writer-only state, guarded by writeLock.
    private final SegmentLog log;
    private long liveBytes;
    private boolean hintCurrent;

    private MmapStorageManager(Path directory, MmapConfig config, DirectoryLock storeLock, Recovery.State state) {
        this.directory = directory;
        this.config = config;
        this.storeLock = storeLock;
        this.keys = state.keys;
        this.damage = new DamagePolicy(state.frontier, state.damagedIds);
        this.log = new SegmentLog(directory, config, state.segments, state.nextSequence);
        this.hintCurrent = state.unchangedSinceHint;
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
     *     {@code 1g} or {@code 64MiB}); any other name is refused
     * @return the open manager, which the caller must close
     * @throws IllegalArgumentException if an option is unknown or invalid
     * @throws StorageException if the store cannot be opened, or another process or manager has it open
     */
    public static MmapStorageManager open(Path directory, Map<String, String> options) {
        return open(directory, MmapConfig.parse(options));
    }

    static MmapStorageManager open(Path directory, MmapConfig config) {
        Objects.requireNonNull(directory, "directory");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StorageException("cannot create the mmap store directory " + directory + ": " + e, e);
        }
        DirectoryLock lock = DirectoryLock.acquire(directory, LOCK_FILE, "mmap");
        MmapStorageManager manager = null;
        try {
            manager = new MmapStorageManager(directory, config, lock, Recovery.run(directory, config));
            manager.start();
            return manager;
        } catch (IOException e) {
            abandonOpen(manager, lock);
            throw new StorageException("cannot open the mmap store " + directory + ": " + e, e);
        } catch (RuntimeException | Error e) {
            abandonOpen(manager, lock);
            throw e;
        }
    }

    private static void abandonOpen(MmapStorageManager manager, DirectoryLock lock) {
        if (manager != null) {
            manager.log.retire();
        }
        try {
            lock.close();
        } catch (StorageException e) {
            LOG.log(Level.WARNING, "cannot release the lock of a store that failed to open", e);
        }
    }

    private void start() throws IOException {
        writeLock.lock();
        try {
            if (log.start()) {
                hintCurrent = false;
            }
            recountLive();
        } finally {
            writeLock.unlock();
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

    // ---- reads: lock-free ---------------------------------------------------------------------------

    @Override
    public SizedContainerTimeSeries get(String id) {
        ensureOpen();
        SeriesIds.check(id);
        while (true) {
            KeyDirectory.Entry e = keys.get(id);
            if (e == null) {
                throw new NoSuchSeriesException(id);
            }
            damage.refuseIfSuspect(e);
            try {
                return read(e);
            } catch (SegmentRetiredException retired) {
                ensureOpen(); // compacted away meanwhile: the key directory has the new place
            } catch (IOException ex) {
                ensureOpen();
                throw new StorageException("cannot read series " + SeriesIds.quote(id) + " from " + e.segment
                        + " at offset " + e.offset() + ": " + ex, ex);
            }
        }
    }

    private SizedContainerTimeSeries read(KeyDirectory.Entry e) throws IOException, SegmentRetiredException {
        if (!e.verified()) {
            Verifier.checkRecord(e, config.verifyReads);
            keys.markVerified(e);
        }
        return e.segment.view(e.offset() + RecordFormat.headerLength(SeriesIdBytes.length(e.id)), e.size);
    }

    @Override
    public int size(String id) {
        ensureOpen();
        SeriesIds.check(id);
        KeyDirectory.Entry e = keys.get(id);
        if (e == null) {
            throw new NoSuchSeriesException(id);
        }
        damage.refuseIfSuspect(e);
        return e.size;
    }

    @Override
    public boolean contains(String id) {
        ensureOpen();
        SeriesIds.check(id);
        KeyDirectory.Entry e = keys.get(id);
        if (e != null) {
            damage.refuseIfSuspect(e);
        }
        return e != null;
    }

    /**
     * The ids of all stored series: an immutable snapshot, unaffected by later writes. Taken without a
     * lock, so it is weakly consistent with writes running at the same time: each is in it whole or not at
     * all. Series that damage makes unreadable (see "Crashes and damage" above) are left out.
     *
     * @return the ids
     */
    @Override
    public Set<String> ids() {
        ensureOpen();
        ImmutableSet.Builder<String> ids = ImmutableSet.builder();
        for (KeyDirectory.Entry e : keys.entries()) {
            if (damage.servable(e)) {
                ids.add(e.id);
            }
        }
        return IdSnapshot.of(ids.build());
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

    // ---- writes: one writer at a time ---------------------------------------------------------------

    @Override
    public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
        ensureOpen();
        byte[] idBytes = SeriesIds.utf8(id);
        Objects.requireNonNull(series, "series");
        int points = series.size();
        if (points < 0) {
            throw new IllegalArgumentException(
                    "series for id " + SeriesIds.quote(id) + " reports a negative size: " + points);
        }
        writeLock.lock();
        try {
            ensureOpen();
            long length = RecordFormat.recordLength(idBytes.length, points);
            SegmentLog.Appended at = log.append(length, "store series " + SeriesIds.quote(id),
                    (writer, channel, position, sequence) ->
                            writer.writeStore(channel, position, idBytes, sequence, series, points));
            KeyDirectory.Entry entry = new KeyDirectory.Entry(id, at.segment, at.position, points, true);
            KeyDirectory.Entry old = keys.put(entry);
            liveBytes += length - (old == null ? 0 : old.recordLength());
            hintCurrent = false;
            SizedContainerTimeSeries view = viewOfStored(entry);
            maybeCompact();
            return view;
        } finally {
            writeLock.unlock();
        }
    }

    private SizedContainerTimeSeries viewOfStored(KeyDirectory.Entry entry) {
        try {
            return read(entry);
        } catch (IOException | SegmentRetiredException e) {
            throw new StorageException("stored series " + SeriesIds.quote(entry.id) + " in " + entry.segment
                    + " but cannot map it: " + e, e);
        }
    }

    @Override
    public boolean delete(String id) {
        ensureOpen();
        byte[] idBytes = SeriesIds.utf8(id);
        writeLock.lock();
        try {
            ensureOpen();
            KeyDirectory.Entry old = keys.get(id);
            if (old == null) {
                return false;
            }
            log.append(RecordFormat.recordLength(idBytes.length, 0), "delete series " + SeriesIds.quote(id),
                    (writer, channel, position, sequence) ->
                            writer.writeMarker(channel, position, RecordFormat.TOMBSTONE, idBytes, sequence));
            keys.remove(id);
            liveBytes -= old.recordLength();
            hintCurrent = false;
            maybeCompact();
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void flush() {
        writeLock.lock();
        try {
            ensureOpen();
            forceAndWriteHint();
        } catch (IOException e) {
            throw new StorageException("cannot flush the mmap store " + directory + ": " + e, e);
        } finally {
            writeLock.unlock();
        }
    }

    private void forceAndWriteHint() throws IOException {
        log.force();
        if (!hintCurrent && !damage.damaged()) {
            // A damaged store writes no hint: the next open must scan and find the damage again.
            HintFile.write(directory, log.segments(), keys.entries(), log.nextSequence());
            hintCurrent = true;
        }
    }

    // ---- maintenance --------------------------------------------------------------------------------

    /**
     * Checks every record of every segment and reports what is damaged; never repairs or removes anything.
     *
     * <p>Every record counts, live or dead: header and data checksums, end marks, and stretches that hold
     * no valid record. Counts store records as series checked. Live records that pass
     * count as checked for later reads. Holds the write lock while it runs (writers wait; readers do not).
     *
     * @return the report: store records checked, their bytes, and each damaged record or stretch
     */
    @Override
    public IntegrityReport verify() {
        writeLock.lock();
        try {
            ensureOpen();
            return new Verifier(keys, damage).verify(log.segments());
        } catch (IOException e) {
            throw new StorageException("cannot verify the mmap store " + directory + ": " + e, e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void compact() {
        writeLock.lock();
        try {
            ensureOpen();
            compactNow();
        } catch (IOException e) {
            throw new StorageException("cannot compact the mmap store " + directory + ": " + e, e);
        } finally {
            writeLock.unlock();
        }
    }

    private void maybeCompact() {
        long total = log.totalBytes();
        long dead = total - liveBytes;
        if (!damage.damaged() && config.compactAt < 1.0 && dead >= config.minDeadBytes()
                && dead > config.compactAt * total) {
            try {
                compactNow();
            } catch (IOException | StorageException e) {
                // The write that triggered it succeeded; compaction tries again after the next one.
                LOG.log(Level.WARNING, "automatic compaction of the mmap store " + directory + " failed", e);
            }
        }
    }

    private void compactNow() throws IOException {
        damage.refuseCompaction(directory);
        hintCurrent = false;
        log.compact(keys);
        recountLive();
        forceAndWriteHint();
        compactions++;
    }

    /** How many compactions this manager has completed, automatic ones included (for tests). */
    long compactions() {
        return compactions;
    }

    private void recountLive() {
        long live = 0;
        for (KeyDirectory.Entry e : keys.entries()) {
            live += e.recordLength();
        }
        liveBytes = live;
    }

    // ---- lifecycle ----------------------------------------------------------------------------------

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
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            StorageException failure = null;
            try {
                forceAndWriteHint();
            } catch (IOException e) {
                failure = new StorageException("cannot flush the mmap store " + directory + " while closing it: " + e, e);
            }
            log.retire();
            try {
                storeLock.close();
            } catch (StorageException e) {
                if (failure == null) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
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
