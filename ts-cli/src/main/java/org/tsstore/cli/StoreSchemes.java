package org.tsstore.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The store schemes the command carries, each with an example, for {@code --help} and for messages that
 * tell how to write a location. Kept as text rather than asked of the backends, so that help costs no
 * backend loading; a test checks that every installed backend is listed here.
 */
final class StoreSchemes {

    /** One scheme: its name, an example location and what it is. */
    record Scheme(String name, String example, String what) {}

    /** Every scheme of the backends in the command's jar, in the order help lists them. */
    static final List<Scheme> ALL = List.of(
            new Scheme("mmap", "mmap:./tsdata", "log-structured segments in a directory, read in place (the default)"),
            new Scheme("file", "file:/var/lib/ts", "one numpy .npy file per series in a directory"),
            new Scheme("memory", "memory:scratch", "in this process only: the store ends with the command"),
            new Scheme("redis", "redis://localhost:6379/0", "a Redis server; ?passwordFile=FILE for a password"),
            new Scheme("rediss", "rediss://cache.example:6380/0", "a Redis server over TLS"),
            new Scheme("redis-cluster", "redis-cluster://10.0.0.5:7000,10.0.0.6:7000",
                    "a Redis Cluster, by its seed nodes"));

    private StoreSchemes() {}

    /**
     * An example location of a scheme.
     *
     * @param scheme a scheme, any case
     * @return the example, or {@code scheme:LOCATION} for a scheme not listed
     */
    static String example(String scheme) {
        for (Scheme s : ALL) {
            if (s.name().equals(scheme.toLowerCase(Locale.ROOT))) {
                return s.example();
            }
        }
        return scheme + ":LOCATION";
    }

    /** The lines of the help's list of stores. */
    static String[] helpLines() {
        List<String> lines = new ArrayList<>();
        int width = ALL.stream().mapToInt(s -> s.example().length()).max().orElse(0);
        for (Scheme s : ALL) {
            lines.add(String.format(Locale.ROOT, "  %-" + width + "s  %s", s.example(), s.what()));
        }
        return lines.toArray(new String[0]);
    }
}
