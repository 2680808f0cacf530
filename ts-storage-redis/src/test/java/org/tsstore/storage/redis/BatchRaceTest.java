package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tsstore.api.SizedContainerTimeSeries;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

/**
 * Batches whose series another writer changes between the batch's read of their pointers and its commits
 * (the other writer runs when the batch flushes its second pipeline): each such commit finds its pointer
 * changed and the series is finished alone over the new one, so both writers' points are kept and no
 * chunk is left behind. Judged against a model of plain arrays and the documented layout (four points a
 * chunk here).
 */
class BatchRaceTest {

    private static final int SERIES = 10;
    private static final Set<String> RACED = Set.of("s2", "s7");

    private final String prefix = RedisFixtures.freshPrefix("batch-race");
    private final RedisSettings settings = RedisSettings.parse(URI.create("redis://"
            + RedisFixtures.standalone().address() + "/0?prefix=" + prefix + "&chunkBytes=64"), Map.of());
    private final FlushHookTopology topology = new FlushHookTopology(settings);
    private final SeriesKeys keys = new SeriesKeys(prefix);
    private final ChunkedReader reader = new ChunkedReader(keys, topology);
    private final ChunkedWriter writer = new ChunkedWriter(keys, topology, settings, reader, new SecureRandom());
    private final BatchWriter batches = new BatchWriter(keys, topology, writer, settings);

    @AfterEach
    void close() {
        topology.close();
    }

    private static SizedContainerTimeSeries points(double[] times, double value) {
        double[] values = new double[times.length];
        java.util.Arrays.fill(values, value);
        return new TestSeries(times, values).series();
    }

    /** Before the batch's second flush, appends a point at {@code time} to each raced series, on its own connection. */
    private void raceOnSecondFlush(double time) {
        AtomicInteger flushes = new AtomicInteger();
        topology.beforeFlush(() -> {
            if (flushes.incrementAndGet() == 2) {
                try (Jedis side = RedisFixtures.standalone().client()) {
                    for (String id : RACED) {
                        writer.append(side, id, points(new double[] {time}, -1), writer.newToken());
                    }
                }
            }
        });
    }

    private Set<String> keysOfNamespace() {
        Set<String> found = new HashSet<>();
        try (Jedis jedis = RedisFixtures.standalone().client()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                var page = jedis.scan(cursor, new ScanParams().match(prefix + ":*").count(1000));
                found.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        return found;
    }

    @Test
    void anAppendBatchKeepsThePointsAnotherWriterAppendedMeanwhile() {
        Map<String, SizedContainerTimeSeries> stored = new LinkedHashMap<>();
        for (int i = 0; i < SERIES; i++) {
            stored.put("s" + i, points(new double[] {0, 1, 2}, i));
        }
        batches.storeAll(stored);
        raceOnSecondFlush(3);
        Map<String, SizedContainerTimeSeries> appended = new LinkedHashMap<>();
        for (int i = 0; i < SERIES; i++) {
            appended.put("s" + i, points(new double[] {4}, 100 + i));
        }
        batches.appendAll(appended); // flush 1 reads the pointers, flush 2 carries the commits
        topology.beforeFlush(() -> {});

        int chunks = 0;
        for (int i = 0; i < SERIES; i++) {
            String id = "s" + i;
            boolean raced = RACED.contains(id);
            TestSeries model = raced
                    ? new TestSeries(new double[] {0, 1, 2, 3, 4}, new double[] {i, i, i, -1, 100 + i})
                    : new TestSeries(new double[] {0, 1, 2, 4}, new double[] {i, i, i, 100 + i});
            model.assertSameAs(topology.call(keys.pointer(id), "get", jedis -> reader.read(jedis, id)));
            chunks += raced ? 2 : 1;
        }
        assertEquals(SERIES + chunks, keysOfNamespace().size(),
                "a pointer per series and its chunks of four points, no chunk of a commit that found its pointer changed");
    }

    @Test
    void aStoreBatchReplacesWhatAnotherWriterAppendedMeanwhile() {
        Map<String, SizedContainerTimeSeries> first = new LinkedHashMap<>();
        for (int i = 0; i < SERIES; i++) {
            first.put("s" + i, points(new double[] {0, 1, 2}, i));
        }
        batches.storeAll(first);
        raceOnSecondFlush(3);
        Map<String, SizedContainerTimeSeries> second = new LinkedHashMap<>();
        for (int i = 0; i < SERIES; i++) {
            second.put("s" + i, points(new double[] {10, 11}, 50 + i));
        }
        batches.storeAll(second); // flush 1 reads the pointers, flush 2 carries the stores
        topology.beforeFlush(() -> {});

        for (int i = 0; i < SERIES; i++) {
            String id = "s" + i;
            new TestSeries(new double[] {10, 11}, new double[] {50 + i, 50 + i})
                    .assertSameAs(topology.call(keys.pointer(id), "get", jedis -> reader.read(jedis, id)));
        }
        assertEquals(2 * SERIES, keysOfNamespace().size(), "a pointer and one chunk per series, nothing left over");
    }
}
