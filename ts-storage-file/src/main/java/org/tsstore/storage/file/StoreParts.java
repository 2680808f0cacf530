package org.tsstore.storage.file;

import java.io.IOException;
import java.lang.System.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tsstore.api.Durability;
import org.tsstore.api.StorageException;
import org.tsstore.core.backend.DirectoryLock;
import org.tsstore.core.backend.DirectorySync;

/**
 * The parts of an open store, made in the order opening needs: the directory and its lock, the index
 * (recovered, which repairs what a crash left), the series files, the cache, and the parts that change and
 * check the store. If anything fails, the lock is released again.
 */
final class StoreParts {

    final Path directory;
    final Durability durability;
    final DirectoryLock lock;
    final Index index;
    final SeriesFiles files;
    final SeriesCache cache;
    final Changes changes;
    final BatchChanges batches;
    final StoreIntegrity integrity;

    private StoreParts(Path directory, Durability durability, DirectoryLock lock, Index index, SeriesFiles files,
            SeriesCache cache, IoBuffers buffers) {
        this.directory = directory;
        this.durability = durability;
        this.lock = lock;
        this.index = index;
        this.files = files;
        this.cache = cache;
        this.changes = new Changes(index, files, cache);
        this.batches = new BatchChanges(index, files, cache);
        this.integrity = new StoreIntegrity(directory, index, files, cache, buffers);
    }

    /**
     * Opens the store in a directory, creating it if needed.
     *
     * @param directory the store directory
     * @param durability the durability
     * @param cacheBytes the cache's budget
     * @param reads how series files are opened for reading
     * @param log where recovery logs its repairs
     * @throws StorageException if the directory cannot be used or another manager holds it
     */
    static StoreParts open(Path directory, Durability durability, long cacheBytes, ReadChannels reads, Logger log) {
        Path dir = directory.toAbsolutePath().normalize();
        boolean created = !Files.isDirectory(dir);
        try {
            Files.createDirectories(dir);
            if (created && dir.getParent() != null) {
                DirectorySync.force(dir.getParent());
            }
        } catch (IOException e) {
            throw new StorageException("cannot create the store directory " + dir + ": " + e, e);
        }
        DirectoryLock lock = DirectoryLock.acquire(dir, FileStorageManager.LOCK_FILE, "file");
        try {
            boolean sync = durability == Durability.SYNC;
            IoBuffers buffers = new IoBuffers(Math.max(2, Runtime.getRuntime().availableProcessors()));
            Index index = Index.open(dir, buffers, sync, log);
            if (sync) {
                // The journal's and the series directory's names, which a new store has just made.
                DirectorySync.force(dir);
            }
            return new StoreParts(dir, durability, lock, index, new SeriesFiles(dir, sync, buffers, reads),
                    new SeriesCache(cacheBytes), buffers);
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
}
