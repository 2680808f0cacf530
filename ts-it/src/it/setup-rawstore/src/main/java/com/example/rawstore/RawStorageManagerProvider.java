package com.example.rawstore;

import com.google.auto.service.AutoService;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import org.tsstore.api.Durability;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.api.spi.StorageOptions;
import org.tsstore.core.backend.DirectoryStorageProvider;

/**
 * The {@code raw} scheme: {@code raw:/var/lib/series} or {@code raw:relative/dir?durability=sync}. Found by
 * {@link java.util.ServiceLoader} through the {@code META-INF/services} entry that {@link AutoService}
 * writes at compile time; the toolkit's {@link DirectoryStorageProvider} checks the scheme and the options.
 */
@AutoService(StorageManagerProvider.class)
public final class RawStorageManagerProvider extends DirectoryStorageProvider {

    /** For {@link java.util.ServiceLoader}: cheap, opens nothing. */
    public RawStorageManagerProvider() {
        super("raw", "two files of raw little-endian doubles per series (raw:/path/to/dir)", Set.of("durability"));
    }

    @Override
    public URI defaultLocation() {
        return location(Path.of(System.getProperty("user.home"), ".rawstore"));
    }

    @Override
    protected StorageManager open(Path directory, StorageOptions options) {
        return RawStorageManager.open(directory, options.getEnum("durability", Durability.class, Durability.OS));
    }
}
