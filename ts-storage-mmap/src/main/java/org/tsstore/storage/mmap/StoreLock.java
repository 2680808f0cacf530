package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.tsstore.api.StorageException;

/**
 * The one-writer guard: an OS lock on the file {@code lock} in the store directory, held while the store
 * is open and released by the OS when the process dies.
 *
 * <p>Stores open in this JVM are also kept in a set, checked before the lock file is even opened: on
 * POSIX systems closing any channel of a file drops every lock the process holds on it, so a second
 * open that opened the lock file, failed to lock it and closed it again would silently release the
 * first one's lock.
 */
final class StoreLock implements AutoCloseable {

    static final String NAME = "lock";

    private static final Set<Path> OPEN_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of a store directory.
     *
     * @throws StorageException naming the lock file if another process or another manager in this JVM
     *     holds it, or if it cannot be opened
     */
    static StoreLock acquire(Path directory) {
        Path file = directory.resolve(NAME);
        Path key;
        try {
            key = directory.toRealPath();
        } catch (IOException e) {
            throw new StorageException("cannot resolve the store directory " + directory + ": " + e, e);
        }
        if (!OPEN_IN_THIS_JVM.add(key)) {
            throw alreadyOpenHere(directory, file);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new StorageException("the mmap store " + directory + " is in use by another process: it holds"
                        + " the lock file " + file + "; close that process's store first");
            }
            return new StoreLock(key, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            OPEN_IN_THIS_JVM.remove(key);
            throw alreadyOpenHere(directory, file);
        } catch (IOException e) {
            closeQuietly(channel);
            OPEN_IN_THIS_JVM.remove(key);
            throw new StorageException("cannot lock the mmap store " + directory + " through " + file + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            OPEN_IN_THIS_JVM.remove(key);
            throw e;
        }
    }

    private static StorageException alreadyOpenHere(Path directory, Path file) {
        return new StorageException("the mmap store " + directory + " is already open in this JVM (lock file "
                + file + "); use that manager, or close it before opening the store again");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was written through it
            }
        }
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            OPEN_IN_THIS_JVM.remove(key);
        }
    }
}
