package org.tsstore.storage.mmap;

import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.tsstore.api.Durability;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.backend.DirectoryLock;
import org.tsstore.core.backend.DirectorySync;
import org.tsstore.core.backend.IdSnapshot;

/**
 * The log-structured, memory-mapped store (scheme {@code mmap}): series are appended to segment files
 * and read back in place, without copies, through read-only mappings. The design follows Bitcask: append-
 * only data files, an in-memory key directory, a hint file, and merging (compaction) of live records into
 * new files. The on-disk format is in the module's {@code FORMAT.md}.
 *
 * <h2>Reads</h2>
 * {@link #get} returns a read-only view of the mapped record: it allocates nothing proportional to the
 * series' length and touches no page the caller does not read; {@code mean()}, {@code std()},
 * {@code min()}, {@code max()}, bulk copies and sub-series run over the mapped memory. A repeated
 * {@code get} costs the same for 10 points and for 10 million. The first read of a record in a process
 * checks its CRC32C checksums (and remembers that it passed); records this process wrote count as
 * checked. With {@code verifyReads=false} the first read checks only the header, so it is O(1) too, and
 * damaged data would be served unnoticed: {@link #verify()} still checks everything on demand.
 * Reads take no lock and are never blocked by writers or by compaction.
 *
 * <h2>Writes</h2>
 * {@link #store} and {@link #delete} append a record (a tombstone for a delete) through a
 * {@link FileChannel}, never through a mapping, so a full disk is a {@link StorageException}, never a
 * crash. Writers are serialised by one lock. With {@code durability=os} (the default) a write has reached
 * the operating system when the call returns and survives the process being killed; with
 * {@code durability=sync} the record (and any new segment's directory entry) is forced to the device
 * first, and survives a power loss. {@link #flush()} forces everything and writes the hint file.
 *
 * <h2>Segments and compaction</h2>
 * A segment takes records until the next would pass {@code segmentBytes} (default 1 GiB); a record larger
 * than that gets a segment of its own, so series of up to {@link Integer#MAX_VALUE} points (32 GiB) work,
 * mapped in windows of at most 1 GiB. Overwritten and deleted records are dead bytes; {@link #compact()}
 * copies the live records into new segments and deletes the old files, and runs by itself, inside the
 * write that crosses the threshold, when the dead fraction exceeds {@code compactAt} (default 0.5; 1
 * turns it off) and the dead bytes reach a segment or 64 MiB, whichever is less. Series obtained before a
 * compaction stay valid and unchanged: their mapping outlives the deleted file. This relies on POSIX file
 * semantics (Linux, macOS); where a mapped file cannot be deleted, the old segment stays on disk, is
 * logged, and holds only data that newer segments supersede.
 *
 * <h2>Crashes and damage</h2>
 * On open a torn tail (a record cut short by a crash) is cut off and logged; a record whose checksum
 * fails is never returned as data: {@code get} throws a {@link StorageException} naming the file and
 * offset, and {@link #verify()} reports it. A damaged header is skipped by searching for the next valid
 * record. Damage that may hide records (a damaged header, a segment that lost its seal, its header, or
 * records its header witnesses as acknowledged) makes every series whose record precedes it unreadable:
 * {@code get}, {@code size} and {@code contains} throw a {@link StorageException} naming the segment,
 * {@link #ids()} leaves them out, and {@link #verify()} reports the damage, because a hidden record may
 * have replaced or deleted them; a series written afterwards is served. A damaged store writes no hint
 * and is not compacted. The rules are in {@code FORMAT.md}, "Lost records".
 *
 * <h2>Opening, closing, memory</h2>
 * One process may have a store open at a time: an OS lock on the file {@code lock} in the directory;
 * a second open, in another process or this JVM, gets a {@link StorageException} naming it. The key
 * directory keeps under 100 bytes plus the id's UTF-8 bytes per series in memory; {@code flush()} and
 * {@code close()} write it to a checksummed hint file, so that opening a store of a million series
 * reads one file instead of scanning the segments (the hint is ignored when it does not match them).
 * {@link #close()} does not unmap: a view may still be in use, and Java 17 cannot unmap safely, so the
 * garbage collector unmaps each window once no view references it. Views stay readable after close.
 *
 * <p>Thread-safe.
 */
public final class MmapStorageManager implements StorageManager {

    private static final System.Logger LOG = System.getLogger(MmapStorageManager.class.getName());
    private static final byte[] NO_ID = new byte[0];

