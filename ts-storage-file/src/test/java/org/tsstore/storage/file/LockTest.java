package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tsstore.storage.file.StoreFixtures.series;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.StorageException;

/** One manager at a time holds a store directory, in this JVM or any other process. */
class LockTest {

    @TempDir
    Path dir;

    private Path lockFile() {
        return dir.resolve("tsstore.lock");
    }

    @Test
    void aSecondOpenInThisJvmFailsNamingTheLockFile() {
        try (FileStorageManager first = FileStorageManager.open(dir)) {
            first.store("a", series(2, 1));
            StorageException e = assertThrows(StorageException.class, () -> FileStorageManager.open(dir));
            assertTrue(e.getMessage().contains(lockFile().toString()) && e.getMessage().contains("already open"),
                    e.getMessage());
            // The same directory by another spelling.
            Path other = dir.resolve("series").resolve("..").resolve(".");
            assertThrows(StorageException.class, () -> FileStorageManager.open(other));
            assertEquals(series(2, 1), first.get("a"), "the first manager is unharmed");
        }
        try (FileStorageManager again = FileStorageManager.open(dir)) {
            assertEquals(series(2, 1), again.get("a"));
        }
    }

    @Test
    void anotherProcessCannotOpenAHeldStore() throws Exception {
        try (FileStorageManager held = FileStorageManager.open(dir)) {
            // A refused second open in this JVM must not drop the OS lock (closing any channel to a
            // locked file does, on POSIX systems).
            assertThrows(StorageException.class, () -> FileStorageManager.open(dir));
            String answer = child("try");
            assertTrue(answer.startsWith("REFUSED "), answer);
            String message = KillChild.decode(answer.substring("REFUSED ".length()));
            assertTrue(message.contains(StorageException.class.getName()), message);
            assertTrue(message.contains(lockFile().toString()) && message.contains("another process")
                    && message.contains("pid " + ProcessHandle.current().pid()), message);
            held.store("a", series(1, 1));
        }
        assertTrue(child("try").startsWith("OPENED "), "released on close");
    }

    @Test
    void aStoreHeldByAnotherProcessIsRefusedAndFreedWhenItDies() throws Exception {
        Process holder = start("hold");
        try {
            Path out = outputOf(holder);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(out).startsWith("LOCKED") && System.nanoTime() < deadline && holder.isAlive()) {
                Thread.sleep(10);
            }
            assertTrue(Files.readString(out).startsWith("LOCKED"), "the child did not open the store");
            StorageException e = assertThrows(StorageException.class, () -> FileStorageManager.open(dir));
            assertTrue(e.getMessage().contains(lockFile().toString()) && e.getMessage().contains("another process")
                    && e.getMessage().contains("pid " + holder.pid()), e.getMessage());
        } finally {
            holder.destroyForcibly();
            holder.waitFor();
            Files.deleteIfExists(outputOf(holder));
        }
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", series(1, 1));
        }
    }

    private Process start(String mode) throws IOException {
        Path out = Files.createTempFile(dir.getParent(), "lock-child", ".out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                KillChild.class.getName(), mode, dir.toString()).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        outputs.put(p, out);
        return p;
    }

    private final java.util.Map<Process, Path> outputs = new java.util.HashMap<>();

    private Path outputOf(Process p) {
        return outputs.get(p);
    }

    private String child(String mode) throws Exception {
        Process p = start(mode);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child did not finish");
        String out = Files.readString(outputOf(p), StandardCharsets.UTF_8).trim();
        Files.delete(outputOf(p));
        return out;
    }
}
