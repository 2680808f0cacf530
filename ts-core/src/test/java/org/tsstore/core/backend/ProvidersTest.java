package org.tsstore.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageOptions;
import org.tsstore.core.InMemoryStorageManager;

class ProvidersTest {

    @TempDir
    Path dir;

    /** Records what the skeleton handed over. */
    private static final class Recording extends DirectoryStorageProvider {
        Path directory;
        StorageOptions options;

        Recording() {
            super("rec", "a recording provider", Set.of("a", "b"));
        }

        @Override
        public URI defaultLocation() {
            return URI.create("rec:data");
        }

        @Override
        protected StorageManager open(Path directory, StorageOptions options) {
            this.directory = directory;
            this.options = options;
            return new InMemoryStorageManager();
        }
    }

    @Test
    void theSchemeIsCheckedBeforeAnythingElse() {
        Recording p = new Recording();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.open(URI.create("other:/x?zzz=1"), Map.of()));
        assertEquals("location other:/x?zzz=1 is not a rec: location", e.getMessage());
        assertEquals(null, p.directory);
    }

    @Test
    void optionsFromTheQueryAndTheMapArriveCheckedAndUnknownOnesAreNamed() {
        Recording p = new Recording();
        p.open(URI.create("REC:" + dir.toUri().getRawPath() + "?a=1"), Map.of("b", "2")).close();
        assertEquals(dir, p.directory);
        assertEquals(Map.of("a", "1", "b", "2"), p.options.asMap());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.open(dir, Map.of("c", "3")));
        assertEquals("unknown option c for the rec backend; it understands [a, b]", e.getMessage());
    }

    @Test
    void aDirectoryOpensByPathAndItsLocationReadsBackAsThatPath() {
        Recording p = new Recording();
        p.open(dir, Map.of("a", "x")).close();
        assertEquals(dir, p.directory);
        assertEquals(dir.toAbsolutePath(), StorageOptions.path(p.location(dir)));
    }

    @Test
    void directorySyncForcesADirectoryAndFailsLoudlyOnOneThatIsNotThere() throws IOException {
        DirectorySync.force(dir);
        IOException e = assertThrows(IOException.class, () -> DirectorySync.force(dir.resolve("missing")));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }
}
