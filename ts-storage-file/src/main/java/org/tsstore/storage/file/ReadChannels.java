package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How the store opens a file for reading series data: whole reads, range reads and block sidecars. One
 * seam, so that a test can count every byte the read path reads.
 */
@FunctionalInterface
interface ReadChannels {

    /** Plain {@link FileChannel#open}. */
    ReadChannels PLAIN = file -> FileChannel.open(file, StandardOpenOption.READ);

    /**
     * Opens a file for reading.
     *
     * @param file the file
     * @return a channel, owned by the caller
     */
    FileChannel open(Path file) throws IOException;
}
