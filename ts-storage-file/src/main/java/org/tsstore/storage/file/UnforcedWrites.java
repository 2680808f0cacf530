package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.tsstore.core.backend.DirectorySync;

/**
 * With {@code os} durability, what {@code flush} must force to the device: the files written and the
 * directories changed since the last flush. Only so many ids are remembered; past that, flush forces
 * every stored file, so that memory stays bounded however much is written between flushes.
 */
final class UnforcedWrites {

    /** How many written ids are remembered before flush forces every file instead. */
    static final int MAX_IDS = 1 << 16;

    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final Set<Path> directories = ConcurrentHashMap.newKeySet();
    private volatile boolean overflow;

    /** Notes a file written under an id, in a directory. */
    void written(String id, Path directory) {
        if (!overflow && ids.add(id) && ids.size() > MAX_IDS) {
            overflow = true;
            ids.clear();
        }
        directories.add(directory);
    }

    /** Notes a file removed from a directory. */
    void removed(String id, Path directory) {
        ids.remove(id);
        directories.add(directory);
    }

    /** Notes a directory whose entries changed (one created in it, say). */
    void changed(Path directory) {
        directories.add(directory);
    }

    /** Forgets a directory that no longer exists. */
    void gone(Path directory) {
        directories.remove(directory);
    }

    /**
     * Forces everything noted; the caller excludes writers meanwhile.
     *
     * @param allIds every stored id, for when too many were written to remember
     * @param fileOf the file of an id
     */
    void force(Set<String> allIds, Function<String, Path> fileOf) throws IOException {
        for (String id : overflow ? allIds : ids) {
            Path file = fileOf.apply(id);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(true);
            } catch (NoSuchFileException e) {
                // missing: reported by get and verify
            }
            directories.add(file.getParent());
        }
        ids.clear();
        overflow = false;
        for (Path dir : List.copyOf(directories)) {
            try {
                DirectorySync.force(dir);
            } catch (NoSuchFileException e) {
                // pruned since
            }
            directories.remove(dir);
        }
    }
}
