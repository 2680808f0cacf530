package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Forcing a directory's entries (new, renamed and deleted files) to the device. */
final class Directories {

    private Directories() {}

    /**
     * Forces the directory, where the platform allows it: on Linux and macOS a directory opens for
     * reading and {@code fsync} makes its entries durable; Windows refuses to open one, and needs no such step.
     */
    static void force(Path directory) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(directory, StandardOpenOption.READ);
        } catch (IOException e) {
            return;
        }
        try (ch) {
            ch.force(true);
        }
    }
}
