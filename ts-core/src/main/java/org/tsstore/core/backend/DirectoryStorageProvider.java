package org.tsstore.core.backend;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageOptions;

/**
 * A provider whose stores are directories: {@code scheme:/absolute/dir} or {@code scheme:relative/dir}.
 *
 * <p>{@link #open(Path, Map)} opens a directory given as a {@link Path}, of any file system: every file of
 * the store is reached from that path, so a test can put the store on a simulated file system (the
 * testkit's power-loss simulation does) without the backend knowing.
 */
public abstract class DirectoryStorageProvider extends AbstractStorageProvider {

    /**
     * For subclasses.
     *
     * @param scheme the URI scheme, in lower case
     * @param description a one-line description for listings
     * @param optionNames the options the backend understands
     */
    protected DirectoryStorageProvider(String scheme, String description, Set<String> optionNames) {
        super(scheme, description, optionNames);
    }

    @Override
    protected final StorageManager open(URI location, StorageOptions options) {
        return open(StorageOptions.path(location), options);
    }

    /**
     * Opens (creating if needed) the store in a directory.
     *
     * @param directory the store's directory, on any file system
     * @param options the options, checked against {@link #optionNames()}
     * @return an open manager, owned by the caller
     * @throws IllegalArgumentException if an option is unknown or invalid
     * @throws org.tsstore.api.StorageException if the store cannot be opened
     */
    public final StorageManager open(Path directory, Map<String, String> options) {
        Objects.requireNonNull(directory, "directory");
        return open(directory, StorageOptions.of(scheme(), options, optionNames()));
    }

    /**
     * Opens the store in a directory with checked options.
     *
     * @param directory the store's directory
     * @param options the checked options
     * @return an open manager, owned by the caller
     */
    protected abstract StorageManager open(Path directory, StorageOptions options);

    /**
     * The location URI of a directory on the default file system, as {@link #open(URI, Map)} takes it.
     *
     * @param directory the directory
     * @return {@code scheme:/absolute/path}
     */
    public final URI location(Path directory) {
        return URI.create(scheme() + ":" + directory.toAbsolutePath().toUri().getRawPath());
    }
}
