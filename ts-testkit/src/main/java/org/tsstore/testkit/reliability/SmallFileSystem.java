package org.tsstore.testkit.reliability;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small {@code tmpfs} file system mounted for a test, to make the disk fill up for real: writes beyond its
 * size fail with {@code ENOSPC}. Mounting needs Linux and root; without them {@link #mountOrSkip} prints why
 * and aborts the test (JUnit reports it skipped).
 */
public final class SmallFileSystem implements AutoCloseable {

    private static final String FILLER = "filler";

    private final Path root;
    private final long bytes;
    private final Thread unmountAtExit;

    private SmallFileSystem(Path root, long bytes) {
        this.root = root;
        this.bytes = bytes;
        // a JVM that dies inside a check (a failed assertion is fine; a kill is not) must not leave it mounted
        this.unmountAtExit = new Thread(() -> run(List.of("umount", "-l", root.toString())), "unmount " + root);
    }

    /**
     * Mounts a new {@code tmpfs} of {@code bytes} bytes, or skips the calling test with a printed reason.
     *
     * @param bytes the size of the file system, at least 1 MiB
     * @return the mounted file system; close it to unmount it
     * @throws org.opentest4j.TestAbortedException if it cannot be mounted here
     */
    public static SmallFileSystem mountOrSkip(long bytes) {
        checkArgument(bytes >= 1 << 20, "a file system of at least 1 MiB, not %s bytes", bytes);
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return skip("tmpfs needs Linux; this is " + System.getProperty("os.name"));
        }
        Path root;
        try {
            root = Files.createTempDirectory("tsstore-small-fs-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String result = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + bytes + ",mode=0700", "tmpfs",
                root.toString()));
        if (result != null) {
            deleteQuietly(root);
            return skip("could not mount a tmpfs (the test needs root and the right to mount): " + result);
        }
        SmallFileSystem fs = new SmallFileSystem(root, bytes);
        Runtime.getRuntime().addShutdownHook(fs.unmountAtExit);
        return fs;
    }

    private static SmallFileSystem skip(String reason) {
        System.out.println("SKIPPED (disk full): " + reason);
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }

    /**
     * The mount point.
     *
     * @return the root directory of the file system
     */
    public Path root() {
        return root;
    }

    /**
     * The size it was mounted with.
     *
     * @return bytes
     */
    public long bytes() {
        return bytes;
    }

    /**
     * Fills the remaining space with a filler file, until a write fails with no space left.
     *
     * @return how many bytes the filler took
     */
    public long fill() {
        Path filler = root.resolve(FILLER);
        long written = 0;
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(chunk);
                out.flush();
                written += chunk.length;
            }
        } catch (IOException full) {
            // ENOSPC: the point. Bytes of a partly written chunk may have landed; the file keeps them.
        }
        // Grab any last partial block too, byte by byte.
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < 4096; i++) {
                out.write(0);
                out.flush();
                written++;
            }
        } catch (IOException full) {
            // expected
        }
        return written;
    }

    /** Deletes the filler file, giving its space back. */
    public void free() {
        try {
            Files.deleteIfExists(root.resolve(FILLER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unmounts the file system (lazily, if something still holds it) and removes the mount point. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(unmountAtExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook unmounts it
        }
        String result = run(List.of("umount", root.toString()));
        if (result != null) {
            result = run(List.of("umount", "-l", root.toString()));
        }
        if (result != null) {
            System.out.println("could not unmount " + root + ": " + result);
            return;
        }
        deleteQuietly(root);
    }

    /** Runs a command; null if it succeeded, else what it printed and its exit code. */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + " did not finish within 60 s";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? null : String.join(" ", command) + " exited with " + p.exitValue() + ": " + out;
        } catch (IOException e) {
            return String.join(" ", command) + " could not run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // A leftover empty temporary directory is harmless.
        }
    }
}
