package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * An append is checked against the series' last time however the writer knows it: remembered from the last
 * append (single or in a batch), carried across a compaction, or read from the record after a reopen. At each
 * stage an append starting at the last time is refused naming it, and one just after it is taken; the points
 * read back equal a plain list of what was acknowledged.
 */
class AppendOrderTest {

    private final List<Double> times = new ArrayList<>();
    private final List<Double> values = new ArrayList<>();

    private static ArrayTimeSeries point(double time) {
        return ArrayTimeSeries.of(new double[] {time}, new double[] {time * 3});
    }

    private void acknowledged(double time) {
        times.add(time);
        values.add(time * 3);
    }

    private void refusesAtAndTakesAfter(MmapStorageManager store, String stage, boolean batch) {
        double last = times.get(times.size() - 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            if (batch) {
                store.appendAll(Map.of("s", point(last), "other", point(1e9 + times.size())));
            } else {
                store.append("s", point(last));
            }
        }, stage);
        assertTrue(e.getMessage().contains(Double.toString(last)), stage + ": " + e.getMessage());
        assertEquals(times.size(), store.size("s"), stage + ": the refused append changed the series");
        assertFalse(store.contains("other"), stage + ": a refused batch wrote another series");
        double next = last + 0.25;
        if (batch) {
            store.appendAll(Map.of("s", point(next)));
        } else {
            store.append("s", point(next));
        }
        acknowledged(next);
        SizedContainerTimeSeries s = store.get("s");
        assertArrayEquals(times.stream().mapToDouble(Double::doubleValue).toArray(), s.times(), stage);
        assertArrayEquals(values.stream().mapToDouble(Double::doubleValue).toArray(), s.values(), stage);
    }

    @Test
    void everyWayTheLastTimeIsKnownRefusesAnAppendAtIt() {
        Path dir = StoreDirectories.newDirectory("mmap-append-order");
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            store.store("s", point(1));
            acknowledged(1);
            refusesAtAndTakesAfter(store, "after a store", false); // read from the store record
            refusesAtAndTakesAfter(store, "after an append", false); // remembered
            refusesAtAndTakesAfter(store, "after an append, in a batch", true);
            refusesAtAndTakesAfter(store, "after a batch, singly", false);
            store.compact();
            refusesAtAndTakesAfter(store, "after a compaction", false);
            refusesAtAndTakesAfter(store, "after an append, after a compaction", true);
        }
        try (MmapStorageManager store = MmapStorageManager.open(dir)) {
            refusesAtAndTakesAfter(store, "after a reopen", true); // read from the extent record
            refusesAtAndTakesAfter(store, "after a reopen and an append", false);
        }
    }
}
