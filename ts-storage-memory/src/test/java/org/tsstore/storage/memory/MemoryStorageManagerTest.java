package org.tsstore.storage.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.AbstractSizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;

/** What the memory backend promises beyond the contract: no copies on the read path, one on the write path. */
class MemoryStorageManagerTest {

    /** A foreign series that counts how often its points are read in bulk. */
    private static final class CountingSeries extends AbstractSizedContainerTimeSeries {
        int bulkReads;

        @Override
        public int size() {
            return 3;
        }

        @Override
        public double time(int index) {
            return index;
        }

        @Override
        public double value(int index) {
            return -index;
        }

        @Override
        public void copyTimes(int from, double[] dst, int offset, int length) {
            bulkReads++;
            super.copyTimes(from, dst, offset, length);
        }

        @Override
        public void copyValues(int from, double[] dst, int offset, int length) {
            bulkReads++;
            super.copyValues(from, dst, offset, length);
        }
    }

    @Test
    void getReturnsTheStoredInstance() {
        try (MemoryStorageManager store = new MemoryStorageManager()) {
            ArrayTimeSeries series = ArrayTimeSeries.of(new double[] {1, 2}, new double[] {3, 4});
            assertSame(series, store.store("a", series), "an ArrayTimeSeries is already immutable: not copied");
            assertSame(series, store.get("a"));
            assertSame(store.get("a"), store.get("a"));
        }
    }

    @Test
    void aForeignSeriesIsCopiedOnceThroughItsBulkAccessors() {
        try (MemoryStorageManager store = new MemoryStorageManager()) {
            CountingSeries foreign = new CountingSeries();
            SizedContainerTimeSeries stored = store.store("a", foreign);
            assertEquals(2, foreign.bulkReads, "one bulk read of times and one of values");
            assertTrue(stored instanceof ArrayTimeSeries);
            assertSame(stored, store.get("a"));
            assertEquals(ArrayTimeSeries.of(new double[] {0, 1, 2}, new double[] {0, -1, -2}), stored);
        }
    }

    @Test
    void verifyCountsSeriesAndBytes() {
        try (MemoryStorageManager store = new MemoryStorageManager()) {
            store.store("a", ArrayTimeSeries.of(new double[] {1, 2}, new double[] {3, 4}));
            store.store("b", ArrayTimeSeries.empty());
            IntegrityReport report = store.verify();
            assertTrue(report.isClean());
            assertEquals(2, report.seriesChecked());
            assertEquals(32, report.bytesChecked());
        }
    }

    @Test
    void invalidSeriesMessagesNameTheId() {
        try (MemoryStorageManager store = new MemoryStorageManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.store("my id", new AbstractSizedContainerTimeSeries() {
                        @Override
                        public int size() {
                            return 2;
                        }

                        @Override
                        public double time(int index) {
                            return 5;
                        }

                        @Override
                        public double value(int index) {
                            return 0;
                        }
                    }));
            assertTrue(e.getMessage().contains("\"my id\"") && e.getMessage().contains("index 1"), e::getMessage);
        }
    }

    @Test
    void newIdsAreFreshUuids() {
        try (MemoryStorageManager store = new MemoryStorageManager()) {
            String id = store.newId();
            assertEquals(36, id.length(), id);
            store.store(id, ArrayTimeSeries.empty());
            assertTrue(!store.newId().equals(id));
        }
    }

    @Test
    void nullsAreRefusedEverywhere() {
        try (MemoryStorageManager store = new MemoryStorageManager()) {
            new com.google.common.testing.NullPointerTester().testAllPublicInstanceMethods(store);
        }
        new com.google.common.testing.NullPointerTester().setDefault(java.net.URI.class, java.net.URI.create("memory:npe"))
                .testAllPublicInstanceMethods(new MemoryStorageManagerProvider());
    }

    @Test
    void closedManagersSayWhichStore() {
        MemoryStorageManager store = MemoryStorageManager.openNamed("said");
        store.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, store::ids);
        assertTrue(e.getMessage().contains("memory:said"), e::getMessage);
    }
}
