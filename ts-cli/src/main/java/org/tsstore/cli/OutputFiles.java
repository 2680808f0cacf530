package org.tsstore.cli;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes output through a path as every Unix tool does, never destroying what is there:
 * <ul>
 *   <li>a device, named pipe or socket is written to ({@code -o /dev/full} fails with "No space left on
 *       device"), never replaced by a regular file;
 *   <li>a symbolic link is followed: its target is written, the link stays;
 *   <li>a regular file is written whole or not at all: into a temporary file beside it, renamed over it when
 *       complete, so a failure half-way leaves the old file (or none) rather than a truncated one. A replaced
 *       file keeps its permissions; a new file gets those the user's umask allows, as {@code >} would.
 * </ul>
 */
final class OutputFiles {

    /** What writes the content. */
    @FunctionalInterface
    interface Content {
        /**
         * Writes the content.
         *
         * @param out where to
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Links followed before giving up, as the kernel's own limit on a path. */
    private static final int MAX_LINKS = 40;

    private OutputFiles() {}

    /**
     * Writes to a path.
     *
     * @param target the path as the user gave it
     * @param content what to write
     * @throws IOException naming the path, when it cannot be written
     */
    static void write(Path target, Content content) throws IOException {
        if (Files.isDirectory(target)) {
            throw new InvalidDataException("cannot write " + target + ": it is a directory");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            // a device, a pipe, a socket (or /dev/stdout): through it, as > would
            try (OutputStream out = new BufferedOutputStream(new FileOutputStream(target.toFile()), 1 << 16)) {
                content.writeTo(out);
            } catch (IOException e) {
                throw failure(target, e);
            }
            return;
        }
        Path file = Files.exists(target) ? target.toRealPath() : linkTarget(target);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new InvalidDataException("cannot write " + target + ": no such directory " + dir);
        }
        Path temp = newTemp(file.toAbsolutePath());
        try {
            if (Files.isRegularFile(file)) {
                copyPermissions(file, temp);
            }
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.WRITE), 1 << 16)) {
                content.writeTo(out);
            } catch (IOException e) {
                throw failure(target, e);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Where a path that does not exist leads: itself, or the missing target of a dangling symbolic link. */
    private static Path linkTarget(Path target) throws IOException {
        Path p = target;
        for (int i = 0; i < MAX_LINKS && Files.isSymbolicLink(p); i++) {
            Path link = Files.readSymbolicLink(p);
            Path parent = p.toAbsolutePath().getParent();
            p = parent == null ? link : parent.resolve(link);
        }
        if (Files.isSymbolicLink(p)) {
            throw new InvalidDataException("cannot write " + target + ": too many levels of symbolic links");
        }
        return p;
    }

    /**
     * A new empty file beside the target. Created without explicit permissions, so the process's umask decides
     * them as for any new file ({@link Files#createTempFile} would make it 0600 whatever the umask).
     */
    private static Path newTemp(Path file) throws IOException {
        Path dir = file.getParent();
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".part");
            try {
                Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        if (Files.getFileStore(from).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        }
    }

    /** A write failure as one sentence naming the path: "cannot write /dev/full: No space left on device". */
    private static IOException failure(Path target, IOException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("cannot write ")) {
            return e;
        }
        String reason = e.getMessage() == null ? ErrorReporter.describe(e) : e.getMessage();
        return new IOException("cannot write " + target + ": " + reason, e);
    }
}
