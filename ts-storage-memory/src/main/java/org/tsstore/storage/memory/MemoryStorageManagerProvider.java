package org.tsstore.storage.memory;

import com.google.auto.service.AutoService;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.api.spi.StorageOptions;
import org.tsstore.core.backend.AbstractStorageProvider;

/**
 * The {@code memory} scheme: in-memory stores that last while they are open.
 *
 * <ul>
 *   <li>{@code memory:name} opens the store of that name, shared by every manager opened on the same
 *       name in this JVM (the name is case-sensitive and may be percent-encoded); the store and its
 *       series are dropped when the last manager on it is closed, as with H2's {@code mem:name};</li>
 *   <li>a location with an empty name, {@code memory:?}, opens a new private store each time.</li>
 * </ul>
 * Hierarchical forms such as {@code memory://host/x} or {@code memory:/x} are refused rather than guessed at.
 * The backend takes no options.
 */
@AutoService(StorageManagerProvider.class)
public final class MemoryStorageManagerProvider extends AbstractStorageProvider {

    /** The scheme. */
    public static final String SCHEME = "memory";

    /** For {@link java.util.ServiceLoader}. */
    public MemoryStorageManagerProvider() {
        super(SCHEME, "in-memory stores on the heap, shared by name within the JVM while open (memory:name)",
                Set.of());
    }

    /**
     * The store used when nothing else is chosen: the named store {@code memory:default}, shared in the JVM.
     *
     * @return {@code memory:default}
     */
    @Override
    public URI defaultLocation() {
        return URI.create("memory:default");
    }

    @Override
    protected StorageManager open(URI location, StorageOptions options) {
        if (!location.isOpaque()) {
            throw new IllegalArgumentException("memory location " + location + " names a host or a path; write "
                    + "memory:name for a store shared by name, or memory:? for a private one");
        }
        String name = name(location);
        return name.isEmpty() ? new MemoryStorageManager() : MemoryStorageManager.openNamed(name);
    }

    /** The name: the scheme-specific part without the query, percent-decoded. */
    private static String name(URI location) {
        String raw = location.getRawSchemeSpecificPart();
        int q = raw.indexOf('?');
        String name = q >= 0 ? raw.substring(0, q) : raw;
        return URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
