package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/** One writing process at a time: a second open, in this JVM or another process, is refused clearly. */
class LockTest {

    private static String probe(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), LockProbe.class.getName(), dir.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void anotherProcessIsRefusedWhileTheStoreIsOpenAndAdmittedAfter() throws Exception {
        Path dir = StoreDirectories.newDirectory("mmap-lock");
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            store.store("a", ArrayTimeSeries.of(new double[] {1}, new double[] {2}));
            String out = probe(dir);
            assertTrue(out.startsWith("REFUSED"), out);
            assertTrue(out.contains(dir.resolve(MmapStorageManager.LOCK_FILE).toString()), "names the lock file: " + out);
            assertTrue(out.contains("another process"), out);
        }
        assertEquals("OPENED 1", probe(dir));
    }

    @Test
    void secondOpenInThisJvmIsRefusedAndKeepsTheFirstLock() throws Exception {
        Path dir = StoreDirectories.newDirectory("mmap-lock-jvm");
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            StorageException e = assertThrows(StorageException.class, () -> MmapStorageManager.open(dir));
            assertTrue(e.getMessage().contains(dir.resolve(MmapStorageManager.LOCK_FILE).toString()), e.getMessage());
            assertTrue(e.getMessage().contains("already open in this JVM"), e.getMessage());
            // through another spelling of the same directory too
            Path other = dir.resolve("..").resolve(dir.getFileName());
            assertThrows(StorageException.class, () -> MmapStorageManager.open(other));
            // the failed opens did not release the OS lock: another process is still refused
            String out = probe(dir);
            assertTrue(out.startsWith("REFUSED"), out);
            store.store("still-writable", ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
        }
        try (MmapStorageManager again = MmapStorageManager.open(dir)) {
            assertTrue(again.contains("still-writable"));
        }
    }

    @Test
    void closeReleasesTheLockAndIsIdempotent() {
        Path dir = StoreDirectories.newDirectory("mmap-lock-close");
        MmapStorageManager first = MmapStorageManager.open(dir);
        first.close();
        first.close();
        MmapStorageManager.open(dir).close();
    }
}
