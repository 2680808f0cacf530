package org.tsstore.testkit.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tsstore.testkit.DamageSite;

/**
 * A file of a directory store, as a {@link DamageSite}: named by its file name (which a backend's errors
 * mention), and known by its path relative to the store directory (which the file kinds match).
 */
final class FileSite implements DamageSite {

    private final Path path;
    private final String relative;
    private final String kind;

    /**
     * A file of a store.
     *
     * @param path the file
     * @param relative its path relative to the store directory, with {@code /} separators
     * @param kind the file kind it matches, or null if it matches none (it is then never damaged)
     */
    FileSite(Path path, String relative, String kind) {
        this.path = path;
        this.relative = relative;
        this.kind = kind;
    }

    /** The file. */
    Path path() {
        return path;
    }

    /** Its path relative to the store directory, with {@code /} separators. */
    String relative() {
        return relative;
    }

    @Override
    public String name() {
        return path.getFileName().toString();
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public long size() {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public byte[] read() {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void write(byte[] bytes) {
        try {
            Files.write(path, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
