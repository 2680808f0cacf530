package org.tsstore.storage.mmap;

import com.google.auto.service.AutoService;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.api.spi.StorageOptions;

/**
 * The {@code mmap} scheme: {@code mmap:/path/to/dir} or {@code mmap:relative/dir}, with the options
 * {@code durability}, {@code verifyReads}, {@code compactAt} and {@code segmentBytes} in the query string
 * or the options map (see {@link MmapStorageManager}).
 */
@AutoService(StorageManagerProvider.class)
public final class MmapStorageManagerProvider implements StorageManagerProvider {

    /** The scheme this provider answers to. */
    public static final String SCHEME = "mmap";

    /** For {@link java.util.ServiceLoader}. */
    public MmapStorageManagerProvider() {}

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public String description() {
        return "log-structured segments read in place through memory mappings (mmap:/path/to/dir)";
    }

    @Override
    public Set<String> optionNames() {
        return MmapConfig.NAMES;
    }

    /**
     * Where this backend stores when the user names no location: the directory {@code .tsstore/mmap} in
     * the user's home directory.
     *
     * @return an {@code mmap:} URI of that directory
     */
    @Override
    public URI defaultLocation() {
        Path dir = Path.of(System.getProperty("user.home"), ".tsstore", "mmap").toAbsolutePath();
        return URI.create(SCHEME + ":" + dir.toUri().getRawPath());
    }

    @Override
    public StorageManager open(URI location, Map<String, String> options) {
        StorageOptions parsed = StorageOptions.of(location, options, MmapConfig.NAMES);
        if (location.getScheme() == null || !SCHEME.equalsIgnoreCase(location.getScheme())) {
            throw new IllegalArgumentException("location " + location + " is not an " + SCHEME + ": URI");
        }
        return MmapStorageManager.open(StorageOptions.path(location), MmapConfig.parse(parsed));
    }
}
