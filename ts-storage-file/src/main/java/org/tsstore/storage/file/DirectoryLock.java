package org.tsstore.storage.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.tsstore.api.StorageException;

/**
 * The store's claim on its directory: an exclusive OS lock on {@value #FILE_NAME}, held while the store
 * is open and released by {@link #close()} or, if the process dies, by the OS. The file itself stays; it
 * holds the pid of the last holder, for the message another process gets.
 */
final class DirectoryLock implements Closeable {

    /** The lock file's name in the store directory. */
    static final String FILE_NAME = "tsstore.lock";

    /**
     * The directories this JVM holds. Checked before the lock file is even opened: on POSIX systems
     * closing any channel to a locked file drops the process's lock on it, so a failed second open in the
     * same JVM must never open (and close) a channel to the file.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock at once, or fails.
     *
     * @param directory the store directory
     * @return the held lock
     * @throws StorageException naming the lock file when another process or another open store in this
     *     JVM holds it, or when it cannot be created
     */
    static DirectoryLock acquire(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        Path key;
        try {
            key = directory.toRealPath();
        } catch (IOException e) {
            throw new StorageException("cannot resolve the store directory " + directory + ": " + e, e);
        }
        if (!HELD.add(key)) {
            throw new StorageException("the store in " + directory + " is already open in this JVM: its lock file "
                    + file + " is held; close the other FileStorageManager first");
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            HELD.remove(key);
            throw new StorageException("cannot open the lock file " + file + ": " + e, e);
        }
        try {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                throw new StorageException("the store in " + directory + " is already open in this JVM: its lock file "
                        + file + " is held; close the other FileStorageManager first", e);
            }
            if (lock == null) {
                throw new StorageException("the store in " + directory + " is in use by another process"
                        + holder(file) + ": its lock file " + file + " is locked");
            }
            try {
                byte[] pid = ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(pid), 0);
            } catch (IOException e) {
                // The pid is only a courtesy for other processes' messages; the lock is what counts.
            }
            return new DirectoryLock(key, ch, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            HELD.remove(key);
            throw new StorageException("cannot lock the lock file " + file + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            HELD.remove(key);
            throw e;
        }
    }

    private static String holder(Path file) {
        try {
            String s = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
            return s.matches("pid \\d{1,19}") ? " (" + s + ")" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                HELD.remove(key);
            }
        }
    }
}
