package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Temporary store directories are new, empty, and gone after the JVM exits. */
class StoreDirectoriesTest {

    @Test
    void directoriesAreNewAndEmpty() throws IOException {
        Path a = StoreDirectories.newDirectory("probe");
        Path b = StoreDirectories.newDirectory("probe");
        assertNotEquals(a, b);
        assertTrue(Files.isDirectory(a) && a.isAbsolute());
        try (var files = Files.list(a)) {
            assertEquals(0, files.count());
        }
        assertTrue(a.getFileName().toString().contains("probe"));
    }

    @Test
    void aPrefixWithASeparatorIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> StoreDirectories.newDirectory("../escape"));
        assertThrows(IllegalArgumentException.class, () -> StoreDirectories.newDirectory("a\\b"));
    }

    @Test
    void directoriesAreDeletedWithTheirContentsAtExit() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ExitProbe.class.getName())
                .redirectErrorStream(true).start();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, p.waitFor(), String.join("\n", out));
        Path dir = Path.of(out.get(out.size() - 1));
        assertTrue(dir.getFileName().toString().contains("exit-probe"), dir::toString);
        assertFalse(Files.exists(dir), dir + " still exists after the JVM exited");
    }

    /** Makes a directory with nested files and exits, printing its path. */
    static final class ExitProbe {
        public static void main(String[] args) throws IOException {
            Path dir = StoreDirectories.newDirectory("exit-probe");
            Files.createDirectories(dir.resolve("a/b"));
            Files.writeString(dir.resolve("a/b/c.txt"), "x");
            Files.writeString(dir.resolve("top"), "y");
            System.out.println(dir);
        }
    }
}
