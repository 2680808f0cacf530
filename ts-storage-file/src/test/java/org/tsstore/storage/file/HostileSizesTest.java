package org.tsstore.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.AbstractSizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Series that lie about their size or fail late (issue 14, section 3), through every entry point that
 * writes: {@code store}, {@code append} (to a stored series and to a new id), {@code storeAll} and
 * {@code appendAll} (beside a valid entry). Each must be refused, with an {@link IllegalArgumentException}
 * (or, for a series that throws, its own exception), allocating no more than what the series gives, and the
 * store directory must be the same afterwards: names, lengths and bytes.
 */
class HostileSizesTest {

    /** Heap a refused call of a 3-point liar may allocate: far below its claim (2^28 points are 4 GiB). */
    private static final long SMALL = 16L << 20;
    /** Heap a refused call of a 300,000-point series (4.8 MB) may allocate: a few copies of what it gives. */
    private static final long LARGE = 96L << 20;

    @TempDir
    Path dir;

    private FileStorageManager store;

    @BeforeEach
    void open() {
        store = FileStorageManager.open(dir, Map.of("cacheBytes", "0"));
        store.store("base", series(0, 1000));
        store.store("other", series(0, 10));
    }

    /** Points from {@code from} on, times {@code 1000 + i}. */
    private static ArrayTimeSeries series(int from, int to) {
        double[] t = new double[to - from];
        double[] v = new double[to - from];
        for (int i = from; i < to; i++) {
            t[i - from] = 1000 + i;
            v[i - from] = -i;
        }
        return ArrayTimeSeries.of(t, v);
    }

    /**
     * A series over arrays that answers {@code size()} with a claim. {@code strict}: reads past the arrays
     * throw, as an array would; otherwise they leave the destination untouched and answer 0 for one point.
     */
    private static final class Liar extends AbstractSizedContainerTimeSeries {
        private final int claim;
        private final double[] times;
        private final double[] values;
        private final boolean strict;
        private final boolean valuesThrow;

        Liar(int claim, double[] times, double[] values, boolean strict, boolean valuesThrow) {
            this.claim = claim;
            this.times = times;
            this.values = values;
            this.strict = strict;
            this.valuesThrow = valuesThrow;
        }

        @Override
        public int size() {
            return claim;
        }

        @Override
        public double time(int i) {
            return i < times.length || strict ? times[i] : 0;
        }

        @Override
        public double value(int i) {
            if (valuesThrow) {
                throw new IllegalStateException("values fail on purpose");
            }
            return i < values.length || strict ? values[i] : 0;
        }

        @Override
        public void copyTimes(int from, double[] dst, int offset, int length) {
            copy(times, from, dst, offset, length);
        }

        @Override
        public void copyValues(int from, double[] dst, int offset, int length) {
            if (valuesThrow) {
                throw new IllegalStateException("values fail on purpose");
            }
            copy(values, from, dst, offset, length);
        }

        private void copy(double[] src, int from, double[] dst, int offset, int length) {
            int n = strict ? length : Math.max(0, Math.min(length, src.length - from));
            if (n > 0 || strict) {
                System.arraycopy(src, from, dst, offset, n);
            }
        }

        @Override
        public String toString() {
            return "Liar[claims " + claim + ", gives " + times.length + (strict ? "" : ", silently") + "]";
        }
    }

    private static SizedContainerTimeSeries liar(int claim, int gives, boolean strict) {
        ArrayTimeSeries s = series(2000, 2000 + gives);
        return new Liar(claim, s.times(), s.values(), strict, false);
    }

