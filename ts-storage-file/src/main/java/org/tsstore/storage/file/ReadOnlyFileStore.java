package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.backend.IdSnapshot;
import org.tsstore.core.backend.ReadOnlyStorageManager;
import org.tsstore.npy.NpySeries;

/**
 * A file store opened with {@code mode=read}: beside a live writer (in another process or this one) it takes no
 * lock and writes, renames, cuts or removes nothing in the directory (no recovery, no temporary files cleaned
 * up); every write is refused ({@link ReadOnlyStorageManager}).
 *
 * <p>It follows the writer <b>on each call</b> ({@link ReadOnlyIndex}): when nothing changed a call costs one
 * 32-byte read of the journal's header (BENCHMARKS.md gives the figure); after a change it reads only the new
 * journal records. A series is read from its file and checked against its index entry (length, header, CRC-32C)
 * as the writer's store does. A file that does not match is the writer's change in flight, never served: a store
 * journals before it renames its temporary file into place, so the entry may name {@code HEX.npy.tmp}, which is
 * read and checked instead; an append writes its points and header before its record, so the entry may name the
 * first bytes of a longer file, read with the entry's header and checked against the entry's CRC; otherwise the
 * index is read again and the file too, for up to a second, before the mismatch is reported as damage.
 *
 * <p>Series read are kept in a cache bounded by {@code cacheBytes}, as in the writer's store; a hit is taken only
 * while the index still holds the very entry the series was read for ({@link SeriesCache}), so a series the writer
 * changed since is read again. Thread-safe.
 */
final class ReadOnlyFileStore extends ReadOnlyStorageManager {

    /** How long a read waits for a file to match its entry, the writer's change in flight, before it reports it. */
    private static final long SETTLE_NANOS = 1_000_000_000L;

    private final Path directory;
    private final ReadOnlyIndex index;
    private final IoBuffers buffers = new IoBuffers(4);
    private final SeriesCache cache;
    private final ReadChannels reads;
    private volatile boolean closed;

    private ReadOnlyFileStore(Path directory, ReadOnlyIndex index, SeriesCache cache, ReadChannels reads) {
        super("the file store " + directory);
        this.directory = directory;
        this.index = index;
        this.cache = cache;
        this.reads = reads;
    }

    /**
     * Opens an existing store read-only.
     *
     * @param cacheBytes the cache's budget in bytes, 0 for none
     * @throws StorageException if the directory does not exist (nothing is created) or its index cannot be read
     */
    static ReadOnlyFileStore open(Path directory, long cacheBytes) {
        return open(directory, cacheBytes, ReadChannels.PLAIN);
    }

