package org.tsstore.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageOptions;
import org.tsstore.core.backend.OpenMode;

/**
 * How a command opens its store: a command that only reads ({@code ls}, {@code get}, {@code stats},
 * {@code export}, {@code plot}, {@code verify}, the source of {@code copy}) opens it read-only where the backend
 * can ({@code mode=read}: no lock, so it runs beside an application writing the store) and refuses a store that
 * does not exist rather than creating an empty one; a command that writes creates the store when missing.
 */
final class StoreAccess {

    /**
     * The schemes whose backends open a store read-only with {@code mode=read}, beside a live writer: the one
     * place that says which do.
     */
    static final Set<String> READ_ONLY_SCHEMES = Set.of("mmap", "file");

    /** The schemes whose location is a directory, which a command that only reads never creates. */
    static final Set<String> DIRECTORY_SCHEMES = Set.of("file", "mmap");

    /** Whether a command reads only or also writes. */
    enum Mode {
        /** Reads only: opened read-only where the backend can, and never created. */
        READ,
        /** Writes: opened for writing, created when missing. */
        WRITE
    }

    private StoreAccess() {}

    /**
     * Opens a store for a command.
     *
     * @param uri the location
     * @param option the option or variable it came from, for messages
     * @param mode whether the command only reads
     * @return the open store, owned by the caller
     * @throws InvalidDataException if a command that only reads names a directory store that does not exist
     */
    static StorageManager open(String uri, String option, Mode mode) {
        if (mode == Mode.WRITE) {
            return StoreLocations.open(uri, option, Map.of());
        }
        URI location = StoreLocations.parse(uri, option);
        String scheme = location.getScheme().toLowerCase(Locale.ROOT);
        if (DIRECTORY_SCHEMES.contains(scheme)) {
            Path dir = directory(location);
            if (dir != null && !Files.isDirectory(dir)) {
                throw new InvalidDataException(option + " " + StoreLocations.shown(uri) + ": no store there ("
                        + (Files.exists(dir) ? dir + " is not a directory" : "no directory " + dir)
                        + "); a command that only reads never creates one");
            }
        }
        boolean readOnly = READ_ONLY_SCHEMES.contains(scheme) && !modeGiven(location);
        return StoreLocations.open(uri, option, readOnly ? Map.of(OpenMode.OPTION, "read") : Map.of());
    }

    /** Whether the store of a location lives only in this process, so that it ends with the command. */
    static boolean endsWithProcess(String uri) {
        return uri.regionMatches(true, 0, "memory:", 0, "memory:".length());
    }

    private static Path directory(URI location) {
        try {
            return StorageOptions.path(location);
        } catch (IllegalArgumentException e) {
            return null; // the backend's own open says what is wrong with the location
        }
    }

    /**
     * Whether the location already says {@code mode=...}: then the user's choice stands. Asked of the query
     * string alone (the backend checks names and values), so that no backend need be loaded to ask; a malformed
     * query is left to the backend's open to report.
     */
    private static boolean modeGiven(URI location) {
        try {
            return StorageOptions.query(location).containsKey(OpenMode.OPTION);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
