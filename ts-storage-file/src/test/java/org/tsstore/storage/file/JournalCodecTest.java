package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Batch records against bytes built here by hand. */
class JournalCodecTest {

    private static final List<Journal.Record> BATCH = List.of(
            new Journal.Record("a", new IndexEntry(1, 144, 0x01020304)), new Journal.Record("bc", null));

    private static byte[] expected() {
        // body: kind 3, count 2, put "a" (1, 144, 0x01020304), delete "bc"
        byte[] body = {3, 0, 0, 0, 2,
            1, 0, 1, 'a', 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, (byte) 144, 1, 2, 3, 4,
            2, 0, 2, 'b', 'c'};
        ByteBuffer b = ByteBuffer.allocate(4 + body.length + 4);
        b.putInt(body.length).put(body);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 4 + body.length);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    @Test
    void aBatchIsEncodedAsTheLayoutSays() {
        ByteBuffer got = JournalCodec.batch(BATCH);
        byte[] bytes = new byte[got.remaining()];
        got.get(bytes);
        assertArrayEquals(expected(), bytes);
    }

    @Test
    void aBatchDecodesToItsChangesAllOrNone() {
        byte[] e = expected();
        assertEquals(BATCH, JournalCodec.decode(e, e.length - 8));
        for (int i = 0; i < e.length; i++) {
            byte[] damaged = e.clone();
            damaged[i] ^= 0x10;
            int bodyLength = i < 4 ? e.length - 8 : ByteBuffer.wrap(damaged).getInt(0);
            assertNull(JournalCodec.decode(damaged, bodyLength), "byte " + i);
        }
    }
}
