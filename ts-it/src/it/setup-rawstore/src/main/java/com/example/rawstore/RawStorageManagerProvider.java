package com.example.rawstore;

import com.google.auto.service.AutoService;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tsstore.api.Durability;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.api.spi.StorageOptions;

/**
 * The {@code raw} scheme: {@code raw:/var/lib/series} or {@code raw:relative/dir?durability=sync}. Found by
 * {@link java.util.ServiceLoader} through the {@code META-INF/services} entry that {@link AutoService}
 * writes at compile time.
 */
@AutoService(StorageManagerProvider.class)
public final class RawStorageManagerProvider implements StorageManagerProvider {

    /** For {@link java.util.ServiceLoader}: cheap, opens nothing. */
    public RawStorageManagerProvider() {}

    @Override
    public String scheme() {
        return "raw";
    }

    @Override
    public String description() {
        return "two files of raw little-endian doubles per series (raw:/path/to/dir)";
    }

    @Override
    public Set<String> optionNames() {
        return Set.of("durability"); // any other option is refused by StorageOptions.of
    }

    @Override
    public URI defaultLocation() {
        Path dir = Path.of(System.getProperty("user.home"), ".rawstore").toAbsolutePath();
        return URI.create(scheme() + ":" + dir.toUri().getRawPath());
    }

    @Override
    public StorageManager open(URI location, Map<String, String> options) {
        Objects.requireNonNull(location, "location");
        if (location.getScheme() == null || !location.getScheme().toLowerCase(Locale.ROOT).equals(scheme())) {
            throw new IllegalArgumentException("location " + location + " is not a raw: URI");
        }
        StorageOptions parsed = StorageOptions.of(location, options, optionNames());
        Durability durability = parsed.getEnum("durability", Durability.class, Durability.OS);
        return RawStorageManager.open(StorageOptions.path(location), durability);
    }
}
