package org.tsstore.storage.file;

import com.google.auto.service.AutoService;
import java.net.URI;
import java.nio.file.Path;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.api.spi.StorageOptions;
import org.tsstore.core.backend.DirectoryStorageProvider;
import org.tsstore.core.backend.OpenMode;

/**
 * The {@code file} backend for {@link java.util.ServiceLoader}: {@code file:/absolute/dir} or
 * {@code file:relative/dir}, with the options {@code durability} ({@code os} or {@code sync}) and
 * {@code cacheBytes} (for example {@code file:/data/ts?durability=sync&cacheBytes=256m}). Opens a
 * {@link FileStorageManager}; with {@code mode=read} ({@code file:/data/ts?mode=read}) a read-only store beside
 * a live writer, which takes no lock and writes nothing (its {@code cacheBytes} bounds its cache as well).
 */
@AutoService(StorageManagerProvider.class)
public final class FileStorageManagerProvider extends DirectoryStorageProvider {

    /** Creates the provider; nothing is opened until {@link #open}. */
    public FileStorageManagerProvider() {
        super("file", "one numpy .npy file per series in a directory, with a crash-safe journaled index",
                FileStorageManager.OPTION_NAMES);
    }

    /** {@code file:tsstore-data}: the directory {@code tsstore-data} in the working directory. */
    @Override
    public URI defaultLocation() {
        return URI.create("file:tsstore-data");
    }

    @Override
    protected StorageManager open(Path directory, StorageOptions options) {
        if (OpenMode.of(options) == OpenMode.READ) {
            return ReadOnlyFileStore.open(directory, FileStorageManager.cacheBytes(options));
        }
        return FileStorageManager.open(directory, options);
    }
}