    static Stream<Arguments> hostile() {
        List<Arguments> all = new ArrayList<>();
        for (boolean strict : new boolean[] {true, false}) {
            all.add(Arguments.of("claims 2^28, gives 3" + (strict ? "" : " silently"), liar(1 << 28, 3, strict),
                    SMALL));
            all.add(Arguments.of("claims MAX_VALUE, gives 3" + (strict ? "" : " silently"),
                    liar(Integer.MAX_VALUE, 3, strict), SMALL));
            all.add(Arguments.of("claims one more than it gives" + (strict ? "" : " silently"),
                    liar(300_001, 300_000, strict), LARGE));
        }
        ArrayTimeSeries big = series(2000, 302_000);
        double[] t = big.times();
        t[250_000] = Double.NaN;
        all.add(Arguments.of("NaN time at index 250,000 of 300,000", new Liar(t.length, t, big.values(), true, false),
                LARGE));
        double[] equal = big.times();
        equal[equal.length - 1] = equal[equal.length - 2];
        all.add(Arguments.of("equal times at the end", new Liar(equal.length, equal, big.values(), true, false),
                LARGE));
        all.add(Arguments.of("copyValues throws after the times",
                new Liar(t.length, big.times(), big.values(), true, true), LARGE));
        return all.stream();
    }

    /** Every entry point that writes, given the hostile series for one id. */
    private static Map<String, BiConsumer<FileStorageManager, SizedContainerTimeSeries>> calls() {
        Map<String, BiConsumer<FileStorageManager, SizedContainerTimeSeries>> calls = new LinkedHashMap<>();
        calls.put("store over a series", (m, s) -> m.store("base", s));
        calls.put("store to a new id", (m, s) -> m.store("new", s));
        calls.put("append to a series", (m, s) -> m.append("base", s));
        calls.put("append to a new id", (m, s) -> m.append("new", s));
        calls.put("storeAll", (m, s) -> {
            Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
            batch.put("other", series(0, 20));
            batch.put("base", s);
            m.storeAll(batch);
        });
        calls.put("appendAll", (m, s) -> {
            Map<String, SizedContainerTimeSeries> batch = new LinkedHashMap<>();
            batch.put("other", series(10, 20));
            batch.put("base", s);
            m.appendAll(batch);
        });
        return calls;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void isRefusedThroughEveryEntryPointChangingNoByteAndAllocatingLittle(String what, SizedContainerTimeSeries s,
            long budget) throws IOException {
        Map<String, String> before = listing(dir);
        List<String> failures = new ArrayList<>();
        long most = 0;
        for (Map.Entry<String, BiConsumer<FileStorageManager, SizedContainerTimeSeries>> call : calls().entrySet()) {
            long allocated = allocated();
            try {
                call.getValue().accept(store, s);
                failures.add(call.getKey() + ": accepted");
            } catch (IllegalArgumentException | IllegalStateException e) {
                // IllegalStateException: the series' own failure
                if (e instanceof IllegalStateException && !e.getMessage().contains("on purpose")) {
                    failures.add(call.getKey() + ": " + e);
                }
            } catch (RuntimeException | OutOfMemoryError e) {
                failures.add(call.getKey() + ": " + e);
            }
            long used = allocated() - allocated;
            most = Math.max(most, used);
            if (used > budget) {
                failures.add(call.getKey() + ": allocated " + used + " bytes");
            }
            Map<String, String> after = listing(dir);
            if (!after.equals(before)) {
                failures.add(call.getKey() + ": the directory changed from " + before + " to " + after);
            }
        }
        System.out.println("hostile series \"" + what + "\": refused through 6 entry points, at most " + most
                + " bytes allocated by one call");
        assertEquals(List.of(), failures, what);
        assertEquals(series(0, 1000), store.get("base"));
        assertEquals(series(0, 10), store.get("other"));
        store.close();
    }

    private static long allocated() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads instanceof com.sun.management.ThreadMXBean) {
            return ((com.sun.management.ThreadMXBean) threads).getCurrentThreadAllocatedBytes();
        }
        fail("this JVM does not count allocations");
        return 0;
    }

    /** Every file under the store with its length and CRC-32C, and every directory. */
    static Map<String, String> listing(Path root) throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String name = root.relativize(p).toString();
                if (Files.isDirectory(p)) {
                    all.put(name + "/", "");
                } else {
                    byte[] b = Files.readAllBytes(p);
                    CRC32C c = new CRC32C();
                    c.update(b);
                    all.put(name, b.length + " bytes, " + Long.toHexString(c.getValue()));
                }
            }
        }
        assertTrue(all.containsKey("index.journal"));
        return all;
    }
}
