package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tsstore.storage.file.StoreFixtures.series;

import java.io.IOException;
import java.lang.System.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;

/** Stores and deletes across files, index and cache, against a plain map of what should be stored. */
class ChangesTest {

    private static final Logger LOG = System.getLogger(ChangesTest.class.getName());

    @TempDir
    Path dir;

    @Test
    void filesIndexAndCacheFollowTheModel() throws IOException {
        IoBuffers buffers = new IoBuffers(1);
        Map<String, ArrayTimeSeries> model = new HashMap<>();
        Random r = new Random(7);
        try (Index index = Index.open(dir, buffers, false, LOG)) {
            SeriesFiles files = new SeriesFiles(dir, false, buffers, ReadChannels.PLAIN);
            SeriesCache cache = new SeriesCache(1 << 20);
            Changes changes = new Changes(index, files, cache);
            for (int i = 0; i < 200; i++) {
                String id = "id-" + r.nextInt(10);
                if (r.nextInt(3) > 0) {
                    ArrayTimeSeries s = series(r.nextInt(50), i);
                    changes.store(id, s);
                    model.put(id, s);
                    assertSame(s, cache.get(id));
                } else {
                    assertEquals(model.remove(id) != null, changes.delete(id));
                    assertNull(cache.get(id));
                }
            }
            assertEquals(model.keySet(), index.ids());
            for (Map.Entry<String, ArrayTimeSeries> e : model.entrySet()) {
                Path file = files.file(e.getKey());
                ArrayTimeSeries s = e.getValue();
                assertArrayEquals(NpyModel.stored(s.times(), s.values()), Files.readAllBytes(file));
                assertEquals(s.size(), index.get(e.getKey()).points());
                assertFalse(Files.exists(SeriesPaths.temporary(file)));
            }
            for (int k = 0; k < 10; k++) {
                String id = "id-" + k;
                assertEquals(model.containsKey(id), Files.exists(files.file(id)), id);
            }
        }
    }

    @Test
    void aFailedRenameLeavesTheOldSeriesAndJournalsItAgain() throws IOException {
        IoBuffers buffers = new IoBuffers(1);
        ArrayTimeSeries old = series(4, 1);
        try (Index index = Index.open(dir, buffers, false, LOG)) {
            SeriesFiles files = new SeriesFiles(dir, false, buffers, ReadChannels.PLAIN);
            Changes changes = new Changes(index, files, new SeriesCache(0));
            changes.store("a", old);
            IndexEntry before = index.get("a");
            // A directory where the file should be: the rename over it fails.
            Path file = files.file("a");
            Files.delete(file);
            Files.createDirectories(file.resolve("blocker"));
            String m = assertThrows(StorageException.class, () -> changes.store("a", series(9, 2))).getMessage();
            assertTrue(m.startsWith("cannot store series \"a\": renaming "), m);
            assertEquals(before, index.get("a"));
            assertFalse(Files.exists(SeriesPaths.temporary(file)));
        }
        // The journal's last word on "a" is its old entry again.
        Journal.Contents c = Journal.read(dir.resolve(Journal.FILE_NAME));
        Journal.Record last = c.records().get(c.records().size() - 1);
        assertEquals("a", last.id());
        assertEquals(4, last.entry().points());
    }
}
