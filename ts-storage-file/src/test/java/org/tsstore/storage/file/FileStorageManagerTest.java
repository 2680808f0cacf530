package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tsstore.storage.file.StoreFixtures.series;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.Durability;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.api.spi.StorageManagerProvider;
import org.tsstore.core.AbstractSizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;

/** What the contract does not cover: files on disk, options, the provider, the index's upkeep. */
class FileStorageManagerTest {

    @TempDir
    Path dir;

    @Test
    void eachSeriesIsOneNpyFileAsNumpyWritesIt() throws IOException {
        ArrayTimeSeries s = series(777, 3);
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", s);
            Path file = m.fileOf("a");
            assertEquals(dir.resolve("series").resolve(file.getParent().getFileName()).resolve("61.npy"), file);
            assertArrayEquals(NpyModel.stored(s.times(), s.values()), Files.readAllBytes(file));
            try (Stream<Path> all = Files.walk(dir)) {
                List<String> names = all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
                        .sorted().collect(Collectors.toList());
                assertEquals(List.of("index.journal", dir.relativize(file).toString(), "tsstore.lock"), names,
                        "no temporary file is left, and a new store has no snapshot before its first fold");
            }
            m.flush();
            assertTrue(Files.exists(dir.resolve("index.snapshot")));
        }
    }

    @Test
    void storeReturnsAnImmutableHeapSeriesWithoutCopyingOne() {
        ArrayTimeSeries s = series(10, 1);
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertSame(s, m.store("a", s), "an ArrayTimeSeries is already immutable and checked");
            SizedContainerTimeSeries foreign = new AbstractSizedContainerTimeSeries() {
                @Override
                public int size() {
                    return 2;
                }

                @Override
                public double time(int index) {
                    return index;
                }

                @Override
                public double value(int index) {
                    return -index;
                }
            };
            SizedContainerTimeSeries stored = m.store("b", foreign);
            assertTrue(stored instanceof ArrayTimeSeries);
            assertEquals(foreign, stored);
            assertEquals(foreign, m.get("b"));
        }
    }

    /** Every id, however hostile, becomes a file inside the series directory named in hex only. */
    @Test
    void hostileIdsStayInsideTheDirectory() throws IOException {
        List<String> ids = List.of("..", "../..", "a/b", "/etc/passwd", "..\\x", "CON", "con", "NUL", "x.", " ",
                "\u00e9", "e\u0301", "\ud83d\ude00", "a".repeat(255), "\u4e2d".repeat(85), "*?<>|:\"");
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            for (int i = 0; i < ids.size(); i++) {
                m.store(ids.get(i), series(i + 1, i));
            }
            for (int i = 0; i < ids.size(); i++) {
                assertEquals(series(i + 1, i), m.get(ids.get(i)));
            }
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path rel = dir.relativize(p);
                assertTrue(p.normalize().startsWith(dir), p.toString());
                if (rel.startsWith("series") && rel.getNameCount() > 1) {
                    for (Path part : rel.subpath(1, rel.getNameCount())) {
                        assertTrue(part.toString().matches("[0-9a-f]{1,200}(\\.npy)?"), part.toString());
                    }
                }
            }
        }
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Set.copyOf(ids), m.ids());
        }
    }

    @Test
    void sizeIsAnsweredFromTheIndexWithoutTheFile() throws IOException {
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", series(42, 1));
            Files.delete(m.fileOf("a"));
            assertEquals(42, m.size("a"));
            assertThrows(NoSuchSeriesException.class, () -> m.size("b"));
        }
    }

    @Test
    void getReadsTheFileWhenTheCacheHasNoRoom() throws IOException {
        ArrayTimeSeries big = series(5000, 1);
        try (FileStorageManager m = FileStorageManager.open(dir, Map.of("cacheBytes", "1k"))) {
            m.store("big", big);
            Files.write(m.fileOf("big"), new byte[] {1, 2, 3});
            StorageException e = assertThrows(StorageException.class, () -> m.get("big"), "not served from a cache");
            assertTrue(e.getMessage().contains("too short"), e.getMessage());
        }
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("small", series(3, 1));
            Files.delete(m.fileOf("small"));
            assertEquals(series(3, 1), m.get("small"), "what store wrote is cached");
        }
    }

    @Test
    void optionsAreCheckedAndUnknownOnesRefused() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> FileStorageManager.open(dir, Map.of("durabilty", "sync")));
        assertTrue(unknown.getMessage().contains("durabilty") && unknown.getMessage().contains("cacheBytes"),
                unknown.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> FileStorageManager.open(dir, Map.of("durability", "fast")));
        assertTrue(bad.getMessage().contains("fast") && bad.getMessage().contains("sync"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FileStorageManager.open(dir, Map.of("cacheBytes", "-1")));
        try (FileStorageManager m = FileStorageManager.open(dir, Map.of("durability", "SYNC", "cacheBytes", "16m"))) {
            assertEquals(Durability.SYNC, m.durability());
        }
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertEquals(Durability.OS, m.durability());
        }
    }

    @Test
    void theProviderIsFoundByServiceLoaderAndReadsTheUri() throws IOException {
        StorageManagerProvider provider = null;
        for (StorageManagerProvider p : ServiceLoader.load(StorageManagerProvider.class)) {
            if (p.scheme().equals("file")) {
                provider = p;
            }
        }
        assertTrue(provider instanceof FileStorageManagerProvider);
        assertEquals(Set.of("durability", "cacheBytes", "mode"), provider.optionNames());
        assertEquals("file", provider.defaultLocation().getScheme());
        Path nested = dir.resolve("x").resolve("y");
        try (StorageManager m = provider.open(URI.create(nested.toUri() + "?durability=sync"), Map.of())) {
            assertEquals(Durability.SYNC, ((FileStorageManager) m).durability());
            assertEquals(nested, ((FileStorageManager) m).directory());
            m.store("a", series(1, 1));
        }
        assertTrue(Files.isDirectory(nested.resolve("series")));
        try (StorageManager m = provider.open(URI.create("file:" + nested), Map.of("cacheBytes", "0"))) {
            assertEquals(series(1, 1), m.get("a"));
        }
        StorageManagerProvider p = provider;
        assertThrows(IllegalArgumentException.class,
                () -> p.open(URI.create("file:" + nested + "?durability=os"), Map.of("durability", "os")));
        assertThrows(IllegalArgumentException.class, () -> p.open(URI.create("mmap:" + nested), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> p.open(URI.create("file:" + nested + "?x=1"), Map.of()));
    }

    @Test
    void relativeLocationsAreRelativeToTheWorkingDirectory() throws IOException {
        Path relative = Path.of("target", "relative-store-" + System.nanoTime());
        try {
            try (StorageManager m = new FileStorageManagerProvider().open(URI.create("file:" + relative), Map.of())) {
                assertEquals(relative.toAbsolutePath(), ((FileStorageManager) m).directory());
            }
            assertTrue(Files.isDirectory(relative.resolve("series")));
        } finally {
            TestFiles.deleteRecursively(relative);
        }
    }

    @Test
    void flushForcesEverythingAndFoldsTheJournal() throws IOException {
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            Map<String, ArrayTimeSeries> model = new HashMap<>();
            for (int i = 0; i < 50; i++) {
                model.put("s" + i, series(i, i));
                m.store("s" + i, series(i, i));
            }
            m.delete("s7");
            model.remove("s7");
            Journal.Contents before = Journal.read(dir.resolve(Journal.FILE_NAME));
            assertEquals(51, before.records().size());
            m.flush();
            Journal.Contents after = Journal.read(dir.resolve(Journal.FILE_NAME));
            assertEquals(List.of(), after.records());
            assertEquals(before.generation() + 1, after.generation());
            IndexSnapshot.Contents snapshot = IndexSnapshot.read(dir.resolve(IndexSnapshot.FILE_NAME));
            assertEquals(after.generation(), snapshot.generation());
            assertEquals(model.keySet(), snapshot.entries().keySet());
            m.store("later", series(2, 2));
            assertEquals(1, Journal.read(dir.resolve(Journal.FILE_NAME)).records().size());
        } catch (SeriesFileException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void compactRemovesDirectoriesLeftByLongIds() throws IOException {
        String longId = "y".repeat(150);
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store(longId, series(3, 1));
            Path continuation = m.fileOf(longId).getParent();
            assertEquals(3, dir.resolve("series").relativize(m.fileOf(longId)).getNameCount());
            m.delete(longId);
            assertTrue(Files.isDirectory(continuation));
            m.compact();
            assertFalse(Files.exists(continuation));
            assertTrue(Files.isDirectory(continuation.getParent()), "the shard stays");
            m.store(longId, series(4, 1));
            assertEquals(series(4, 1), m.get(longId));
        }
    }

    @Test
    void aShardDirectoryRemovedUnderTheStoreIsMadeAgain() throws IOException {
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", series(3, 1));
            m.delete("a");
            Files.delete(m.fileOf("a").getParent());
            m.store("a", series(5, 1));
            assertEquals(series(5, 1), m.get("a"));
        }
    }

    @Test
    void newIdsAreFreshAndValid() {
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            String id = m.newId();
            assertFalse(m.contains(id));
            m.store(id, series(1, 1));
            assertTrue(m.contains(id));
            assertFalse(m.newId().equals(id));
        }
    }

    @Test
    void aFailedStoreLeavesTheOldSeries() throws IOException {
        Path tmp;
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            m.store("a", series(3, 1));
            tmp = SeriesPaths.temporary(m.fileOf("a"));
            // A directory where the temporary file must go: the write fails, and so does removing it.
            Files.createDirectories(tmp.resolve("x"));
            StorageException e = assertThrows(StorageException.class, () -> m.store("a", series(9, 9)));
            assertTrue(e.getMessage().contains("\"a\"") && e.getMessage().contains(tmp.toString()), e.getMessage());
            assertEquals(series(3, 1), m.get("a"));
        }
        try (FileStorageManager m = FileStorageManager.open(dir, Map.of("cacheBytes", "0"))) {
            assertEquals(List.of(Repair.Kind.FILE_IGNORED), m.repairs().stream().map(Repair::kind)
                    .collect(Collectors.toList()));
            assertEquals(series(3, 1), m.get("a"));
            assertTrue(m.verify().isClean());
            TestFiles.deleteRecursively(tmp);
            m.store("a", series(9, 9));
            assertEquals(series(9, 9), m.get("a"));
        }
    }

    @Test
    void invalidSeriesAreRefusedBeforeAnythingIsWritten() throws IOException {
        try (FileStorageManager m = FileStorageManager.open(dir)) {
            assertThrows(IllegalArgumentException.class, () -> m.store("a", ArrayTimeSeriesWithBadTimes.INSTANCE));
            assertFalse(m.contains("a"));
            assertFalse(Files.exists(m.fileOf("a")));
            assertFalse(Files.exists(SeriesPaths.temporary(m.fileOf("a"))));
        }
    }

    /** A foreign series whose times go backwards. */
    private static final class ArrayTimeSeriesWithBadTimes extends AbstractSizedContainerTimeSeries {
        static final ArrayTimeSeriesWithBadTimes INSTANCE = new ArrayTimeSeriesWithBadTimes();

        @Override
        public int size() {
            return 3;
        }

        @Override
        public double time(int index) {
            return -index;
        }

        @Override
        public double value(int index) {
            return 0;
        }
    }
}
