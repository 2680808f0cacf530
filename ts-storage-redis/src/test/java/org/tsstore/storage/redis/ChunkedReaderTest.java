package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tsstore.api.NoSuchSeriesException;
import redis.clients.jedis.Jedis;

/**
 * The reader alone on a real server, over keys written by hand in the layout the format documents (so a
 * store written by earlier code reads back), plus a round trip with the writer.
 */
class ChunkedReaderTest {

    private static final int CHUNK_BYTES = 24;

    private final String prefix = RedisFixtures.freshPrefix("reader");
    private final String address = RedisFixtures.standalone().address();
    private final RedisSettings settings = RedisSettings.parse(
            URI.create("redis://" + address + "/0?prefix=" + prefix), Map.of());
    private final Topology topology = Topology.open(settings);
    private final ChunkedReader reader = new ChunkedReader(new SeriesKeys(prefix), topology);
    private final Jedis jedis = RedisFixtures.standalone().client();

    @AfterEach
    void close() {
        jedis.close();
        topology.close();
    }

    /** Writes a series by hand; returns its generation. */
    private String writeByHand(String id, TestSeries series, long high, long low) {
        byte[] payload = HandLayout.payload(series.times, series.values);
        List<byte[]> chunks = HandLayout.chunks(payload, CHUNK_BYTES);
        String generation = HandLayout.generation(high, low);
        for (int i = 0; i < chunks.size(); i++) {
            jedis.set(HandLayout.bytes(HandLayout.chunkKey(prefix, id, generation, i)), chunks.get(i));
        }
        jedis.set(HandLayout.bytes(HandLayout.pointerKey(prefix, id)), HandLayout.pointer(id, high, low,
                series.times.length, CHUNK_BYTES, chunks.size(), HandLayout.crc(payload)));
        return generation;
    }

    private DamagedKeyException damaged(String id) {
        return assertThrows(DamagedKeyException.class, () -> reader.read(jedis, id));
    }

    @Test
    void seriesWrittenByHandReadBackWithTheirIds() {
        Random random = new Random(40);
        Map<String, TestSeries> model = Map.of("a", TestSeries.random(random, 37), "ü{*}", TestSeries.random(random, 1),
                "empty", TestSeries.random(random, 0));
        model.forEach((id, s) -> writeByHand(id, s, random.nextLong(), random.nextLong()));
        model.forEach((id, s) -> {
            s.assertSameAs(reader.read(jedis, id));
            assertEquals(s.times.length, reader.pointer(jedis, id).points());
        });
        Set<String> ids = new HashSet<>();
        reader.addIds(jedis, ids);
        assertEquals(model.keySet(), ids);
        assertThrows(NoSuchSeriesException.class, () -> reader.read(jedis, "absent"));
        assertThrows(NoSuchSeriesException.class, () -> reader.pointer(jedis, "absent"));
    }

    @Test
    void aStoreWrittenByHandOpensAndReadsThroughTheManager() {
        TestSeries s = TestSeries.random(new Random(41), 100);
        writeByHand("old", s, 0x0123456789abcdefL, -2L);
        jedis.set(HandLayout.bytes(HandLayout.markerKey(prefix)), HandLayout.marker());
        try (RedisStorageManager store = RedisStorageManager.open(settings.location())) {
            s.assertSameAs(store.get("old"));
            assertEquals(100, store.size("old"));
            assertEquals(Set.of("old"), store.ids());
            assertTrue(store.verify().isClean());
        }
    }

