package org.tsstore.core.backend;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.tsstore.api.StorageException;

/**
 * A store's claim on its directory, for backends that allow one writing process at a time: an exclusive
 * OS lock on a lock file in the directory, held while the store is open and released by {@link #close()}
 * or, if the process dies, by the OS. The file stays; it holds the pid of the last holder, for the message
 * that another process gets.
 *
 * <p>Directories locked in this JVM are also kept in a set that is checked before the lock file is even
 * opened: on POSIX systems closing any channel of a file drops every lock the process holds on it, so a
 * second open that opened the lock file, failed to lock it and closed it again would silently release
 * the first one's lock.
 */
public final class DirectoryLock implements AutoCloseable {

    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path key, Path file, FileChannel channel, FileLock lock) {
        this.key = key;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of a store directory at once, or fails.
     *
     * @param directory the store directory, which must exist
     * @param fileName the lock file's name in it, for example {@code tsstore.lock}
     * @param backend the backend's name for messages, for example {@code mmap}
     * @return the held lock
     * @throws StorageException naming the lock file when another process or another open store in this
     *     JVM holds it, or when it cannot be created or locked
     */
    public static DirectoryLock acquire(Path directory, String fileName, String backend) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(backend, "backend");
        Path file = directory.resolve(fileName);
        Path key;
        try {
            key = directory.toRealPath();
        } catch (IOException e) {
            throw new StorageException("cannot resolve the " + backend + " store directory " + directory + ": " + e, e);
        }
        if (!HELD.add(key)) {
            throw alreadyOpenHere(directory, file, backend, null);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            HELD.remove(key);
            throw new StorageException("cannot open the lock file " + file + " of the " + backend + " store: " + e, e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                throw alreadyOpenHere(directory, file, backend, e);
            }
            if (lock == null) {
                throw new StorageException("the " + backend + " store " + directory + " is in use by another process"
                        + holder(file) + ": it holds the lock file " + file + "; close that process's store first");
            }
            try {
                byte[] pid = ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(pid), 0);
            } catch (IOException e) {
                // The pid is only a courtesy for other processes' messages; the lock is what counts.
            }
            return new DirectoryLock(key, file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            HELD.remove(key);
            throw new StorageException("cannot lock the lock file " + file + " of the " + backend + " store: " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            HELD.remove(key);
            throw e;
        }
    }

    private static StorageException alreadyOpenHere(Path directory, Path file, String backend, Throwable cause) {
        return new StorageException("the " + backend + " store " + directory + " is already open in this JVM (lock file "
                + file + "); use that manager, or close it before opening the store again", cause);
    }

    private static String holder(Path file) {
        try {
            String s = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
            return s.matches("pid \\d{1,19}") ? " (" + s + ")" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already failing; nothing was written that matters
        }
    }

    /**
     * The lock file.
     *
     * @return its path
     */
    public Path file() {
        return file;
    }

    /**
     * Releases the lock; the lock file stays.
     *
     * @throws StorageException if the release fails (the OS releases it when the process ends anyway)
     */
    @Override
    public void close() {
        try {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        } catch (IOException e) {
            throw new StorageException("cannot release the lock file " + file + ": " + e, e);
        } finally {
            HELD.remove(key);
        }
    }
}
