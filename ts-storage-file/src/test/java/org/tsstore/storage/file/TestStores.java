package org.tsstore.storage.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * New store directories for tests that make many stores (the contract runs create hundreds), under
 * {@code target/test-stores}: {@code mvn clean} removes them. Unlike the testkit's temporary
 * directories, they are not deleted when the JVM exits, which on a disk mounted with {@code discard}
 * takes longer than surefire waits for a fork to exit.
 */
final class TestStores {

    private TestStores() {}

    static Path newDirectory(String prefix) {
        try {
            Path root = Files.createDirectories(Path.of("target", "test-stores"));
            return Files.createTempDirectory(root, prefix + "-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
