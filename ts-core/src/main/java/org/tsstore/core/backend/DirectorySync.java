package org.tsstore.core.backend;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Forces a directory's entries (a file created, renamed or deleted in it) to the device: the
 * {@code fsync} of the directory that POSIX requires before such a change survives a power loss.
 *
 * <p>One policy for every backend: where directories cannot be opened (Windows, whose NTFS journals
 * directory changes itself) this does nothing; everywhere else a failure to open or force the directory
 * is an {@link IOException} for the caller, because a durability promise must never be dropped silently.
 * The directory is opened through its own file system, so a test file system sees the force.
 */
public final class DirectorySync {

    private static final boolean UNSUPPORTED =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private DirectorySync() {}

    /**
     * Forces one directory's entries.
     *
     * @param directory the directory
     * @throws IOException if the directory cannot be opened or forced
     */
    public static void force(Path directory) throws IOException {
        if (UNSUPPORTED && directory.getFileSystem() == FileSystems.getDefault()) {
            return;
        }
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
