package org.tsstore.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.tsstore.api.StorageException;
import org.tsstore.core.backend.DirectorySync;

/**
 * The testkit's directory backend with {@code fsync}: each series file is written to a temporary file,
 * forced, renamed into place, and then (unless {@code forceDirectory} is false, the broken variant) the
 * directory is forced, as is the directory after a delete. With the directory forced, an acknowledged write
 * survives a power loss; without it, the rename of a forced file may be undone.
 */
final class DurableDirectoryStorageManager extends DirectoryStorageManager {

    private final boolean forceDirectory;

    DurableDirectoryStorageManager(Path directory, boolean forceDirectory) {
        super(directory);
        this.forceDirectory = forceDirectory;
    }

    @Override
    void persist(Path file, byte[] bytes) {
        try {
            if (bytes == null) {
                Files.deleteIfExists(file);
            } else {
                Path tmp = directory.resolve(file.getFileName() + ".tmp");
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer b = ByteBuffer.wrap(bytes);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                    ch.force(true);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            if (forceDirectory) {
                DirectorySync.force(directory);
            }
        } catch (IOException e) {
            throw new StorageException("cannot write " + file, e);
        }
    }
}
