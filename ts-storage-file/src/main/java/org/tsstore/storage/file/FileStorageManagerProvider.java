package org.tsstore.storage.file;

import com.google.auto.service.AutoService;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.api.spi.StorageOptions;

/**
 * The {@code file} backend for {@link java.util.ServiceLoader}: {@code file:/absolute/dir} or
 * {@code file:relative/dir}, with the options {@code durability} ({@code os} or {@code sync}) and
 * {@code cacheBytes} (for example {@code file:/data/ts?durability=sync&cacheBytes=256m}). Opens a
 * {@link FileStorageManager}.
 */
@AutoService(StorageManagerProvider.class)
public final class FileStorageManagerProvider implements StorageManagerProvider {

    /** Creates the provider; nothing is opened until {@link #open}. */
    public FileStorageManagerProvider() {}

    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public String description() {
        return "one numpy .npy file per series in a directory, with a crash-safe journaled index";
    }

    @Override
    public Set<String> optionNames() {
        return FileStorageManager.OPTION_NAMES;
    }

    /** {@code file:tsstore-data}: the directory {@code tsstore-data} in the working directory. */
    @Override
    public URI defaultLocation() {
        return URI.create("file:tsstore-data");
    }

    @Override
    public StorageManager open(URI location, Map<String, String> options) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(options, "options");
        if (location.getScheme() == null || !location.getScheme().toLowerCase(Locale.ROOT).equals(scheme())) {
            throw new IllegalArgumentException("location " + location + " is not a file: location");
        }
        StorageOptions parsed = StorageOptions.of(location, options, FileStorageManager.OPTION_NAMES);
        return FileStorageManager.open(StorageOptions.path(location), parsed);
    }
}
