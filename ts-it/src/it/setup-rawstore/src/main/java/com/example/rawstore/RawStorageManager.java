package com.example.rawstore;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.tsstore.api.Durability;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.core.backend.DirectoryLock;
import org.tsstore.core.backend.DirectorySync;
import org.tsstore.core.backend.IdSnapshot;

/**
 * A store that keeps each series as two files of raw little-endian doubles, one for the times and one
 * for the values, in one directory:
 * <pre>
 *   &lt;key&gt;.record             the commit record: id, version, size, checksums ({@link SeriesRecord})
 *   &lt;key&gt;-&lt;version&gt;.times    the times, 8 bytes each
 *   &lt;key&gt;-&lt;version&gt;.values   the values, 8 bytes each
 *   store.lock               locked while a manager has the store open
 * </pre>
 * where the key is the SHA-256 of the id ({@link SeriesKey}).
 *
 * <p>A store writes the two data files of a new version, then replaces the record atomically (temporary
 * file, rename). The rename is the commit: a process killed before it leaves the previous series, one
 * killed after it the new one. Only then are the previous version's files removed; files that no record
 * names are leftovers of a crash, removed when the store is opened. With {@link Durability#SYNC} every file
 * and the directory are forced to the device before the rename and after it, so that the same holds
 * across a power loss; with {@link Durability#OS} (the default) that happens at {@link #flush()}.
 *
 * <p>Thread-safe: every method holds the manager's lock, so a reader never sees half an overwrite.
 */
public final class RawStorageManager implements StorageManager {

    private static final String LOCK_FILE = "store.lock";
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path directory;
    private final DirectoryLock lock;
    private final Durability durability;
    /** Guarded by {@code this}, like everything below. */
    private final Map<String, SeriesRecord> index;
    private long nextVersion;
    private boolean closed;

    private RawStorageManager(Path directory, DirectoryLock lock, Durability durability,
            Map<String, SeriesRecord> index, long nextVersion) {
        this.directory = directory;
        this.lock = lock;
        this.durability = durability;
        this.index = index;
        this.nextVersion = nextVersion;
    }

    /**
     * Opens (creating if needed) the store in a directory with {@link Durability#OS}.
     *
     * @param directory the directory
     * @return the open store
     * @throws StorageException if the directory cannot be used, another manager has it open, or a record
     *     is damaged
     */
    public static RawStorageManager open(Path directory) {
        return open(directory, Durability.OS);
    }