    private final Path directory;
    private final MmapConfig config;
    /** The lock file's name in the store directory. */
    static final String LOCK_FILE = "lock";

    private final DirectoryLock storeLock;
    private final KeyDirectory keys;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final RecordWriter writer = new RecordWriter();
    private volatile boolean closed;
    /** Where recovery found records lost (null when none): reads of entries before it are refused. */
    private final DamageFrontier frontier;
    /** Per id, a damaged record (header intact) that may be newer than the id's winning record. */
    private final Map<String, DamageFrontier> damagedIds;
    /** Whether recovery found records lost: then no hint is written and nothing is compacted. */
    private final boolean damagedOnOpen;
    private volatile long compactions;

    // Writer-only state, guarded by writeLock.
    private List<Segment> segments;
    private Segment active;
    private long nextSequence;
    private int lastSegmentNumber;
    private long totalBytes;
    private long liveBytes;
    private boolean hintCurrent;

    private MmapStorageManager(Path directory, MmapConfig config, DirectoryLock storeLock, Recovery.State state) {
        this.directory = directory;
        this.config = config;
        this.storeLock = storeLock;
        this.keys = state.keys;
        this.segments = new ArrayList<>(state.segments);
        this.nextSequence = state.nextSequence;
        this.hintCurrent = state.unchangedSinceHint;
        this.frontier = state.frontier;
        this.damagedIds = state.damagedIds;
        this.damagedOnOpen = frontier != null || !damagedIds.isEmpty();
        this.lastSegmentNumber = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).number;
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
            for (Segment s : manager.segments) {
                s.retire();
            }
        }
        releaseQuietly(lock);
    }

    private static void releaseQuietly(DirectoryLock lock) {
        try {
            lock.close();
        } catch (StorageException e) {
            LOG.log(Level.WARNING, "cannot release the lock of a store that failed to open", e);
        }
    }

    /** Chooses (or creates) the segment to append to and counts live and dead bytes. */
    private void start() throws IOException {
        writeLock.lock();
        try {
            Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
            if (last != null && last.damaged) {
                // left as recovery found it, as evidence: new records go to a new segment after it
                newActiveSegment();
                hintCurrent = false;
            } else if (last != null && !last.sealed && last.end < config.segmentBytes) {
                last.makeWritable();
                active = last;
            } else {
                if (last != null && !last.sealed) {
                    last.makeWritable();
                    active = last;
                    last.appendSeal(writer, nextSequence++, Long.MAX_VALUE);
                    forceIfSync(last);
                }
                newActiveSegment();
                hintCurrent = false;
            }
            recount();
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
            refuseIfSuspect(e);
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

    /**
     * Refuses an entry whose record precedes records that recovery found lost: one of them may have
     * replaced or deleted the series, so its record may be an older version.
     */
    private void refuseIfSuspect(KeyDirectory.Entry e) {
        DamageFrontier d = lostAfter(e);
        if (d != null) {
            throw new StorageException("series " + SeriesIds.quote(e.id) + " cannot be served: its record at offset "
                    + e.offset() + " of segment file " + e.segment + " may be an older version, because "
                    + d.problem);
        }
    }

    /** The damage after an entry's record that may hide a newer record of its id, or {@code null}. */
    private DamageFrontier lostAfter(KeyDirectory.Entry e) {
        if (!damagedOnOpen) {
            return null;
        }
        if (frontier != null && frontier.precedes(e)) {
            return frontier;
        }
        DamageFrontier own = damagedIds.get(e.id);
        return own != null && own.precedes(e) ? own : null;
    }

    private boolean suspect(KeyDirectory.Entry e) {
        return lostAfter(e) != null;
    }

    private SizedContainerTimeSeries read(KeyDirectory.Entry e) throws IOException, SegmentRetiredException {
        int headerLength = RecordFormat.headerLength(SeriesIdBytes.length(e.id));
        if (!e.verified()) {
            check(e, headerLength);
            keys.markVerified(e);
        }
        return e.segment.view(e.offset() + headerLength, e.size);
    }

    /** The first-read check: header always, data checksum unless {@code verifyReads=false}. */
    private void check(KeyDirectory.Entry e, int headerLength) throws IOException, SegmentRetiredException {
        Segment s = e.segment;
        long offset = e.offset();
        byte[] header = new byte[headerLength];
        s.read(offset, header, headerLength);
        RecordHeader h;
        try {
            h = RecordHeader.decode(header, headerLength, offset);
        } catch (CorruptRecordException ex) {
            throw damaged(e, "its header is damaged: " + ex.getMessage());
        }
        if (h.kind != RecordFormat.STORE || !h.id.equals(e.id) || h.points != e.size) {
            throw damaged(e, "it holds " + h + " instead");
        }
        byte[] trailer = new byte[RecordFormat.TRAILER_BYTES];
        s.read(h.trailerOffset(), trailer, trailer.length);
        ByteBuffer t = ByteBuffer.wrap(trailer).order(ByteOrder.LITTLE_ENDIAN);
        if (t.getInt(4) != RecordFormat.END_MARK) {
            throw damaged(e, "its end mark is missing");
        }
        if (config.verifyReads) {
            int computed = s.crc(h.dataOffset(), h.trailerOffset());
            if (computed != t.getInt(0)) {
                throw damaged(e, String.format("its data fails the checksum (stored 0x%08x, computed 0x%08x)",
                        t.getInt(0), computed));
            }
        }
    }

    private static StorageException damaged(KeyDirectory.Entry e, String problem) {
        String message = "series " + SeriesIds.quote(e.id) + " is damaged: the record at offset " + e.offset()
                + " of segment file " + e.segment + " cannot be served, " + problem;
        LOG.log(Level.WARNING, message);
        return new StorageException(message);
    }

    @Override
    public int size(String id) {
        ensureOpen();
        SeriesIds.check(id);
        KeyDirectory.Entry e = keys.get(id);
        if (e == null) {
            throw new NoSuchSeriesException(id);
        }
        refuseIfSuspect(e);
        return e.size;
    }

    @Override
    public boolean contains(String id) {
        ensureOpen();
        SeriesIds.check(id);
        KeyDirectory.Entry e = keys.get(id);
        if (e != null) {
            refuseIfSuspect(e);
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
            if (!suspect(e)) {
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
            Segment s = segmentFor(length);
            long position = s.end;
            try {
                s.ensureCapacity(position + length, sealLimit(), writer, config.durability == Durability.SYNC);
                writer.writeStore(s.channel(), position, idBytes, nextSequence, series, points);
                s.clearStale(writer, position + length);
                syncIfAsked(s);
                s.appended(position, length, writer.headerCrc());
                witness(s);
            } catch (IOException e) {
                s.dirtyEnd = Math.max(s.dirtyEnd, writer.writtenEnd());
                s.unwrite(position);
                throw new StorageException("cannot store series " + SeriesIds.quote(id) + " in segment file " + s
                        + ": " + e, e);
            } catch (RuntimeException | Error e) {
                s.dirtyEnd = Math.max(s.dirtyEnd, writer.writtenEnd());
                s.unwrite(position);
                throw e;
            }
            s.dirty = true; // the witness, and with durability=os the record, are not forced yet
            nextSequence++;
            KeyDirectory.Entry entry = new KeyDirectory.Entry(id, s, position, points, true);
            KeyDirectory.Entry old = keys.put(entry);
            totalBytes += length;
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
            long length = RecordFormat.recordLength(idBytes.length, 0);
            Segment s = segmentFor(length);
            long position = s.end;
            try {
                s.ensureCapacity(position + length, sealLimit(), writer, config.durability == Durability.SYNC);
                writer.writeMarker(s.channel(), position, RecordFormat.TOMBSTONE, idBytes, nextSequence);
                s.clearStale(writer, position + length);
                syncIfAsked(s);
                s.appended(position, length, writer.headerCrc());
                witness(s);
            } catch (IOException e) {
                s.dirtyEnd = Math.max(s.dirtyEnd, writer.writtenEnd());
                s.unwrite(position);
                throw new StorageException("cannot delete series " + SeriesIds.quote(id) + " in segment file " + s
                        + ": " + e, e);
            }
            s.dirty = true;
            nextSequence++;
            keys.remove(id);
            totalBytes += length;
            liveBytes -= old.recordLength();
            hintCurrent = false;
            maybeCompact();
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    private long sealLimit() {
        return config.segmentBytes + RecordFormat.SEAL_BYTES;
    }

    /** The active segment, after sealing it and starting the next if this record would overfill it. */
    private Segment segmentFor(long length) {
        // A sealed active segment is one whose successor could not be created (a full disk, say): nothing
        // may follow its seal, so creating the successor is tried again.
        if (active.sealed || active.end > RecordFormat.SEGMENT_HEADER_BYTES
                && active.end + length > config.segmentBytes) {
            try {
                if (!active.sealed) {
                    active.appendSeal(writer, nextSequence++, Long.MAX_VALUE);
                    forceIfSync(active);
                    totalBytes += RecordFormat.SEAL_BYTES;
                }
                newActiveSegment();
            } catch (IOException e) {
                throw new StorageException("cannot start a new segment after " + active + ": " + e, e);
            }
        }
        return active;
    }

    private void newActiveSegment() throws IOException {
        Segment next = Segment.create(directory, lastSegmentNumber + 1, config.windowShift,
                config.durability == Durability.SYNC);
        lastSegmentNumber = next.number;
        segments.add(next);
        active = next;
        if (config.durability == Durability.SYNC) {
            next.force();
            DirectorySync.force(directory);
        }
    }

    /**
     * Updates a segment's witness after a complete record. A failure is logged, not thrown: the record is
     * complete (and acknowledged), and a witness that lags behind is what a crash leaves too.
     */
    private void witness(Segment s) {
        try {
            s.witness();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot update the witness of segment file " + s + "; it lags behind", e);
        }
    }

    /** With {@code durability=sync}: forces the record just written, before it is acknowledged. */
    private void syncIfAsked(Segment s) throws IOException {
        if (config.durability == Durability.SYNC) {
            s.channel().force(false);
        }
    }

    private void forceIfSync(Segment s) throws IOException {
        if (config.durability == Durability.SYNC) {
            s.force();
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
        for (Segment s : segments) {
            s.force();
        }
        if (!hintCurrent && !damagedOnOpen) {
            // A damaged store writes no hint: the next open must scan and find the damage again.
            HintFile.write(directory, segments, keys.entries(), nextSequence);
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
            IntegrityReport.Builder report = IntegrityReport.builder();
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            for (int i = 0; i < segments.size(); i++) {
                verifySegment(segments.get(i), i == segments.size() - 1, buffer, report);
            }
            IntegrityReport built = report.build();
            if (built.isClean() && damagedOnOpen) {
                // what recovery found must be reported even if the scan above no longer sees it
                DamageFrontier d = frontier != null ? frontier : damagedIds.values().iterator().next();
                report.damaged(new IntegrityReport.Damage("", Segment.fileName(d.segment), d.problem));
                built = report.build();
            }
            return built;
        } catch (IOException e) {
            throw new StorageException("cannot verify the mmap store " + directory + ": " + e, e);
        } finally {
            writeLock.unlock();
        }
    }

    private void verifySegment(Segment s, boolean newest, ByteBuffer buffer, IntegrityReport.Builder report)
            throws IOException {
        FileChannel ch = s.channel();
        ByteBuffer h = ByteBuffer.allocate(RecordFormat.SEGMENT_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (h.hasRemaining() && ch.read(h, h.position()) >= 0) {
            // the header, or as much as there is
        }
        if (h.position() < RecordFormat.SEGMENT_HEADER_BYTES || h.getLong(0) != RecordFormat.SEGMENT_MAGIC
                || h.getInt(8) != RecordFormat.VERSION) {
            report.damaged(new IntegrityReport.Damage("", s + " at offset 0",
                    "the segment header is missing or damaged; records in the segment may have been lost"));
            if (h.position() < RecordFormat.SEGMENT_HEADER_BYTES) {
                return;
            }
        }
        int witness = h.getInt(RecordFormat.WITNESS_OFFSET);
        // a segment recovery found damaged was left as it was: check all of it
        long limit = s.damaged ? ch.size() : s.end;
        SegmentScanner scanner = new SegmentScanner(new SegmentReader(ch, limit, buffer));
        long[] damagedRecord = {-1};
        boolean[] witnessReached = {false};
        SegmentScanner.End end = scanner.scan(RecordFormat.SEGMENT_HEADER_BYTES, true, new SegmentScanner.Visitor() {
            @Override
            public void record(RecordHeader r) {
                witnessReached[0] |= RecordFormat.witnessOf(r.end()) == witness;
                if (r.kind != RecordFormat.STORE) {
                    return;
                }
                report.checked(r.length);
                KeyDirectory.Entry e = keys.get(r.id);
                if (e != null && e.segment == s && e.offset() == r.offset && damagedRecord[0] != r.offset) {
                    keys.markVerified(e);
                }
            }

            @Override
            public void damaged(long from, long to, String id, String problem) {
                damagedRecord[0] = from;
                // a stretch the scan reported (and accounted for) reaches the witnessed end too
                witnessReached[0] |= RecordFormat.witnessOf(to) == witness;
                report.damaged(new IntegrityReport.Damage(id == null ? "" : id, s + " at offset " + from,
                        problem + " (" + (to - from) + " bytes)"));
            }
        });
        if (end.kind == SegmentScanner.EndKind.TORN || !s.damaged && end.offset != s.end) {
            report.damaged(new IntegrityReport.Damage("", s + " at offset " + end.offset,
                    "no valid record in the " + (limit - end.offset) + " bytes up to the end of the segment"));
        }
        String lost = SegmentTail.lost(s, newest, end, witness, witnessReached[0]);
        if (lost != null) {
            report.damaged(new IntegrityReport.Damage("", s + " at offset " + end.offset, lost));
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
        long dead = totalBytes - liveBytes;
        if (!damagedOnOpen && config.compactAt < 1.0 && dead >= config.minDeadBytes() && dead > config.compactAt * totalBytes) {
            try {
                compactNow();
            } catch (IOException | StorageException e) {
                // The write that triggered it succeeded; compaction tries again after the next one.
                LOG.log(Level.WARNING, "automatic compaction of the mmap store " + directory + " failed", e);
            }
        }
    }

    private void compactNow() throws IOException {
        if (damagedOnOpen) {
            DamageFrontier d = frontier != null ? frontier : damagedIds.values().iterator().next();
            throw new StorageException("the mmap store " + directory + " is not compacted while it is damaged ("
                    + d.problem + "): compaction would delete the evidence that verify() reports");
        }
        List<Segment> old = segments;
        if (!active.sealed) {
            // Every segment but the newest ends in a seal, at every moment: also when a crash leaves the old
            // segments and the copies side by side.
            active.appendSeal(writer, nextSequence++, Long.MAX_VALUE);
            forceIfSync(active);
        }
        Compaction compaction = new Compaction(directory, config, writer);
        long[] sequences = {nextSequence};
        int firstNumber = lastSegmentNumber + 1;
        Compaction.Result result;
        try {
            result = compaction.run(keys.entries(), firstNumber, sequences);
        } catch (IOException | RuntimeException e) {
            nextSequence = sequences[0];
            try {
                abandon(compaction.created(), firstNumber + compaction.created().size());
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        nextSequence = sequences[0];
        lastSegmentNumber = result.segments.get(result.segments.size() - 1).number;
        for (KeyDirectory.Entry moved : result.moved) {
            keys.put(moved);
        }
        segments = new ArrayList<>(result.segments);
        active = segments.get(segments.size() - 1);
        for (Segment s : old) { // oldest first: see Compaction
            s.retire();
            try {
                Files.deleteIfExists(s.path);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot delete the compacted segment " + s + "; it holds only superseded"
                        + " records and is dropped by a later compaction", e);
            }
        }
        DirectorySync.force(directory);
        recount();
        hintCurrent = false;
        forceAndWriteHint();
        compactions++;
    }

    /** How many compactions this manager has completed, automatic ones included (for tests). */
    long compactions() {
        return compactions;
    }

    /**
     * After a failed compaction: deletes its segments (up to number {@code attempted}, which may or may not
     * have been created), and appends from now on to a new segment numbered after them, so that a copy
     * left behind can never look newer than a later write.
     */
    private void abandon(List<Segment> created, int attempted) throws IOException {
        for (Segment s : created) {
            s.retire();
            deleteQuietly(s.path);
        }
        if (created.stream().noneMatch(s -> s.number == attempted)) {
            deleteQuietly(directory.resolve(Segment.fileName(attempted)));
        }
        lastSegmentNumber = Math.max(lastSegmentNumber, attempted);
        if (!active.sealed) {
            active.appendSeal(writer, nextSequence++, Long.MAX_VALUE);
            forceIfSync(active);
        }
        newActiveSegment();
    }

    private static void deleteQuietly(Path segment) {
        try {
            Files.deleteIfExists(segment);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete the segment " + segment + " of a failed compaction", e);
        }
    }

    /** Recounts total and live bytes from the segments and the key directory. */
    private void recount() {
        long total = 0;
        for (Segment s : segments) {
            total += s.end - RecordFormat.SEGMENT_HEADER_BYTES;
        }
        long live = 0;
        for (KeyDirectory.Entry e : keys.entries()) {
            live += e.recordLength();
        }
        totalBytes = total;
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
            for (Segment s : segments) {
                s.retire();
            }
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
