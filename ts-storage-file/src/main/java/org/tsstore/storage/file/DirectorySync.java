package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Forces a directory's entries (a new, renamed or deleted file) to the device: {@code fsync} of the
 * directory, which POSIX requires before a rename or a new file survives a power loss.
 */
final class DirectorySync {

    // Windows cannot open a directory as a file; NTFS journals its directory changes itself.
    private static final boolean SUPPORTED =
            !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private DirectorySync() {}

    /** Forces one directory. */
    static void force(Path directory) throws IOException {
        if (!SUPPORTED) {
            return;
        }
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
