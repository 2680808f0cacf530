package org.tsstore.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageLocations;
import org.tsstore.core.StorageBackend;
import org.tsstore.core.StorageManagers;

/**
 * Opens stores by URI through {@link StorageManagers}, turning a malformed URI, an unknown scheme or a bad
 * option into a usage error that names the command-line option it came from. A location may carry a
 * password ({@code redis://user:password@host/0}): every message shows it as {@link #shown} does, with the
 * password replaced by {@code ***}.
 */
final class StoreLocations {

    /** The store used when neither {@code --store} nor {@code TSSTORE_URI} names one. */
    static final String DEFAULT_URI = "mmap:./tsdata";

    /** The Java system property naming the default store, before the variable: the library's rule too. */
    static final String PROPERTY = "tsstore.uri";

    /** The environment variable naming the default store. */
    static final String ENV = "TSSTORE_URI";

    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):");


    private StoreLocations() {}

    /**
     * Opens a store.
     *
     * @param uri the location, such as {@code mmap:./tsdata} or {@code file:/var/ts?durability=sync}
     * @param option the command-line option it came from, for messages
     */
    static StorageManager open(String uri, String option) {
        return open(uri, option, Map.of());
    }

    /**
     * Opens a store with options besides those in its location ({@link StoreAccess} adds {@code mode=read}).
     *
     * @param uri the location
     * @param option the command-line option it came from, for messages
     * @param options further options for the backend
     */
    static StorageManager open(String uri, String option, Map<String, String> options) {
        URI location = parse(uri, option);
        try {
            return StorageManagers.open(location, options);
        } catch (IllegalArgumentException e) {
            // the backends are listed only when needed: loading them all is a cost every run would pay
            if (backend(uri).isEmpty()) {
                throw new UsageException(option + " " + shown(uri) + ": no backend for the scheme '"
                        + location.getScheme() + "'; installed: " + installed() + " ('tsstore --version' describes them)");
            }
            throw new UsageException(option + " " + shown(uri) + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            // two backends claiming one scheme: the installation, not the command line, is at fault
            throw new StorageException(option + " " + shown(uri) + ": " + e.getMessage(), e);
        }
    }

    /** A location as messages show it: {@link StorageLocations#shown(String)}. */
    static String shown(String uri) {
        return StorageLocations.shown(uri);
    }

    /**
     * The URI of a location as typed: {@code mmap:./my data} is taken to mean the directory {@code ./my data},
     * so characters a URI may not hold (spaces, for one) are quoted rather than refused.
     */
    static URI parse(String uri, String option) {
        Matcher m = SCHEME.matcher(uri);
        if (!m.lookingAt()) {
            throw new UsageException(option + " " + shown(uri) + " has no scheme; write scheme:path, such as mmap:"
                    + shown(uri) + " (installed schemes: " + installed() + ")");
        }
        try {
            return new URI(uri);
        } catch (URISyntaxException e) {
            if (uri.substring(m.end()).isBlank()) {
                throw new UsageException(option + " " + shown(uri) + " names no store; write " + m.group(1)
                        + ":LOCATION, such as " + StoreSchemes.example(m.group(1)));
            }
            try {
                return new URI(m.group(1), uri.substring(m.end()), null);
            } catch (URISyntaxException again) {
                // the exception's message and the exception itself hold the input, password and all
                throw new UsageException(option + " " + shown(uri) + " is not a valid location ("
                        + PlainMessages.uriReason(again.getReason()) + ")");
            }
        }
    }

    private static String installed() {
        String schemes = StorageManagers.providers().stream().map(StorageBackend::scheme).distinct()
                .collect(Collectors.joining(", "));
        return schemes.isEmpty() ? "none: no backend is on the classpath" : schemes;
    }

    /** The backend of a URI's scheme, if one is installed. */
    static Optional<StorageBackend> backend(String uri) {
        Matcher m = SCHEME.matcher(uri);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        return StorageManagers.providers().stream().filter(b -> b.scheme().equalsIgnoreCase(m.group(1))).findFirst();
    }

    /** One line per installed backend: scheme and description. */
    static List<String> describeProviders() {
        List<String> lines = new ArrayList<>();
        for (StorageBackend b : StorageManagers.providers()) {
            lines.add(b.scheme() + ": " + b.description());
        }
        return lines;
    }
}
