package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tsstore.storage.file.StoreFixtures.series;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.StorageException;
import org.tsstore.core.ArrayTimeSeries;

/** The life of one series file, against NpyModel's bytes and a CRC-32C computed here. */
class SeriesFilesTest {

    @TempDir
    Path dir;

    private SeriesFiles files(boolean sync) {
        return new SeriesFiles(dir, sync, new IoBuffers(1), ReadChannels.PLAIN);
    }

    @Test
    void stageWritesTheTemporaryFileAndCommitRenamesIt() throws IOException {
        for (boolean sync : new boolean[] {false, true}) {
            SeriesFiles files = files(sync);
            ArrayTimeSeries s = series(300, sync ? 2 : 1);
            String id = "s" + sync;
            SeriesFiles.Staged staged = files.stage(id, s, null);
            assertEquals(SeriesPaths.file(dir, id), staged.file());
            assertEquals(SeriesPaths.temporary(staged.file()), staged.temporary());
            assertFalse(Files.exists(staged.file()));
            byte[] expected = NpyModel.stored(s.times(), s.values());
            assertArrayEquals(expected, Files.readAllBytes(staged.temporary()));
            CRC32C crc = new CRC32C();
            crc.update(expected);
            assertEquals(new IndexEntry(300, expected.length, (int) crc.getValue()), staged.entry());
            files.commit(staged);
            files.committed(id, staged);
            assertFalse(Files.exists(staged.temporary()));
            assertArrayEquals(expected, Files.readAllBytes(staged.file()));
            assertArrayEquals(s.values(), files.read(id, staged.entry()).values());
            assertNull(files.check(id, staged.entry()));
            files.force(Set.of(id));
        }
    }

    @Test
    void discardRemovesAStagedFile() {
        SeriesFiles files = files(false);
        SeriesFiles.Staged staged = files.stage("x", series(5, 1), null);
        files.discard(staged.temporary());
        assertFalse(Files.exists(staged.temporary()));
        files.discard(staged.temporary());
    }

    @Test
    void readAndCheckSayWhatIsWrong() throws IOException {
        SeriesFiles files = files(false);
        SeriesFiles.Staged staged = files.stage("x", series(5, 1), null);
        files.commit(staged);
        IndexEntry other = new IndexEntry(5, staged.entry().fileBytes(), staged.entry().crc() ^ 1);
        String m = assertThrows(StorageException.class, () -> files.read("x", other)).getMessage();
        assertTrue(m.startsWith("series \"x\": the file " + staged.file() + " is damaged: its CRC-32C is"), m);
        assertTrue(files.check("x", other).problem().startsWith("its CRC-32C is"), files.check("x", other).problem());
        files.delete(staged.file());
        files.removed("x", staged.file());
        assertFalse(Files.exists(staged.file()));
        assertEquals("the file is missing, though the index records 5 points", files.check("x", staged.entry()).problem());
        m = assertThrows(StorageException.class, () -> files.read("x", staged.entry())).getMessage();
        assertEquals("cannot read series \"x\": its file " + staged.file() + " is missing, though the index records"
                + " 5 points for it", m);
    }

    @Test
    void aShardDirectoryRemovedUnderTheStoreIsMadeAgain() throws IOException {
        SeriesFiles files = files(false);
        files.commit(files.stage("x", series(5, 1), null));
        Path file = files.file("x");
        Files.delete(file);
        Files.delete(file.getParent());
        SeriesFiles.Staged again = files.stage("x", series(6, 1), null);
        assertTrue(Files.exists(again.temporary()));
    }
}
