package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.System.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The index alone, against a plain {@link HashMap} of what was put and deleted. */
class IndexTest {

    private static final Logger LOG = System.getLogger(IndexTest.class.getName());
    private static final IoBuffers BUFFERS = new IoBuffers(1);

    private static void assertSame(Map<String, IndexEntry> model, Index index) {
        assertEquals(model.keySet(), index.ids());
        for (String id : new String[] {"a", "b", "c", "d", "e", "f", "g", "h"}) {
            assertEquals(model.get(id), index.get(id), id);
            assertEquals(model.containsKey(id), index.contains(id), id);
        }
    }

    private static Map<String, IndexEntry> reopened(Path dir) throws IOException {
        try (Index again = Index.open(dir, BUFFERS, false, LOG)) {
            return copy(again);
        }
    }

    private static Map<String, IndexEntry> copy(Index index) {
        Map<String, IndexEntry> m = new HashMap<>();
        for (String id : index.ids()) {
            m.put(id, index.get(id));
        }
        return m;
    }

    /** Random puts, deletes, undone changes and folds; the map and every reopen agree with the model. */
    @Property(tries = 40)
    void followsTheModelAndSurvivesReopening(@ForAll long seed, @ForAll @IntRange(min = 0, max = 120) int ops,
            @ForAll boolean closeFirst) throws IOException {
        Path dir = Files.createTempDirectory("index");
        try {
            Map<String, IndexEntry> model = new HashMap<>();
            Random r = new Random(seed);
            Index index = Index.open(dir, BUFFERS, r.nextBoolean(), LOG);
            for (int i = 0; i < ops; i++) {
                String id = String.valueOf((char) ('a' + r.nextInt(8)));
                switch (r.nextInt(6)) {
                    case 0: case 1: case 2: {
                        IndexEntry e = new IndexEntry(r.nextInt(1000), 128 + r.nextInt(100_000), r.nextInt());
                        index.logPut(id, e);
                        index.put(id, e);
                        model.put(id, e);
                        break;
                    }
                    case 3:
                        if (model.containsKey(id)) {
                            index.logDelete(id);
                            index.remove(id);
                            model.remove(id);
                        }
                        break;
                    case 4: {
                        // A change journaled but never applied, then undone: the old state stands.
                        IndexEntry previous = model.get(id);
                        index.logPut(id, new IndexEntry(1, 144, 7));
                        index.undo(id, previous, new IOException("rename failed"));
                        break;
                    }
                    default:
                        index.fold();
                        assertFalse(index.hasRecords());
                        break;
                }
                assertSame(model, index);
            }
            if (closeFirst) {
                index.close();
                assertEquals(model, reopened(dir));
            } else {
                // As after a crash: the journal is replayed over the last snapshot.
                assertEquals(model, reopened(dir));
                index.close();
            }
        } finally {
            TestFiles.deleteRecursively(dir);
        }
    }

    @Example
    void aJournaledChangeIsNotInTheMapUntilApplied() throws IOException {
        Path dir = Files.createTempDirectory("index");
        try (Index index = Index.open(dir, BUFFERS, false, LOG)) {
            assertFalse(index.hasRecords());
            assertFalse(index.foldDue());
            IndexEntry e = new IndexEntry(3, 176, 42);
            index.logPut("x", e);
            assertTrue(index.hasRecords());
            assertNull(index.get("x"));
            index.put("x", e);
            assertEquals(e, index.get("x"));
            assertEquals(dir.resolve(Journal.FILE_NAME), index.journalFile());
        } finally {
            TestFiles.deleteRecursively(dir);
        }
    }
}