    /**
     * Opens (creating if needed) the store in a directory, removing what a crash left half-written.
     *
     * @param directory the directory
     * @param durability how far a write goes before {@code store} returns
     * @return the open store
     * @throws StorageException if the directory cannot be used, another manager has it open, or a record
     *     is damaged
     */
    public static RawStorageManager open(Path directory, Durability durability) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(durability, "durability");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StorageException("cannot create the store directory " + directory + ": " + e.getMessage(), e);
        }
        DirectoryLock lock = DirectoryLock.acquire(directory, LOCK_FILE, "raw");
        try {
            Map<String, SeriesRecord> index = new HashMap<>();
            long nextVersion = recover(directory, index);
            return new RawStorageManager(directory, lock, durability, index, nextVersion);
        } catch (IOException | RuntimeException e) {
            lock.close();
            if (e instanceof IOException) {
                throw new StorageException("cannot open the store in " + directory + ": " + e.getMessage(), e);
            }
            throw (RuntimeException) e;
        }
    }

    /** Reads every record into the index, deletes unreferenced files, and returns the next free version. */
    private static long recover(Path directory, Map<String, SeriesRecord> index) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.toList();
        }
        Set<String> referenced = new HashSet<>();
        long maxVersion = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(SeriesRecord.SUFFIX)) {
                SeriesRecord record = SeriesRecord.read(file);
                index.put(record.id(), record);
                referenced.add(record.timesFile());
                referenced.add(record.valuesFile());
                maxVersion = Math.max(maxVersion, record.version());
            } else if (isDataFile(name)) {
                maxVersion = Math.max(maxVersion, versionOf(name));
            }
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(TEMP_SUFFIX) || (isDataFile(name) && !referenced.contains(name))) {
                Files.deleteIfExists(file);
            }
        }
        return maxVersion + 1;
    }

    private static boolean isDataFile(String name) {
        return name.endsWith(SeriesRecord.TIMES_SUFFIX) || name.endsWith(SeriesRecord.VALUES_SUFFIX);
    }

    private static long versionOf(String dataFile) {
        int dash = dataFile.lastIndexOf('-');
        int dot = dataFile.lastIndexOf('.');
        try {
            return Long.parseLong(dataFile.substring(dash + 1, dot));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return 0; // not one of ours: ignored, and removed as unreferenced
        }
    }

    /**
     * The directory of this store.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    @Override
    public SizedContainerTimeSeries store(String id, SizedContainerTimeSeries series) {
        SeriesIds.check(id);
        // One snapshot of the caller's series, checked against the value rules before anything is written.
        RawSeries encoded = RawSeries.encode(ArrayTimeSeries.copyOf(Objects.requireNonNull(series, "series")));
        synchronized (this) {
            checkOpen();
            SeriesRecord record = new SeriesRecord(id, nextVersion++, encoded.size(),
                    RawSeries.checksum(encoded.timeBytes()), RawSeries.checksum(encoded.valueBytes()));
            Path times = directory.resolve(record.timesFile());
            Path values = directory.resolve(record.valuesFile());
            try {
                writeNew(times, encoded.timeBytes());
                writeNew(values, encoded.valueBytes());
                Path temp = directory.resolve(record.recordFile() + TEMP_SUFFIX);
                Files.deleteIfExists(temp);
                writeNew(temp, record.encode());
                if (durability == Durability.SYNC) {
                    DirectorySync.force(directory); // the data files' entries, before the record can name them
                }
                Files.move(temp, directory.resolve(record.recordFile()), StandardCopyOption.ATOMIC_MOVE);
                if (durability == Durability.SYNC) {
                    DirectorySync.force(directory);
                }
            } catch (IOException e) {
                deleteQuietly(times, values);
                throw new StorageException("cannot store series " + SeriesIds.quote(id) + " in " + times + ": "
                        + e.getMessage(), e);
            }
            SeriesRecord previous = index.put(id, record);
            if (previous != null) {
                deleteQuietly(directory.resolve(previous.timesFile()), directory.resolve(previous.valuesFile()));
            }
            return encoded;
        }
    }

    @Override
    public synchronized int size(String id) {
        return record(id).size();
    }

    @Override
    public synchronized SizedContainerTimeSeries get(String id) {
        SeriesRecord record = record(id);
        byte[] times = read(id, record.timesFile(), record.size(), record.timesChecksum());
        byte[] values = read(id, record.valuesFile(), record.size(), record.valuesChecksum());
        return RawSeries.decode(times, values);
    }

    private byte[] read(String id, String name, int size, int checksum) {
        Path file = directory.resolve(name);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StorageException("cannot read series " + SeriesIds.quote(id) + " from " + file + ": "
                    + e.getMessage(), e);
        }
        if (bytes.length != (long) size * Double.BYTES || RawSeries.checksum(bytes) != checksum) {
            throw new StorageException("series " + SeriesIds.quote(id) + ": file " + file + " is damaged ("
                    + bytes.length + " bytes, expected " + (long) size * Double.BYTES + " with checksum "
                    + Integer.toHexString(checksum) + ")");
        }
        return bytes;
    }

    @Override
    public synchronized boolean contains(String id) {
        SeriesIds.check(id);
        checkOpen();
        return index.containsKey(id);
    }

    @Override
    public synchronized boolean delete(String id) {
        SeriesIds.check(id);
        checkOpen();
        SeriesRecord record = index.get(id);
        if (record == null) {
            return false;
        }
        try {
            Files.delete(directory.resolve(record.recordFile())); // the commit of a delete
            if (durability == Durability.SYNC) {
                DirectorySync.force(directory);
            }
        } catch (IOException e) {
            throw new StorageException("cannot delete series " + SeriesIds.quote(id) + " from " + directory + ": "
                    + e.getMessage(), e);
        }
        index.remove(id);
        deleteQuietly(directory.resolve(record.timesFile()), directory.resolve(record.valuesFile()));
        return true;
    }

    @Override
    public synchronized Set<String> ids() {
        checkOpen();
        return IdSnapshot.of(index.keySet());
    }

    @Override
    public synchronized String newId() {
        checkOpen();
        String id;
        do {
            id = "raw-" + UUID.randomUUID();
        } while (index.containsKey(id));
        return id;
    }

    @Override
    public synchronized void flush() {
        checkOpen();
        if (durability == Durability.SYNC) {
            return; // every write was forced before it returned
        }
        try {
            for (SeriesRecord record : index.values()) {
                for (String name : List.of(record.timesFile(), record.valuesFile(), record.recordFile())) {
                    try (FileChannel channel = FileChannel.open(directory.resolve(name), READ)) {
                        channel.force(true);
                    }
                }
            }
            DirectorySync.force(directory);
        } catch (IOException e) {
            throw new StorageException("cannot flush the store in " + directory + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void compact() {
        checkOpen();
        // Nothing to reclaim: an overwrite or a delete removes the old files at once.
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        lock.close();
    }

    @Override
    public String toString() {
        return "RawStorageManager[" + directory + "]";
    }

    private SeriesRecord record(String id) {
        SeriesIds.check(id);
        checkOpen();
        SeriesRecord record = index.get(id);
        if (record == null) {
            throw new NoSuchSeriesException(id);
        }
        return record;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the store in " + directory + " is closed");
        }
    }

    private void writeNew(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, CREATE_NEW, WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (durability == Durability.SYNC) {
                channel.force(true);
            }
        }
    }

    /** Removes files no record names any more; one left behind is removed at the next open. */
    private static void deleteQuietly(Path... files) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // harmless: unreferenced, so removed by the next open
            }
        }
    }
}
