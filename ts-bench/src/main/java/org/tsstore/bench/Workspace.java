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

    /**
     * The page regime of the next store, prepared untimed. {@code recycled}: forces a GC first (a mapped view
     * still reachable keeps the old file's pages, and the store would draw fresh ones), then deletes the
     * previous iteration's output, so the page cache reuses just-freed pages; {@code fresh} keeps it. Prints
     * to the fork's output, and appends to the file in {@code -Dtsstore.bench.regimeLog} if set, which regime it
     * drew: recycled only when the delete gave back at least half of the
     * output's bytes to the free memory ({@code MemFree} of {@code /proc/meminfo}, where there is one).
     *
     * @param regime {@code fresh} or {@code recycled}
     * @param previous the previous iteration's output, or null before the first
     */
    static void prepare(String regime, Path previous) {
        if (!regime.equals("recycled")) {
            report("page regime: fresh (the previous output stays)");
            return;
        }
        if (previous == null) {
            report("page regime: fresh (first iteration: nothing to recycle)");
            return;
        }
        System.gc();
        long bytes = size(previous);
        long before = memFree();
        delete(previous);
        long freed = memFree() - before;
        String drew = before < 0 ? "unknown (no /proc/meminfo)"
                : freed * 2 >= bytes ? "recycled" : "fresh (the pages were not given back)";
        report(String.format(java.util.Locale.ROOT, "page regime: %s; the delete of %.1f MB freed %.1f MB", drew,
                bytes / 1e6, freed / 1e6));
    }

    private static void report(String line) {
        System.out.println(line);
        String file = System.getProperty("tsstore.bench.regimeLog");
        if (file != null) {
            try {
                Files.writeString(Paths.get(file), line + System.lineSeparator(), java.nio.charset.StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }

    private static long size(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static long memFree() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/meminfo"))) {
                if (line.startsWith("MemFree:")) {
                    return 1024 * Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
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
