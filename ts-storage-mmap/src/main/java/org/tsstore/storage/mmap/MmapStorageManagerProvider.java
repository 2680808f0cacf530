package org.tsstore.storage.mmap;

import com.google.auto.service.AutoService;
import java.net.URI;
import java.nio.file.Path;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.api.spi.StorageOptions;
import org.tsstore.core.backend.DirectoryStorageProvider;

/**
 * The {@code mmap} scheme: {@code mmap:/path/to/dir} or {@code mmap:relative/dir}, with the options
 * {@code durability}, {@code verifyReads}, {@code compactAt}, {@code segmentBytes}, {@code mode} and
 * {@code codec} in the query string or the options map (see {@link MmapStorageManager}). {@code codec=compressed}
 * stores ts-codec blocks instead of raw float64 (a store holds one codec and refuses to open with the other). {@code mode=read} opens the directory
 * read-only beside a live writer (no lock, nothing written, every write refused; see the module README).
 */
@AutoService(StorageManagerProvider.class)
public final class MmapStorageManagerProvider extends DirectoryStorageProvider {

    /** The scheme this provider answers to. */
    public static final String SCHEME = "mmap";

    /** For {@link java.util.ServiceLoader}. */
    public MmapStorageManagerProvider() {
        super(SCHEME, "log-structured segments read in place through memory mappings (mmap:/path/to/dir)",
                MmapConfig.NAMES);
    }

    /**
     * Where this backend stores when the user names no location: the directory {@code .tsstore/mmap} in
     * the user's home directory.
     *
     * @return an {@code mmap:} URI of that directory
     */
    @Override
    public URI defaultLocation() {
        return location(Path.of(System.getProperty("user.home"), ".tsstore", "mmap"));
    }

    @Override
    protected StorageManager open(Path directory, StorageOptions options) {
        MmapConfig config = MmapConfig.parse(options);
        if (config.compressed) {
            return CompressedStore.open(directory, config);
        }
        if (config.readOnly) {
            StoreCodec.check(directory, false);
            return ReadOnlyStore.open(directory, config);
        }
        return MmapStorageManager.open(directory, config);
    }
}
