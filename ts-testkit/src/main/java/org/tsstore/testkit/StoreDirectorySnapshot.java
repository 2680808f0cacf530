package org.tsstore.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Every file and directory under a store directory, with each file's length and checksum: taken before and
 * after calls that must change nothing on disk. Also where a backend that used ids as paths would write
 * outside its directory, to prove it did not.
 */
final class StoreDirectorySnapshot {

    private final Path root;
    private final Map<String, String> entries;

    private StoreDirectorySnapshot(Path root, Map<String, String> entries) {
        this.root = root;
        this.entries = entries;
    }

    static StoreDirectorySnapshot of(Path root) {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String name = root.relativize(p).toString().replace('\\', '/');
                if (Files.isDirectory(p)) {
                    entries.put(name + "/", "directory");
                } else {
                    entries.put(name, describe(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the store directory " + root, e);
        }
        return new StoreDirectorySnapshot(root, entries);
    }

    /**
     * A file's length and checksum, read in pieces: a refused call may have grown a file to gigabytes (a
     * sparse one, even), and that must be reported, not take the heap. Past {@link #CHECKSUMMED_BYTES} only
     * the length is kept, which tells such a file from the small one it was.
     */
    private static String describe(Path file) throws IOException {
        long length = Files.size(file);
        if (length > CHECKSUMMED_BYTES) {
            return length + " bytes, too long to checksum";
        }
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
            }
        }
        return length + " bytes, CRC-32C " + Long.toHexString(crc.getValue());
    }

    /** Files longer than this are described by their length alone. */
    private static final long CHECKSUMMED_BYTES = 256L << 20;

    /** What differs from an earlier snapshot, one line per entry; empty if nothing. */
    List<String> changesSince(StoreDirectorySnapshot before) {
        List<String> changes = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(before.entries.keySet());
        names.addAll(entries.keySet());
        for (String name : names) {
            String was = before.entries.get(name);
            String now = entries.get(name);
            if (was == null) {
                changes.add("created " + name + " (" + now + ")");
            } else if (now == null) {
                changes.add("removed " + name + " (was " + was + ")");
            } else if (!was.equals(now)) {
                changes.add("changed " + name + " from " + was + " to " + now);
            }
        }
        return changes;
    }

    /**
     * The paths outside {@code root} that a backend joining {@code root} (or the working directory) and an id
     * would reach: {@code ../x} next to the store, {@code /abs} at the root of the file system.
     */
    static List<Path> escapes(Path root, String id) {
        List<Path> candidates = new ArrayList<>();
        Path absoluteRoot = root.toAbsolutePath().normalize();
        for (String form : new String[] {id, id.replace('\\', '/')}) {
            try {
                for (Path p : new Path[] {absoluteRoot.resolve(form), Path.of("").toAbsolutePath().resolve(form),
                        absoluteRoot.resolve("series").resolve(form)}) {
                    Path n = p.normalize();
                    if (!n.startsWith(absoluteRoot) && n.getFileName() != null) {
                        candidates.add(n);
                    }
                }
            } catch (InvalidPathException e) {
                // not a path on this file system, so no backend can have written there
            }
        }
        return candidates;
    }

    /**
     * The names in the directory of {@code escape} that start with its file name: where an id joined to a
     * directory, perhaps with a suffix such as {@code .npy}, would land.
     */
    static List<String> lookalikes(Path escape) {
        Path parent = escape.getParent();
        Path name = escape.getFileName();
        List<String> found = new ArrayList<>();
        if (parent == null || name == null || !Files.isDirectory(parent)) {
            return found;
        }
        try (Stream<Path> list = Files.list(parent)) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(name.toString())).sorted()
                    .forEach(found::add);
        } catch (IOException e) {
            // an unreadable directory: nothing can be compared there
        }
        return found;
    }

    @Override
    public String toString() {
        return root + ": " + entries.size() + " entries";
    }
}
