package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
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

    /** Points per chunk of the series written by hand. */
    private static final int RUN = 3;

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

    /** Writes a series by hand in chunks of {@link #RUN} points, keys 1000, 1001, ...; returns their keys. */
    private List<String> writeByHand(String id, TestSeries s, long token) {
        int n = s.times.length;
        List<String> chunkKeys = new ArrayList<>();
        List<HandLayout.Entry> entries = new ArrayList<>();
        for (int from = 0, i = 0; from < n; from += RUN, i++) {
            int to = Math.min(n, from + RUN);
            String key = HandLayout.chunkKey(prefix, id, 1000 + i);
            jedis.set(HandLayout.bytes(key), HandLayout.chunk(s.times, s.values, from, to));
            chunkKeys.add(key);
            entries.add(HandLayout.entry(1000 + i, s.times, s.values, from, to));
        }
        jedis.set(HandLayout.bytes(HandLayout.pointerKey(prefix, id)),
                HandLayout.pointer(id, token, n, entries.toArray(new HandLayout.Entry[0])));
        return chunkKeys;
    }

    private DamagedKeyException damaged(String id) {
        return assertThrows(DamagedKeyException.class, () -> reader.read(jedis, id));
    }

    @Test
    void seriesWrittenByHandReadBackWithTheirIds() {
        Random random = new Random(40);
        Map<String, TestSeries> model = Map.of("a", TestSeries.random(random, 37), "ü{*}", TestSeries.random(random, 1),
                "empty", TestSeries.random(random, 0));
        model.forEach((id, s) -> writeByHand(id, s, random.nextLong()));
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
        writeByHand("old", s, 0x0123456789abcdefL);
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
        TestSeries s = TestSeries.random(new Random(42), 10); // chunks of 3, 3, 3 and 1 points
        List<String> chunks = writeByHand("c", s, 1);
        byte[] third = HandLayout.bytes(chunks.get(2));
        byte[] intact = jedis.get(third);
        jedis.set(third, Arrays.copyOf(intact, intact.length - 1));
        DamagedKeyException e = damaged("c");
        assertTrue(e.getMessage().contains("key " + chunks.get(2) + ":")
                && e.getMessage().contains("has 47 bytes, expected 48"), e.getMessage());
        assertEquals(address + " " + chunks.get(2), e.location());

        jedis.set(third, Arrays.copyOf(intact, intact.length + 16));
        e = damaged("c");
        assertTrue(e.getMessage().contains("has 64 bytes, expected 48"), "longer, yet the pointer is the same: "
                + e.getMessage());

        jedis.set(third, intact);
        byte[] last = HandLayout.bytes(chunks.get(3));
        assertEquals(16, jedis.get(last).length, "the last chunk holds the one point left");
        jedis.del(last);
        e = damaged("c");
        assertTrue(e.getMessage().contains("chunk 3 of 4 is missing"), e.getMessage());
        assertEquals(address + " " + chunks.get(3), e.location());
    }

    @Test
    void aChunkGrownByAnAppendAfterThePointerWasReadGivesTheSeriesThatPointerNamed() {
        TestSeries s = TestSeries.random(new Random(46), 5); // chunks of 3 and 2 points
        List<String> chunks = writeByHand("g", s, 9);
        byte[] pointerKey = HandLayout.bytes(HandLayout.pointerKey(prefix, "g"));
        byte[] before = jedis.get(pointerKey);
        // an append extends the last chunk by one point and switches the pointer, after the reader read it
        TestSeries grown = TestSeries.random(new Random(46), 6);
        jedis.set(HandLayout.bytes(chunks.get(1)), HandLayout.chunk(grown.times, grown.values, 3, 6));
        jedis.set(pointerKey, HandLayout.pointer("g", 10, 6, HandLayout.entry(1000, grown.times, grown.values, 0, 3),
                HandLayout.entry(1001, grown.times, grown.values, 3, 6)));
        try (Jedis first = new Jedis(redis.clients.jedis.HostAndPort.from(address)) {
            private boolean read;

            @Override
            public byte[] get(byte[] key) {
                if (!read && Arrays.equals(key, pointerKey)) {
                    read = true;
                    return before; // what the reader saw before the append
                }
                return super.get(key);
            }
        }) {
            s.assertSameAs(reader.read(first, "g"));
        }
        grown.assertSameAs(reader.read(jedis, "g"));
    }

    @Test
    void aFlippedOrSwappedChunkIsRefusedNamingThatChunk() {
        TestSeries s = TestSeries.random(new Random(43), 10);
        List<String> chunks = writeByHand("f", s, 3);
        byte[] first = HandLayout.bytes(chunks.get(0));
        byte[] second = HandLayout.bytes(chunks.get(1));
        byte[] one = jedis.get(first);
        byte[] two = jedis.get(second);
        byte[] flipped = one.clone();
        flipped[5] ^= 1;
        jedis.set(first, flipped);
        DamagedKeyException e = damaged("f");
        assertTrue(e.getMessage().contains("chunk 0 checksum mismatch"), e.getMessage());
        assertEquals(address + " " + chunks.get(0), e.location());

        jedis.set(first, two);
        jedis.set(second, one);
        e = damaged("f");
        assertTrue(e.getMessage().contains("chunk 0 checksum mismatch"), e.getMessage());
        assertEquals(address + " " + chunks.get(0), e.location());
    }

    @Test
    void aPointerOfAnotherIdOrDamagedIsRefusedNamingThePointer() {
        TestSeries s = TestSeries.random(new Random(44), 3);
        writeByHand("p", s, 5);
        byte[] pointerKey = HandLayout.bytes(HandLayout.pointerKey(prefix, "p"));
        HandLayout.Entry entry = HandLayout.entry(1000, s.times, s.values, 0, 3);
        jedis.set(pointerKey, HandLayout.pointer("q", 5, 3, entry));
        DamagedKeyException e = assertThrows(DamagedKeyException.class, () -> reader.pointer(jedis, "p"));
        assertTrue(e.getMessage().contains("pointer belongs to id \"q\""), e.getMessage());
        assertEquals(address + " " + HandLayout.pointerKey(prefix, "p"), e.location());

        byte[] valid = HandLayout.pointer("p", 5, 3, entry);
        valid[8] ^= 1;
        jedis.set(pointerKey, valid);
        e = damaged("p");
        assertTrue(e.getMessage().contains("pointer checksum mismatch"), e.getMessage());
    }

    @Test
    void aRangeReadFetchesOnlyTheChunksItOverlaps() {
        double[] times = new double[12];
        double[] values = new double[12];
        for (int i = 0; i < 12; i++) {
            times[i] = 10 * i; // chunks hold 0..20, 30..50, 60..80, 90..110
            values[i] = i;
        }
        TestSeries s = new TestSeries(times, values);
        List<String> chunks = writeByHand("r", s, 7);
        byte[] first = HandLayout.bytes(chunks.get(0));
        byte[] intactFirst = jedis.get(first);
        jedis.set(first, new byte[intactFirst.length]); // damage a chunk the ranges below never touch
        jedis.del(HandLayout.bytes(chunks.get(3))); // and remove another

        assertRange(s, 4, 8, reader.read(jedis, "r", 35, 80)); // the second and third chunks only
        assertRange(s, 3, 4, reader.read(jedis, "r", 30, 31));
        assertRange(s, 6, 9, reader.read(jedis, "r", 55, 85.5));
        assertRange(s, 0, 0, reader.read(jedis, "r", 25, 30));
        assertRange(s, 0, 0, reader.read(jedis, "r", 80, 40));
        DamagedKeyException e = damaged("r");
        assertEquals(address + " " + chunks.get(0), e.location(), "the whole read reports the damage");
        e = assertThrows(DamagedKeyException.class, () -> reader.read(jedis, "r", 100, Double.POSITIVE_INFINITY));
        assertEquals(address + " " + chunks.get(3), e.location());

        jedis.set(first, intactFirst);
        assertRange(s, 0, 3, reader.read(jedis, "r", Double.NEGATIVE_INFINITY, 21));
    }

    private static void assertRange(TestSeries s, int from, int to, org.tsstore.api.SizedContainerTimeSeries actual) {
        new TestSeries(Arrays.copyOfRange(s.times, from, to), Arrays.copyOfRange(s.values, from, to))
                .assertSameAs(actual);
    }

    @Test
    void whatTheWriterStoresAndAppendsTheReaderReadsBack() {
        Random random = new Random(45);
        for (int chunkBytes : new int[] {16, 17, 40, 100, 4096}) {
            RedisSettings sized = RedisSettings.parse(URI.create("redis://" + address + "/0?prefix=" + prefix
                    + "&chunkBytes=" + chunkBytes), Map.of());
            ChunkedWriter writer = new ChunkedWriter(new SeriesKeys(prefix), topology, sized, reader, random);
            for (int size : new int[] {0, 1, 2, 7, 64, 513}) {
                TestSeries s = TestSeries.random(random, size);
                String id = "rt-" + chunkBytes + "-" + size;
                int head = size / 3;
                writer.store(jedis, id, new TestSeries(Arrays.copyOf(s.times, head), Arrays.copyOf(s.values, head))
                        .series());
                for (int from = head; from < size; ) {
                    int to = Math.min(size, from + 1 + random.nextInt(9));
                    writer.append(jedis, id, new TestSeries(Arrays.copyOfRange(s.times, from, to),
                            Arrays.copyOfRange(s.values, from, to)).series(), random.nextLong());
                    from = to;
                }
                s.assertSameAs(reader.read(jedis, id));
                SeriesPointer pointer = reader.pointer(jedis, id);
                int capacity = Math.max(1, chunkBytes / 16);
                assertEquals((size + capacity - 1) / capacity, pointer.chunkCount(),
                        "appends keep the chunks full: " + id);
            }
        }
    }
}
