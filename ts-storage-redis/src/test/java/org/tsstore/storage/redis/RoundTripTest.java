package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * Round trips to the server, counted as the flushes of the client's connections (every command or
 * pipeline sent and then awaited flushes once): a batch costs a fixed number per phase, whatever the
 * number of series (two for a batch of stores or of appends), a store or append two or three, and a range read the pointer and one fetch of the
 * chunks it needs.
 */
class RoundTripTest {

    private final String prefix = RedisFixtures.freshPrefix("round-trips");
    private final RedisSettings settings = RedisSettings.parse(URI.create("redis://"
            + RedisFixtures.standalone().address() + "/0?prefix=" + prefix + "&chunkBytes=64"), Map.of());
    private final CountingTopology topology = new CountingTopology(settings);
    private final SeriesKeys keys = new SeriesKeys(prefix);
    private final ChunkedReader reader = new ChunkedReader(keys, topology);
    private final ChunkedWriter writer = new ChunkedWriter(keys, topology, settings, reader, new SecureRandom());
    private final BatchWriter batches = new BatchWriter(keys, topology, writer, settings);

    @AfterEach
    void close() {
        topology.close();
    }

    /** A server reached through connections that count their flushes. */
    private static final class CountingTopology extends FlushHookTopology {
        final AtomicInteger flushes = new AtomicInteger();

        CountingTopology(RedisSettings settings) {
            super(settings);
            beforeFlush(flushes::incrementAndGet);
        }

        int take() {
            return flushes.getAndSet(0);
        }
    }

    private static Map<String, SizedContainerTimeSeries> batch(int series, int from, int points) {
        Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
        for (int i = 0; i < series; i++) {
            double[] times = new double[points];
            double[] values = new double[points];
            for (int j = 0; j < points; j++) {
                times[j] = from + j;
                values[j] = i;
            }
            batch.put("s" + i, new TestSeries(times, values).series());
        }
        return batch;
    }

    @Test
    void aBatchCostsAFewRoundTripsWhateverItsSize() {
        for (int series : new int[] {1, 10, 200}) {
            topology.take();
            batches.storeAll(batch(series, 0, 3)); // one chunk of 3 points (of 4) each
            assertEquals(2, topology.take(), series + " stores: chunks with the pointer reads, then the commits");
            batches.appendAll(batch(series, 3, 1)); // fills each last chunk in place
            assertEquals(2, topology.take(), series + " appends: the pointer reads, then the commits");
            batches.appendAll(batch(series, 4, 5)); // two new chunks each
            assertEquals(2, topology.take(), series + " appends: pointer reads, then new chunks with the commits");
        }
    }

    @Test
    void aRangeReadCostsThePointerAndOneFetchOfTheChunksItNeeds() {
        TestSeries s = TestSeries.random(new Random(71), 399); // 99 chunks of 4 points, the last of 3
        topology.take();
        topology.call(keys.pointer("r"), "store", jedis -> {
            writer.store(jedis, "r", s.series());
            return null;
        });
        assertEquals(2, topology.take(), "a store: the chunks with the pointer read, then the script");
        topology.call(keys.pointer("r"), "get", jedis -> reader.read(jedis, "r", s.times[10], s.times[30]));
        assertEquals(2, topology.take());
        topology.call(keys.pointer("r"), "get", jedis -> reader.read(jedis, "r", s.times[10], s.times[10]));
        assertEquals(1, topology.take(), "an empty range reads the pointer only");
        topology.call(keys.pointer("r"), "append", jedis -> writer.append(jedis, "r",
                new TestSeries(new double[] {s.times[398] + 1}, new double[] {0}).series(), 1));
        assertEquals(2, topology.take(), "an append into the last chunk: the pointer, then the script");
        topology.call(keys.pointer("r"), "append", jedis -> writer.append(jedis, "r",
                new TestSeries(new double[] {s.times[398] + 2}, new double[] {0}).series(), 2));
        assertEquals(3, topology.take(), "an append after a full chunk: the pointer, the new chunk, the script");
    }
}
