package org.tsstore.testkit.reliability.powerloss;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The files and directories of a store directory: one state a power loss may leave
 * ({@link PowerLossStates}), or what a real directory holds ({@link #read}). Paths are relative to the
 * directory, with {@code /} separators. Immutable, as long as no one changes the arrays it hands out.
 */
public final class PowerLossState {

    private final SortedMap<String, byte[]> files;
    private final SortedSet<String> directories;
    private final List<String> choices;

    PowerLossState(SortedMap<String, byte[]> files, SortedSet<String> directories, List<String> choices) {
        this.files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
        this.directories = Collections.unmodifiableSortedSet(new TreeSet<>(directories));
        this.choices = List.copyOf(choices);
    }

    /**
     * What a real directory holds now.
     *
     * @param directory a directory of the default file system
     * @return its files and directories, with no choices
     * @throws IOException if it cannot be read
     */
    public static PowerLossState read(Path directory) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        SortedSet<String> dirs = new TreeSet<>();
        List<Path> all;
        try (Stream<Path> walk = Files.walk(directory)) {
            all = walk.filter(p -> !p.equals(directory)).collect(Collectors.toList());
        }
        for (Path p : all) {
            String name = relative(directory, p);
            if (Files.isDirectory(p)) {
                dirs.add(name);
            } else {
                files.put(name, Files.readAllBytes(p));
            }
        }
        return new PowerLossState(files, dirs, List.of());
    }

    private static String relative(Path root, Path p) {
        List<String> names = new ArrayList<>();
        root.relativize(p).forEach(n -> names.add(n.toString()));
        return String.join("/", names);
    }

    /**
     * The files, by path.
     *
     * @return an unmodifiable sorted map; the arrays must not be changed
     */
    public SortedMap<String, byte[]> files() {
        return files;
    }

    /**
     * The directories, by path, not counting the store directory itself.
     *
     * @return an unmodifiable sorted set
     */
    public SortedSet<String> directories() {
        return directories;
    }

    /**
     * What the power loss did, in words: which unforced changes it dropped or tore, which directory changes
     * it undid. Empty for a state where nothing was lost, and for {@link #read}.
     *
     * @return an unmodifiable list
     */
    public List<String> choices() {
        return choices;
    }

    /**
     * Writes the state into a directory.
     *
     * @param directory an existing, empty directory of the default file system
     * @throws IOException if it cannot be written
     * @throws IllegalArgumentException if the directory is not empty
     */
    public void writeTo(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            checkArgument(entries.findAny().isEmpty(), "%s is not empty", directory);
        }
        for (String d : directories) {
            Files.createDirectories(directory.resolve(d));
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = directory.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
    }

    /**
     * How this state differs from another, for a test or a message.
     *
     * @param other another state
     * @return one line per path that is missing from one of them or has other bytes; empty if they hold the
     *     same
     */
    public List<String> differences(PowerLossState other) {
        List<String> out = new ArrayList<>();
        SortedSet<String> allDirs = new TreeSet<>(directories);
        allDirs.addAll(other.directories);
        for (String d : allDirs) {
            if (directories.contains(d) != other.directories.contains(d)) {
                out.add("directory " + d + (directories.contains(d) ? " only here" : " only there"));
            }
        }
        SortedSet<String> allFiles = new TreeSet<>(files.keySet());
        allFiles.addAll(other.files.keySet());
        for (String f : allFiles) {
            byte[] a = files.get(f);
            byte[] b = other.files.get(f);
            if (a == null || b == null) {
                out.add("file " + f + (a != null ? " only here" : " only there"));
            } else if (!Arrays.equals(a, b)) {
                out.add("file " + f + ": " + a.length + " bytes here, " + b.length + " there, first difference at "
                        + Arrays.mismatch(a, b));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "PowerLossState[" + files.size() + " files, " + directories.size() + " directories"
                + (choices.isEmpty() ? "" : ", " + choices.size() + " losses") + "]";
    }
}
