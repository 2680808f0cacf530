package org.tsstore.testkit.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.ProviderLookup;

/** The histories a campaign writes, read back from the testkit's directory backend. */
class CampaignHistoryTest {

    private static URI store(Path root, String name) throws IOException {
        return URI.create("testdir:" + Files.createDirectory(root.resolve(name)));
    }

    @Test
    void theClosedStoreHoldsExactlyTheModel(@TempDir Path root) throws IOException {
        CampaignHistory history = new CampaignHistory(Map.of(), 2_000, 30);
        for (int seed = 0; seed < 12; seed++) {
            URI uri = store(root, "seed-" + seed);
            Map<String, ArrayTimeSeries> model = history.write(uri, new SplittableRandom(seed));
            assertFalse(model.isEmpty(), "a history keeps one series at least");
            assertTrue(CampaignHistory.ID_POOL.containsAll(model.keySet()), model.keySet().toString());
            try (StorageManager store = ProviderLookup.open(uri, Map.of())) {
                assertEquals(model.keySet(), store.ids(), "seed " + seed);
                for (Map.Entry<String, ArrayTimeSeries> e : model.entrySet()) {
                    assertEquals(e.getValue(), ArrayTimeSeries.copyOf(store.get(e.getKey())), e.getKey());
                }
            }
        }
    }

    @Test
    void theSameSeedWritesTheSameHistory(@TempDir Path root) throws IOException {
        CampaignHistory history = new CampaignHistory(Map.of(), 500, 20);
        SplittableRandom first = new SplittableRandom(77);
        SplittableRandom second = new SplittableRandom(77);
        Map<String, ArrayTimeSeries> a = history.write(store(root, "a"), first);
        Map<String, ArrayTimeSeries> b = history.write(store(root, "b"), second);
        assertEquals(a, b);
        assertEquals(first.nextLong(), second.nextLong(), "both histories drew the same numbers");
    }

    @Test
    void operationsAndSizesStayWithinTheirBounds(@TempDir Path root) throws IOException {
        CampaignHistory one = new CampaignHistory(Map.of(), 10, 1);
        CampaignHistory many = new CampaignHistory(Map.of(), 1_000, 5);
        for (int seed = 0; seed < 20; seed++) {
            Map<String, ArrayTimeSeries> single = one.write(store(root, "one-" + seed), new SplittableRandom(seed));
            assertTrue(single.size() >= 1 && single.size() <= 3, "one operation writes one id, or three in a batch: "
                    + single.keySet());
            Map<String, ArrayTimeSeries> model = many.write(store(root, "many-" + seed), new SplittableRandom(seed));
            assertTrue(model.size() <= 15, "at most three ids per operation: " + model.keySet());
            // a store of up to 1,000 points, then at most 300 appended per operation
            model.values().forEach(s -> assertTrue(s.size() <= 1_000 + 5 * 300, "a series of " + s.size() + " points"));
        }
    }

    @Test
    void onlyIdsOfThePoolMayHaveBeenStored() {
        assertTrue(CampaignHistory.mayHaveStored("s-0"));
        assertTrue(CampaignHistory.mayHaveStored("Zürich"));
        assertTrue(CampaignHistory.mayHaveStored("x".repeat(200)));
        assertFalse(CampaignHistory.mayHaveStored("s-8"));
        assertFalse(CampaignHistory.mayHaveStored("corruption-probe"));
        assertEquals(12, CampaignHistory.ID_POOL.size());
    }
}
