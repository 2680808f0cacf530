package org.tsstore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scratch directory of a run. Every iteration that writes gets a new directory, because creating files
 * where thousands were just deleted is several times slower on these machines; deletion happens only outside
 * timed code.
 */
final class Workspace {

    private static final AtomicLong COUNTER = new AtomicLong();

    private Workspace() {}

    /** The root, from {@code -Dtsstore.bench.dir}, by default a folder under the system's temporary directory. */
    static Path root() {
        String dir = System.getProperty("tsstore.bench.dir");
        Path root = dir != null ? Paths.get(dir) : Paths.get(System.getProperty("java.io.tmpdir"), "tsstore-bench");
        try {
            return Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the benchmark directory " + root, e);
        }
    }

    /** A new, empty directory whose name starts with {@code prefix}. */
    static Path newDirectory(String prefix) {
        Path dir = root().resolve(prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Deletes a directory tree; never called from timed code. */
    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
