package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tsstore.testkit.StoreDirectories;

/** {@link SegmentHeader} on hand-written header bytes (FORMAT.md, "Segment file"). */
class SegmentHeaderTest {

    private static SegmentHeader read(byte[] bytes) throws IOException {
        Path file = StoreDirectories.newDirectory("mmap-segment-header").resolve("0000000001.seg");
        Files.write(file, bytes);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return SegmentHeader.read(ch);
        }
    }

    /** "TSMMSEG\0", version 2, witness 7 (a record ending at 56), then a record's first bytes. */
    private static byte[] valid() {
        byte[] b = Arrays.copyOf(RecordModel.segmentHeader(), 24);
        b[12] = 7;
        b[16] = 'T';
        return b;
    }

    @Test
    void aWrittenHeaderIsValidAndGivesItsWitness() throws IOException {
        SegmentHeader h = read(valid());
        assertTrue(h.complete());
        assertTrue(h.hasMagic());
        assertTrue(h.valid());
        assertFalse(h.zero());
        assertEquals(2, h.version());
        assertEquals(7, h.witness());
    }

    @Test
    void zeroHeadersOfAnyLengthAreLost() throws IOException {
        for (int length : new int[] {0, 5, 16, 100}) {
            SegmentHeader h = read(new byte[length]);
            assertTrue(h.zero(), length + " zero bytes");
            assertFalse(h.valid(), length + " zero bytes");
            assertEquals(length >= 16, h.complete(), length + " zero bytes");
        }
    }

    @Test
    void anotherVersionHasTheMagicButIsNotValid() throws IOException {
        byte[] b = valid();
        b[8] = 1;
        SegmentHeader h = read(b);
        assertTrue(h.hasMagic());
        assertFalse(h.valid());
        assertEquals(1, h.version());
    }

    @Test
    void foreignOrShortBytesHaveNoMagic() throws IOException {
        byte[] foreign = valid();
        foreign[3] = 'X';
        SegmentHeader f = read(foreign);
        assertFalse(f.hasMagic());
        assertFalse(f.zero());
        assertFalse(f.valid());

        SegmentHeader cut = read(Arrays.copyOf(valid(), 10));
        assertFalse(cut.complete());
        assertFalse(cut.hasMagic(), "the magic alone is not a header");
        assertFalse(cut.zero());
    }
}
