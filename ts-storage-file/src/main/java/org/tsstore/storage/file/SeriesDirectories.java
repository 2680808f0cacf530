package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import org.tsstore.core.backend.DirectorySync;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The directories under {@code series/}: made on first use (and, with {@code sync} durability, their
 * parents forced so that the new entry survives a power loss), remembered so that a store checks for its
 * directory once, and pruned by {@code compact} when long ids leave them empty.
 */
final class SeriesDirectories {

    private final Path root;
    private final boolean sync;
    private final UnforcedWrites unforced;
    private final Set<Path> known = ConcurrentHashMap.newKeySet();

    SeriesDirectories(Path root, boolean sync, UnforcedWrites unforced) {
        this.root = root;
        this.sync = sync;
        this.unforced = unforced;
    }

    /** Makes sure a directory under the root exists. */
    void ensure(Path dir) throws IOException {
        if (known.contains(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            for (Path p = dir.getParent(); p != null && p.startsWith(root); p = p.getParent()) {
                if (sync) {
                    DirectorySync.force(p);
                } else {
                    unforced.changed(p);
                }
            }
        }
        known.add(dir);
    }

    /** Forgets a directory that was removed behind the store's back, so that {@link #ensure} makes it again. */
    void forget(Path dir) {
        known.remove(dir);
    }

    /** Removes the empty continuation directories in every shard; the caller excludes writers meanwhile. */
    void prune() throws IOException {
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(root)) {
            for (Path shard : shards) {
                if (Files.isDirectory(shard, LinkOption.NOFOLLOW_LINKS)) {
                    pruneEmpty(shard, false);
                }
            }
        }
    }

    private boolean pruneEmpty(Path dir, boolean removable) throws IOException {
        boolean empty = true;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                boolean seriesFile = name.endsWith(SeriesPaths.SUFFIX) || name.endsWith(SeriesPaths.TEMPORARY_SUFFIX);
                if (!seriesFile && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && pruneEmpty(p, true)) {
                    continue;
                }
                empty = false;
            }
        }
        if (empty && removable) {
            Files.delete(dir);
            known.remove(dir);
            unforced.gone(dir);
            unforced.changed(dir.getParent());
            return true;
        }
        return false;
    }
}
