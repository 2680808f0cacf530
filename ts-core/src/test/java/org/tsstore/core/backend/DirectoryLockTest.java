package org.tsstore.core.backend;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.StorageException;

class DirectoryLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondLockInThisJvmFailsNamingTheFileAndLeavesTheFirstHeld() {
        try (DirectoryLock first = DirectoryLock.acquire(dir, "x.lock", "test")) {
            StorageException e = assertThrows(StorageException.class, () -> DirectoryLock.acquire(dir, "x.lock", "test"));
            assertTrue(e.getMessage().contains(dir.resolve("x.lock").toString()), e.getMessage());
            assertTrue(e.getMessage().contains("already open in this JVM"), e.getMessage());
            // The refused attempt must not have released the first lock: the OS still reports it held.
            assertThrows(java.nio.channels.OverlappingFileLockException.class, () -> {
                try (FileChannel ch = FileChannel.open(first.file(), StandardOpenOption.WRITE)) {
                    ch.tryLock();
                }
            });
        }
    }

    @Test
    void theLockCanBeTakenAgainAfterClose() {
        DirectoryLock.acquire(dir, "x.lock", "test").close();
        assertDoesNotThrow(() -> DirectoryLock.acquire(dir, "x.lock", "test").close());
    }

    @Test
    void theLockFileNamesItsHolder() throws IOException {
        try (DirectoryLock lock = DirectoryLock.acquire(dir, "x.lock", "test")) {
            assertEquals("pid " + ProcessHandle.current().pid(), Files.readString(lock.file()).trim());
        }
    }

    @Test
    void aMissingDirectoryIsAStorageExceptionNamingIt() {
        Path missing = dir.resolve("absent");
        StorageException e = assertThrows(StorageException.class, () -> DirectoryLock.acquire(missing, "x.lock", "test"));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void aLockHeldOutsideThisManagerIsRefused() throws IOException {
        // Another holder in this JVM that bypasses DirectoryLock (as another process would): tryLock fails.
        try (FileChannel ch = FileChannel.open(dir.resolve("x.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
                FileLock held = ch.lock()) {
            assertTrue(held.isValid());
            StorageException e = assertThrows(StorageException.class, () -> DirectoryLock.acquire(dir, "x.lock", "test"));
            assertTrue(e.getMessage().contains(dir.resolve("x.lock").toString()), e.getMessage());
        }
    }
}
