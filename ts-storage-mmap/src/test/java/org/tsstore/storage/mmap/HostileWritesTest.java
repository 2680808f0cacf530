package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.AbstractSizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.StoreDirectories;

/**
 * Hostile series change nothing: a series that lies about its size (2^28 or {@link Integer#MAX_VALUE} points
 * claimed, 3 given; one point more claimed than given), and series of 300,000 points refused late (a NaN time at
 * index 250,000, equal times at the end, values that throw after the times were read), through {@code store},
 * {@code append}, {@code storeAll} and {@code appendAll}, for a new id and over a stored one. Each call is refused
 * (an {@link IllegalArgumentException} naming the id, or the caller's own exception, the same object), allocates
 * a bounded amount of heap whatever the claim, and leaves the directory byte for byte as it was (names, lengths,
 * checksums): the segment keeps its length and bytes, is not sealed, no segment is created, the witness stays.
 */
class HostileWritesTest {

    private static final int N = 300_000;

    /** A caller's failure of its own, to be given back as it was thrown. */
    private static final class CallersOwn extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallersOwn() {
            super("the caller's series failed on its own");
        }
    }

    /** A series over arrays that answers {@code size()} with {@code claim} and may throw when its values are read. */
    private static final class Liar extends AbstractSizedContainerTimeSeries {
        private final double[] times;
        private final double[] values;
        private final int claim;
        private final Supplier<Throwable> onValues;
        private final String what;
        /** The exception the values threw last, to check that the very same one comes back. */
        Throwable thrown;

        Liar(double[] times, int claim, Supplier<Throwable> onValues, String what) {
            this.times = times;
            this.values = times.clone();
            this.claim = claim;
            this.onValues = onValues;
            this.what = what;
        }

        @Override
        public int size() {
            return claim;
        }

        @Override
        public double time(int index) {
            return times[index];
        }

        @Override
        public double value(int index) {
            if (onValues != null) {
                thrown = onValues.get();
                throw Sneaky.<RuntimeException>raise(thrown);
            }
            return values[index];
        }

        @Override
        public void copyTimes(int from, double[] dst, int offset, int length) {
            System.arraycopy(times, from, dst, offset, length);
        }

        @Override
        public void copyValues(int from, double[] dst, int offset, int length) {
            if (onValues != null) {
                thrown = onValues.get();
                throw Sneaky.<RuntimeException>raise(thrown);
            }
            System.arraycopy(values, from, dst, offset, length);
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }

        @Override
        public String toString() {
            return what;
        }
    }

    /** Throws a checked exception where none is declared, as code in other JVM languages can. */
    private static final class Sneaky {
        @SuppressWarnings("unchecked")
        static <E extends Throwable> E raise(Throwable t) throws E {
            throw (E) t;
        }
    }

    private static double[] times(int n, double start) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = start + i;
        }
        return t;
    }

    /** One hostile series, made anew for each call (a thrown exception is one object per series). */
    private record Hostile(String name, Supplier<Liar> make, boolean callersOwn) {}

    private static List<Hostile> hostile(double start) {
        List<Hostile> all = new ArrayList<>();
        all.add(new Hostile("claims 2^28, gives 3", () -> new Liar(times(3, start), 1 << 28, null, "2^28"), false));
        all.add(new Hostile("claims Integer.MAX_VALUE, gives 3",
                () -> new Liar(times(3, start), Integer.MAX_VALUE, null, "max"), false));
        all.add(new Hostile("a NaN time at index 250,000", () -> {
            double[] t = times(N, start);
            t[250_000] = Double.NaN;
            return new Liar(t, N, null, "NaN at 250000");
        }, false));
        all.add(new Hostile("equal times at the end", () -> {
            double[] t = times(N, start);
            t[N - 1] = t[N - 2];
            return new Liar(t, N, null, "equal at the end");
        }, false));
        all.add(new Hostile("claims one point more than it gives",
                () -> new Liar(times(N, start), N + 1, null, "off by one"), false));
        all.add(new Hostile("values throw the caller's RuntimeException after the times",
                () -> new Liar(times(N, start), N, () -> new CallersOwn(), "throws"), true));
        all.add(new Hostile("values throw an UncheckedIOException",
                () -> new Liar(times(N, start), N, () -> new UncheckedIOException(new IOException("caller's disk")),
                        "throws unchecked I/O"), true));
        all.add(new Hostile("values throw a checked IOException undeclared",
                () -> new Liar(times(N, start), N, () -> new IOException("caller's own I/O"), "throws checked I/O"),
                true));
        return all;
    }

    /** Calls one entry point with a hostile series under {@code id}. */
    private interface Call {
        void run(StorageManager store, String id, SizedContainerTimeSeries s);
    }

    private static Map<String, Call> calls() {
        Map<String, Call> calls = new LinkedHashMap<>();
        calls.put("store", (store, id, s) -> store.store(id, s));
        calls.put("append", (store, id, s) -> store.append(id, s));
        calls.put("storeAll", (store, id, s) -> {
            Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
            batch.put("fine", ArrayTimeSeries.of(new double[] {1}, new double[] {1}));
            batch.put(id, s);
            store.storeAll(batch);
        });
        calls.put("appendAll", (store, id, s) -> {
            Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
            batch.put("fine", ArrayTimeSeries.of(new double[] {1e12}, new double[] {1}));
            batch.put(id, s);
            store.appendAll(batch);
        });
        return calls;
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @ParameterizedTest
    @ValueSource(strings = {"os", "sync"})
    void hostileSeriesChangeNoByte(String durability) throws IOException {
        Path dir = StoreDirectories.newDirectory("mmap-hostile-" + durability);
        try (MmapStorageManager store = MmapStorageManager.open(dir, Map.of("durability", durability))) {
            ArrayTimeSeries bystander = ArrayTimeSeries.of(times(65_536, 0), times(65_536, 0));
            ArrayTimeSeries target = ArrayTimeSeries.of(times(10, 0), times(10, 5));
            store.store("bystander", bystander);
            store.store("target", target);
            store.store("fine", ArrayTimeSeries.of(new double[] {0}, new double[] {0}));
            store.flush();
            Map<String, String> before = SegmentFiles.snapshot(dir);
            int refused = 0;
            for (Map.Entry<String, Call> call : calls().entrySet()) {
                for (String id : List.of("target", "new-target")) {
                    for (Hostile h : hostile(1000)) {
                        Liar series = h.make().get();
                        String what = call.getKey() + "(\"" + id + "\", " + h.name() + ")";
                        long allocated = allocatedByThisThread();
                        Throwable thrown = null;
                        try {
                            call.getValue().run(store, id, series);
                        } catch (Throwable t) {
                            thrown = t;
                        }
                        allocated = allocatedByThisThread() - allocated;
                        if (thrown == null) {
                            fail(what + " was accepted");
                        }
                        if (h.callersOwn()) {
                            assertSame(series.thrown, thrown, what + " gave back " + thrown);
                        } else {
                            assertEquals(IllegalArgumentException.class, thrown.getClass(), what + ": " + thrown);
                            assertTrue(thrown.getMessage().contains("\"" + id + "\""), what + ": " + thrown.getMessage());
                        }
                        // what a series gives, three times over, plus a little: never what it claims
                        assertTrue(allocated < 3 * 16L * N + (16 << 20), what + " allocated " + allocated + " bytes");
                        assertEquals(before, SegmentFiles.snapshot(dir), what + " changed the directory");
                        refused++;
                    }
                }
            }
            assertEquals(4 * 2 * 8, refused);
            assertEquals(bystander, store.get("bystander"));
            assertEquals(target, store.get("target"));
            assertEquals(java.util.Set.of("bystander", "target", "fine"), store.ids());
            // the segment was not sealed: the next store goes into it
            store.store("after", ArrayTimeSeries.of(times(N, 0), times(N, 1)));
            assertEquals(List.of(dir.resolve(Segment.fileName(1))), SegmentFiles.list(dir));
        }
        try (MmapStorageManager store = MmapStorageManager.open(dir, Map.of("durability", durability))) {
            assertEquals(ArrayTimeSeries.of(times(N, 0), times(N, 1)), store.get("after"));
            assertTrue(store.verify().isClean());
        }
    }
}