    @Test
    void aChunkOfTheWrongLengthOrMissingIsRefusedNamingIt() {
        TestSeries s = TestSeries.random(new Random(42), 10); // 160 bytes: 7 chunks, the last of 16
        String generation = writeByHand("c", s, 1, 2);
        byte[] third = HandLayout.bytes(HandLayout.chunkKey(prefix, "c", generation, 2));
        byte[] intact = jedis.get(third);
        jedis.set(third, Arrays.copyOf(intact, intact.length - 1));
        DamagedKeyException e = damaged("c");
        assertTrue(e.getMessage().contains("key " + HandLayout.chunkKey(prefix, "c", generation, 2) + ":")
                && e.getMessage().contains("has 27 bytes, expected 28"), e.getMessage());
        assertEquals(address + " " + HandLayout.chunkKey(prefix, "c", generation, 2), e.location());

        jedis.set(third, intact);
        byte[] last = HandLayout.bytes(HandLayout.chunkKey(prefix, "c", generation, 6));
        assertEquals(20, jedis.get(last).length, "the last chunk holds the 16 bytes left");
        jedis.del(last);
        e = damaged("c");
        assertTrue(e.getMessage().contains("chunk 6 of current generation " + generation + " is missing"),
                e.getMessage());
        assertEquals(address + " " + HandLayout.chunkKey(prefix, "c", generation, 6), e.location());
    }

    @Test
    void aFlippedChunkByteNamesTheChunkAndSwappedChunksNameThePointer() {
        TestSeries s = TestSeries.random(new Random(43), 10);
        String generation = writeByHand("f", s, 3, 4);
        byte[] first = HandLayout.bytes(HandLayout.chunkKey(prefix, "f", generation, 0));
        byte[] second = HandLayout.bytes(HandLayout.chunkKey(prefix, "f", generation, 1));
        byte[] one = jedis.get(first);
        byte[] two = jedis.get(second);
        byte[] flipped = one.clone();
        flipped[5] ^= 1;
        jedis.set(first, flipped);
        DamagedKeyException e = damaged("f");
        assertTrue(e.getMessage().contains("chunk checksum mismatch"), e.getMessage());
        assertEquals(address + " " + HandLayout.chunkKey(prefix, "f", generation, 0), e.location());

        jedis.set(first, two);
        jedis.set(second, one);
        e = damaged("f");
        assertTrue(e.getMessage().contains("payload checksum mismatch"), e.getMessage());
        assertEquals(address + " " + HandLayout.pointerKey(prefix, "f"), e.location());
    }

    @Test
    void aPointerOfAnotherIdOrDamagedIsRefusedNamingThePointer() {
        TestSeries s = TestSeries.random(new Random(44), 3);
        writeByHand("p", s, 5, 6);
        byte[] pointerKey = HandLayout.bytes(HandLayout.pointerKey(prefix, "p"));
        byte[] payload = HandLayout.payload(s.times, s.values);
        jedis.set(pointerKey, HandLayout.pointer("q", 5, 6, 3, CHUNK_BYTES, 2, HandLayout.crc(payload)));
        DamagedKeyException e = assertThrows(DamagedKeyException.class, () -> reader.pointer(jedis, "p"));
        assertTrue(e.getMessage().contains("pointer belongs to id \"q\""), e.getMessage());
        assertEquals(address + " " + HandLayout.pointerKey(prefix, "p"), e.location());

        byte[] valid = HandLayout.pointer("p", 5, 6, 3, CHUNK_BYTES, 2, HandLayout.crc(payload));
        valid[8] ^= 1;
        jedis.set(pointerKey, valid);
        e = damaged("p");
        assertTrue(e.getMessage().contains("pointer checksum mismatch"), e.getMessage());
    }

    @Test
    void whatTheWriterStoresTheReaderReadsBack() {
        Random random = new Random(45);
        for (int chunkBytes : new int[] {16, 17, 24, 100, 4096}) {
            RedisSettings sized = RedisSettings.parse(URI.create("redis://" + address + "/0?prefix=" + prefix
                    + "&chunkBytes=" + chunkBytes), Map.of());
            ChunkedWriter writer = new ChunkedWriter(new SeriesKeys(prefix), topology, sized, random);
            for (int size : new int[] {0, 1, 2, 7, 64, 513}) {
                TestSeries s = TestSeries.random(random, size);
                String id = "rt-" + chunkBytes + "-" + size;
                writer.store(jedis, id, s.series());
                s.assertSameAs(reader.read(jedis, id));
            }
        }
    }
}