    /** Opens an existing store read-only, reading series files through {@code reads}: for tests that count. */
    static ReadOnlyFileStore open(Path directory, long cacheBytes, ReadChannels reads) {
        Path dir = directory.toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new StorageException("cannot open the file store " + dir + " read-only (mode=read): no such"
                    + " directory; a read-only store is never created");
        }
        try {
            return new ReadOnlyFileStore(dir, ReadOnlyIndex.open(dir), new SeriesCache(cacheBytes), reads);
        } catch (IOException e) {
            throw new StorageException("cannot open the file store " + dir + " read-only: " + e.getMessage(), e);
        }
    }

    private ReadOnlyIndex.View view() {
        if (closed) {
            throw new IllegalStateException("the file store " + directory + " (read-only) is closed");
        }
        try {
            return index.current();
        } catch (IOException e) {
            throw new StorageException("cannot read the index of the file store " + directory + ": " + e.getMessage(),
                    e);
        }
    }

    private static IndexEntry entry(ReadOnlyIndex.View v, Path directory, String id) {
        Held held = v.held().get(id);
        if (held != null) {
            throw held.refusal(directory, id);
        }
        IndexEntry e = v.entries().get(id);
        if (e == null) {
            throw new NoSuchSeriesException(id);
        }
        return e;
    }

    @Override
    public SizedContainerTimeSeries get(String id) {
        SeriesIds.check(id);
        Path file = SeriesPaths.file(directory, id);
        long deadline = System.nanoTime() + SETTLE_NANOS;
        String problem;
        for (int attempt = 0; ; attempt++) {
            IndexEntry e = entry(view(), directory, id);
            ArrayTimeSeries hit = cache.get(id, e);
            if (hit != null) {
                return hit;
            }
            IoBuffers.IoBuffer io = buffers.take();
            try {
                ArrayTimeSeries s = IndexedRead.read(file, e, io, reads);
                cache.put(id, e, s);
                return s;
            } catch (IOException | SeriesFileException mismatch) {
                problem = mismatch.toString();
                ArrayTimeSeries inFlight = inFlight(file, e, io, reads);
                if (inFlight != null) {
                    cache.put(id, e, inFlight);
                    return inFlight;
                }
            } finally {
                buffers.give(io);
            }
            if (System.nanoTime() > deadline) {
                throw new StorageException("series " + SeriesIds.quote(id) + ": its file " + file + " has not matched"
                        + " its index entry for " + SETTLE_NANOS / 1_000_000 + " ms (" + attempt + " reads): "
                        + problem);
            }
            LockSupport.parkNanos(Math.min(1_000_000L, 20_000L << Math.min(attempt, 6)));
        }
    }

    /** The entry's series from the writer's temporary file, or from the first bytes of a longer file, or null. */
    private static ArrayTimeSeries inFlight(Path file, IndexEntry e, IoBuffers.IoBuffer io, ReadChannels reads) {
        try {
            return IndexedRead.read(SeriesPaths.temporary(file), e, io, reads);
        } catch (IOException | SeriesFileException notThere) {
            // not a store between its record and its rename
        }
        try {
            return prefix(file, e, reads);
        } catch (IOException | RuntimeException notThere) {
            return null;
        }
    }

    /**
     * The series an entry names in the first bytes of a file an append made longer, its header not yet (or
     * already) rewritten: those bytes with the header of the entry's points, if they give the entry's CRC-32C.
     */
    private static ArrayTimeSeries prefix(Path file, IndexEntry e, ReadChannels reads) throws IOException {
        if (e.fileBytes() != TailAppend.dataEnd(e.points()) || e.fileBytes() > Integer.MAX_VALUE) {
            return null;
        }
        ByteBuffer data = ByteBuffer.allocate((int) e.fileBytes() - NpySeries.FORTRAN_HEADER_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = reads.open(file)) {
            while (data.hasRemaining()) {
                if (ch.read(data, NpySeries.FORTRAN_HEADER_BYTES + data.position()) < 0) {
                    return null;
                }
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(NpySeries.fortranHeader(e.points()).encode());
        crc.update(data.array());
        if ((int) crc.getValue() != e.crc()) {
            return null;
        }
        double[] t = new double[e.points()];
        double[] v = new double[e.points()];
        for (int i = 0; i < t.length; i++) {
            t[i] = data.getDouble(16 * i);
            v[i] = data.getDouble(16 * i + 8);
        }
        return ArrayTimeSeries.of(t, v);
    }

    @Override
    public int size(String id) {
        SeriesIds.check(id);
        return entry(view(), directory, id).points();
    }

    @Override
    public boolean contains(String id) {
        SeriesIds.check(id);
        ReadOnlyIndex.View v = view();
        Held held = v.held().get(id);
        if (held != null) {
            throw held.refusal(directory, id);
        }
        return v.entries().containsKey(id);
    }

    /** The ids the writer had acknowledged when this was called; held ids are left out. */
    @Override
    public Set<String> ids() {
        ReadOnlyIndex.View v = view();
        Set<String> ids = new java.util.HashSet<>(v.entries().keySet());
        ids.removeAll(v.held().keySet());
        return IdSnapshot.of(ids);
    }

    /** An id no series has now; a writer may of course take it later. Writes nothing. */
    @Override
    public String newId() {
        ReadOnlyIndex.View v = view();
        while (true) {
            String id = "ts-" + UUID.randomUUID();
            if (!v.entries().containsKey(id) && !v.held().containsKey(id)) {
                return id;
            }
        }
    }

    /** Does nothing: a read-only store has no writes to force. */
    @Override
    public void flush() {
        view();
    }

    /** Closes the journal; series returned before are heap copies and stay. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cache.clear();
        try {
            index.close();
        } catch (IOException e) {
            throw new StorageException("cannot close the index of the file store " + directory + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "FileStorageManager[" + directory + ", read-only" + (closed ? ", closed" : "") + "]";
    }
}
