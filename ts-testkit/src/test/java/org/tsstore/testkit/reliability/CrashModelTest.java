package org.tsstore.testkit.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tsstore.core.InMemoryStorageManager;

/**
 * The crash model against stores set by hand to what a kill may leave: appends and batches in flight,
 * landed, lost or half there.
 */
class CrashModelTest {

    private static String line(String s) {
        return CrashChild.PREFIX + s;
    }

    private static String e(String id) {
        return CrashChild.encode(id);
    }

    /** Stores "a" (version 1, 3 points), then begins a batch that writes a at 5 points and b at 4. */
    private static List<String> batchInFlight() {
        List<String> lines = new ArrayList<>();
        lines.add(line("READY"));
        lines.add(line("BEGIN 0 STORE " + e("a") + " 1 3"));
        lines.add(line("ACK 0"));
        lines.add(line("BEGIN 1 STOREALL 2 " + e("a") + " 2 5 " + e("b") + " 2 4"));
        return lines;
    }

    private static List<String> check(boolean atomic, List<String> lines, InMemoryStorageManager store) {
        CrashModel model = new CrashModel(atomic);
        assertTrue(model.apply(lines, 0));
        model.check(store, 0);
        return model.violations();
    }

    @Test
    void aHalfLandedBatchIsAViolationOnlyWhereBatchesAreAtomic() {
        InMemoryStorageManager store = new InMemoryStorageManager();
        store.store("a", CrashSeries.of("a", 2, 5));
        List<String> atomic = check(true, batchInFlight(), store);
        assertEquals(1, atomic.size(), atomic::toString);
        assertTrue(atomic.get(0).contains("half there") && atomic.get(0).contains("\"a\"")
                && atomic.get(0).contains("\"b\""), atomic::toString);
        assertEquals(List.of(), check(false, batchInFlight(), store));
    }

    @Test
    void aBatchThatLandedWhollyOrNotAtAllIsFine() {
        InMemoryStorageManager all = new InMemoryStorageManager();
        all.store("a", CrashSeries.of("a", 2, 5));
        all.store("b", CrashSeries.of("b", 2, 4));
        assertEquals(List.of(), check(true, batchInFlight(), all));
        InMemoryStorageManager none = new InMemoryStorageManager();
        none.store("a", CrashSeries.of("a", 1, 3));
        assertEquals(List.of(), check(true, batchInFlight(), none));
    }

    @Test
    void anEmptySeriesStoredAgainTellsNothingAboutTheBatch() {
        List<String> lines = new ArrayList<>();
        lines.add(line("READY"));
        lines.add(line("BEGIN 0 STOREALL 2 " + e("a") + " 1 0 " + e("b") + " 1 3"));
        lines.add(line("ACK 0"));
        lines.add(line("BEGIN 1 STOREALL 2 " + e("a") + " 2 0 " + e("b") + " 2 4"));
        for (int bVersion : new int[] {1, 2}) {
            InMemoryStorageManager store = new InMemoryStorageManager();
            store.store("a", CrashSeries.of("a", 2, 0)); // reads the same as version 1: both are empty
            store.store("b", bVersion == 1 ? CrashSeries.of("b", 1, 3) : CrashSeries.of("b", 2, 4));
            assertEquals(List.of(), check(true, lines, store), "b at version " + bVersion);
        }
    }

    @Test
    void anAppendInFlightIsWhollyThereOrAbsent() {
        List<String> lines = new ArrayList<>();
        lines.add(line("READY"));
        lines.add(line("BEGIN 0 STORE " + e("a") + " 1 3"));
        lines.add(line("ACK 0"));
        lines.add(line("BEGIN 1 APPEND " + e("a") + " 1 3 7"));
        for (int size : new int[] {3, 7}) {
            InMemoryStorageManager store = new InMemoryStorageManager();
            store.store("a", CrashSeries.of("a", 1, size));
            assertEquals(List.of(), check(true, lines, store), "with " + size + " points");
        }
        InMemoryStorageManager torn = new InMemoryStorageManager();
        torn.store("a", CrashSeries.of("a", 1, 5));
        List<String> violations = check(true, lines, torn);
        assertEquals(1, violations.size(), violations::toString);
        assertTrue(violations.get(0).contains("reads back wrong"), violations::toString);
    }

    @Test
    void aLostAcknowledgedAppendIsAViolation() {
        List<String> lines = new ArrayList<>();
        lines.add(line("READY"));
        lines.add(line("BEGIN 0 STORE " + e("a") + " 1 3"));
        lines.add(line("ACK 0"));
        lines.add(line("BEGIN 1 APPENDALL 1 " + e("a") + " 1 3 9"));
        lines.add(line("ACK 1"));
        InMemoryStorageManager store = new InMemoryStorageManager();
        store.store("a", CrashSeries.of("a", 1, 3));
        List<String> violations = check(true, lines, store);
        assertEquals(1, violations.size(), violations::toString);
        assertTrue(violations.get(0).contains("should be version 1 (9 points)"), violations::toString);
    }

    @Test
    void appendedPointsContinueTheStoredVersion() {
        assertEquals(CrashSeries.of("x", 4, 10), CrashSeries.of("x", 4, 6).followedBy(CrashSeries.range("x", 4, 6, 10)));
    }
}
