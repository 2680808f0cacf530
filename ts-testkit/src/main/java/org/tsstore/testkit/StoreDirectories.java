package org.tsstore.testkit;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Temporary directories for the stores of persistent backends under test, for example in
 * {@link StorageManagerContract#create()}. Each is a new directory under {@code java.io.tmpdir}, deleted
 * recursively when the JVM exits (normally; a killed JVM leaves it for the system's temp cleaner).
 */
public final class StoreDirectories {

    private static final List<Path> CREATED = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(StoreDirectories::deleteAll, "tsstore-testkit-cleanup"));
    }

    private StoreDirectories() {}

    /**
     * A new, empty directory, deleted with everything in it at JVM exit.
     *
     * @param prefix the start of the directory's name, for recognising it, for example {@code "file-contract"};
     *     must not contain a path separator
     * @return the absolute path of the new directory
     * @throws IllegalArgumentException if the prefix contains a path separator
     * @throws UncheckedIOException if the directory cannot be created
     */
    public static Path newDirectory(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        checkArgument(prefix.indexOf('/') < 0 && prefix.indexOf('\\') < 0,
                "directory prefix must not contain a path separator: %s", prefix);
        Path dir;
        try {
            dir = Files.createTempDirectory("tsstore-" + prefix + "-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory with prefix " + prefix
                    + " under " + System.getProperty("java.io.tmpdir"), e);
        }
        synchronized (CREATED) {
            CREATED.add(dir);
        }
        return dir;
    }

    private static void deleteAll() {
        List<Path> dirs;
        synchronized (CREATED) {
            dirs = new ArrayList<>(CREATED);
            CREATED.clear();
        }
        for (Path dir : dirs) {
            deleteRecursively(dir);
        }
    }

    /**
     * Deletes a directory and everything in it, best effort: a file that cannot be deleted (still mapped,
     * say) is left to the system's temp cleaner.
     *
     * @param dir the directory
     */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    deleteQuietly(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) {
                    deleteQuietly(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort at exit: nothing useful to do with the failure
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort, see deleteRecursively
        }
    }
}
