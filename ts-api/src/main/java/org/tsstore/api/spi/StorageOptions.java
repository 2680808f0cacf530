package org.tsstore.api.spi;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of one {@link StorageManagerProvider#open} call, from the location's query string and the
 * explicit map, checked against the names the backend knows: an unknown option is an error, never
 * silently ignored. Immutable.
 */
public final class StorageOptions {

    private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(?:([kmgt])(?:i?b)?|b)?", Pattern.CASE_INSENSITIVE);

    private final String scheme;
    private final Map<String, String> values;

    private StorageOptions(String scheme, Map<String, String> values) {
        this.scheme = scheme;
        this.values = values;
    }

    /**
     * Gathers and checks the options of an open call.
     *
     * @param location the location, whose query string ({@code ?a=1&b=2}) may hold options
     * @param options options given apart from the location
     * @param known the option names the backend understands
     * @return the options
     * @throws IllegalArgumentException naming an unknown option (and listing the known ones), an option
     *     given twice, or a malformed query string
     */
    public static StorageOptions of(URI location, Map<String, String> options, Set<String> known) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(known, "known");
        String scheme = location.getScheme() == null ? "" : location.getScheme().toLowerCase(Locale.ROOT);
        Map<String, String> all = new TreeMap<>(query(location));
        return merge(scheme, all, options, known, " in the location " + StorageLocations.shown(location) + " and");
    }

    /**
     * The options in a location's query string ({@code ?a=1&b=2}), decoded, without checking their names: for a
     * caller that must know what a location says before choosing a backend (the command line asks whether
     * {@code mode} is given).
     *
     * @param location the location
     * @return the options by name, sorted; empty without a query string
     * @throws IllegalArgumentException for a pair not of the form name=value, or a name given twice
     */
    public static Map<String, String> query(URI location) {
        Objects.requireNonNull(location, "location");
        Map<String, String> all = new TreeMap<>();
        String query = rawQuery(location);
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(
                            "option " + StorageLocations.shown(pair) + " in " + StorageLocations.shown(location) + " is not of the form name=value");
                }
                String name = decode(pair.substring(0, eq));
                if (all.put(name, decode(pair.substring(eq + 1))) != null) {
                    throw new IllegalArgumentException("option " + name + " is given twice in " + StorageLocations.shown(location));
                }
            }
        }
        return all;
    }

    /**
     * Gathers and checks options given without a location, for a store opened by other means (a
     * directory {@link java.nio.file.Path}, say).
     *
     * @param scheme the backend's scheme, for messages
     * @param options the options
     * @param known the option names the backend understands
     * @return the options
     * @throws IllegalArgumentException naming an unknown option and listing the known ones
     */
    public static StorageOptions of(String scheme, Map<String, String> options, Set<String> known) {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(known, "known");
        return merge(scheme.toLowerCase(Locale.ROOT), new TreeMap<>(), options, known, "");
    }

    private static StorageOptions merge(String scheme, Map<String, String> all, Map<String, String> options,
            Set<String> known, String twiceWhere) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "option name");
            String value = Objects.requireNonNull(e.getValue(), () -> "value of option " + name);
            if (all.put(name, value) != null) {
                throw new IllegalArgumentException("option " + name + " is given both" + twiceWhere + " in the options");
            }
        }
        for (String name : all.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name + " for the " + scheme
                        + " backend; it understands " + (known.isEmpty() ? "no options" : new TreeSet<>(known)));
            }
        }
        return new StorageOptions(scheme, Map.copyOf(all));
    }

    /**
     * The location without its query string, as a file-system path: the path of {@code mmap:/data/ts} or
     * {@code mmap:///data/ts}, or the relative path of {@code mmap:data/ts}.
     *
     * @param location a location URI
     * @return the path it names
     * @throws IllegalArgumentException if the location names no path
     */
    public static Path path(URI location) {
        Objects.requireNonNull(location, "location");
        String path;
        if (location.isOpaque()) {
            String ssp = location.getSchemeSpecificPart();
            int q = ssp.indexOf('?');
            path = q >= 0 ? ssp.substring(0, q) : ssp;
        } else {
            if (location.getAuthority() != null && !location.getAuthority().isEmpty()) {
                URI shown = StorageLocations.shown(location);
                throw new IllegalArgumentException("location " + shown + " names a host ("
                        + shown.getRawAuthority() + "); write " + location.getScheme() + ":/absolute/path or "
                        + location.getScheme() + ":relative/path");
            }
            path = location.getPath();
        }
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("location " + StorageLocations.shown(location) + " names no directory");
        }
        return Path.of(path);
    }

    private static String rawQuery(URI location) {
        if (location.isOpaque()) {
            String ssp = location.getRawSchemeSpecificPart();
            int q = ssp.indexOf('?');
            return q >= 0 ? ssp.substring(q + 1) : null;
        }
        return location.getRawQuery();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /**
     * Whether an option was given.
     *
     * @param name the option name
     * @return {@code true} if it was given
     */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * All options given, by name.
     *
     * @return an immutable map
     */
    public Map<String, String> asMap() {
        return values;
    }

    /**
     * A string option.
     *
     * @param name the option name
     * @param defaultValue the value when the option is absent
     * @return the value
     */
    public String getString(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /**
     * A boolean option: {@code true} or {@code false}, in any case.
     *
     * @param name the option name
     * @param defaultValue the value when the option is absent
     * @return the value
     * @throws IllegalArgumentException naming the option and the bad value
     */
    public boolean getBoolean(String name, boolean defaultValue) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(name, v, "true or false");
    }

    /**
     * A whole-number option within a range.
     *
     * @param name the option name
     * @param defaultValue the value when the option is absent
     * @param min the least allowed value
     * @param max the greatest allowed value
     * @return the value
     * @throws IllegalArgumentException naming the option and the bad value
     */
    public long getLong(String name, long defaultValue, long min, long max) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, v, "a whole number from " + min + " to " + max);
        }
        return inRange(name, v, n, min, max);
    }

    /**
     * A size in bytes within a range: a whole number with an optional unit {@code k}, {@code m},
     * {@code g} or {@code t} (powers of 1024; {@code KiB}, {@code MB} and the like are read the same way).
     *
     * @param name the option name
     * @param defaultValue the value when the option is absent
     * @param min the least allowed value
     * @param max the greatest allowed value
     * @return the number of bytes
     * @throws IllegalArgumentException naming the option and the bad value
     */
    public long getBytes(String name, long defaultValue, long min, long max) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        String expected = "a size in bytes from " + min + " to " + max + ", such as 4096, 64k or 16MiB";
        Matcher m = BYTES.matcher(v.trim());
        if (!m.matches()) {
            throw invalid(name, v, expected);
        }
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = unit.isEmpty() ? 0 : 10 * ("kmgt".indexOf(unit.charAt(0)) + 1);
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw invalid(name, v, expected);
        }
        if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
            throw invalid(name, v, expected);
        }
        return inRange(name, v, n << shift, min, max);
    }

    /**
     * A fraction option within a range.
     *
     * @param name the option name
     * @param defaultValue the value when the option is absent
     * @param min the least allowed value
     * @param max the greatest allowed value
     * @return the value
     * @throws IllegalArgumentException naming the option and the bad value
     */
    public double getDouble(String name, double defaultValue, double min, double max) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, v, "a number from " + min + " to " + max);
        }
        if (!(d >= min && d <= max)) {
            throw invalid(name, v, "a number from " + min + " to " + max);
        }
        return d;
    }

    /**
     * An option naming a constant of an enum, matched case-insensitively.
     *
     * @param <E> the enum type
     * @param name the option name
     * @param type the enum class
     * @param defaultValue the value when the option is absent
     * @return the constant
     * @throws IllegalArgumentException naming the option, the bad value and the allowed ones
     */
    public <E extends Enum<E>> E getEnum(String name, Class<E> type, E defaultValue) {
        Objects.requireNonNull(type, "type");
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        Set<String> allowed = new TreeSet<>();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.trim())) {
                return e;
            }
            allowed.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw invalid(name, v, "one of " + allowed);
    }

    private long inRange(String name, String raw, long n, long min, long max) {
        if (n < min || n > max) {
            throw invalid(name, raw, "a value from " + min + " to " + max);
        }
        return n;
    }

    private IllegalArgumentException invalid(String name, String value, String expected) {
        return new IllegalArgumentException("option " + name + " of the " + scheme + " backend is " + value
                + "; it must be " + expected);
    }

    @Override
    public String toString() {
        return scheme + " options " + new TreeMap<>(values);
    }
}
