package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.tsstore.core.ArrayTimeSeries;

/**
 * The statistics over mapped runs against plain loops over arrays: both ways of reading the extremes
 * ({@code InPlace} and {@code Copied}, whichever this JVM uses) give exactly the model's results, NaN,
 * infinities and {@code -0.0} included, for runs shorter and longer than a chunk, at any offset; and a
 * series in one window or spanning windows ({@link MappedSeries#chunked}) has exactly the mean and standard
 * deviation of numpy's pairwise summation over all its values, modelled here on a plain array.
 */
class ValueRunsTest {

    @Provide
    Arbitrary<List<Double>> values() {
        Arbitrary<Double> plain = Arbitraries.doubles().between(-1e9, 1e9);
        Arbitrary<Double> special = Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                -0.0, 0.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE);
        Arbitrary<Double> value = Arbitraries.frequencyOf(Tuple.of(3000, plain), Tuple.of(1, special));
        Arbitrary<Double> allSpecialOrZero = Arbitraries.of(-0.0, 0.0, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY);
        return Arbitraries.frequencyOf(
                Tuple.of(6, value.list().ofMaxSize(4 * ValueRuns.CHUNK + 3)),
                Tuple.of(1, allSpecialOrZero.list().ofMaxSize(40)),
                Tuple.of(1, value.list().ofMaxSize(9)));
    }

    /** A read-only little-endian view, as the mapping is: {@code pad} doubles of garbage, then the values. */
    private static DoubleBuffer buffer(double[] values, int pad) {
        ByteBuffer bytes = ByteBuffer.allocateDirect(8 * (values.length + pad + 5)).order(ByteOrder.LITTLE_ENDIAN);
        DoubleBuffer d = bytes.asDoubleBuffer();
        for (int i = 0; i < d.capacity(); i++) {
            d.put(i, 1e300); // around the run: would wreck any sum that read it
        }
        d.put(pad, values);
        return d.asReadOnlyBuffer();
    }

    private static double[] array(List<Double> list) {
        return list.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Numpy's pairwise sum of {@code a[from, from + n)}: pieces of at most 128 values summed with eight
     * accumulators (element {@code i mod 8}, combined as {@code ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 +
     * r7))}, the last {@code n mod 8} added after), fewer than 8 values added in order from {@code 0.0}, a
     * longer run split at {@code n/2} rounded down to a multiple of 8.
     */
    private static double pairwise(double[] a, int from, int n) {
        if (n < 8) {
            double r = 0.0;
            for (int i = from; i < from + n; i++) {
                r += a[i];
            }
            return r;
        }
        if (n <= 128) {
            double[] r = new double[8];
            System.arraycopy(a, from, r, 0, 8);
            int i = 8;
            for (; i + 8 <= n; i += 8) {
                for (int k = 0; k < 8; k++) {
                    r[k] += a[from + i + k];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        }
        int half = n / 2 - (n / 2) % 8;
        return pairwise(a, from, half) + pairwise(a, from + half, n - half);
    }

    private static double modelSum(double[] a) {
        return 0.0 + pairwise(a, 0, a.length);
    }

    private static double modelSquaredDeviations(double[] a, double mean) {
        double[] squares = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            squares[i] = (a[i] - mean) * (a[i] - mean);
        }
        return modelSum(squares);
    }

    private static double modelMin(double[] a) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : a) {
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            if (v < m || (v == 0 && m == 0 && Double.doubleToRawLongBits(v) < 0)) {
                m = v;
            }
        }
        return m;
    }

    private static double modelMax(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            if (v > m || (v == 0 && m == 0 && Double.doubleToRawLongBits(v) >= 0)) {
                m = v;
            }
        }
        return m;
    }

    @Property(tries = 300)
    void bothWaysOfReadingExtremesEqualTheModel(@ForAll("values") List<Double> list, @ForAll @IntRange(max = 9) int pad) {
        double[] a = array(list);
        DoubleBuffer b = buffer(a, pad);
        double min = modelMin(a);
        double max = modelMax(a);
        assertEquals(min, ValueRuns.extremeInPlace(b, pad, a.length, false), "min in place");
        assertEquals(min, ValueRuns.extremeCopied(b, pad, a.length, false), "min copied");
        assertEquals(min, ValueRuns.min(b, pad, a.length), "min");
        assertEquals(max, ValueRuns.extremeInPlace(b, pad, a.length, true), "max in place");
        assertEquals(max, ValueRuns.extremeCopied(b, pad, a.length, true), "max copied");
        assertEquals(max, ValueRuns.max(b, pad, a.length), "max");
    }

    /** A series in one window has the statistics of the model over its values (times are ignored). */
    @Property(tries = 100)
    void singleWindowSeriesHasTheModelStatistics(@ForAll("values") List<Double> list,
            @ForAll @IntRange(max = 5) int pad) {
        double[] values = array(list);
        int n = values.length;
        double[] both = new double[2 * n];
        for (int i = 0; i < n; i++) {
            both[i] = i;
            both[n + i] = values[i];
        }
        MappedSeries s = MappedSeries.single(buffer(both, pad), pad, pad + n, n);
        checkStatistics(values, s);
    }

    /**
     * A series spanning windows of {@code 2^shift} doubles has the statistics of the model over all its
     * values: the pairwise tree depends only on the count, not on where the windows break the run.
     */
    @Property(tries = 150)
    void spanningSeriesHasTheModelStatistics(@ForAll("values") List<Double> list, @ForAll @IntRange(min = 2, max = 11)
            int shift, @ForAll @IntRange(max = 3000) int start) {
        double[] values = array(list);
        int n = values.length;
        int stride = 1 << shift;
        // layout in doubles from the start of part 0: `start` unused, n times, n values
        int total = start + 2 * n;
        int partCount = Math.max(1, (total + stride - 1) / stride);
        double[] all = new double[partCount * stride + stride];
        for (int i = 0; i < n; i++) {
            all[start + i] = i;
            all[start + n + i] = values[i];
        }
        DoubleBuffer whole = buffer(all, 0);
        DoubleBuffer[] parts = new DoubleBuffer[partCount];
        for (int p = 0; p < partCount; p++) {
            parts[p] = whole.slice(p * stride, 2 * stride); // windows overlap by a stride, as mapped ones do
        }
        MappedSeries s = MappedSeries.chunked(parts, shift, start, start + n, n);
        checkStatistics(values, s);
    }

    private static void checkStatistics(double[] values, MappedSeries s) {
        int n = values.length;
        assertEquals(n, s.size(), "size");
        if (n == 0) {
            assertEquals(Double.NaN, s.mean(), "mean of nothing");
            assertEquals(Double.NaN, s.std(), "std of nothing");
            assertThrows(NoSuchElementException.class, s::min, "min of nothing");
            assertThrows(NoSuchElementException.class, s::max, "max of nothing");
            return;
        }
        double mean = modelSum(values) / n;
        assertEquals(mean, s.mean(), "mean");
        double[] times = new double[n];
        Arrays.setAll(times, i -> i);
        ArrayTimeSeries heap = ArrayTimeSeries.of(times, values);
        assertEquals(heap.mean(), s.mean(), "the mean of the heap copy, to the bit");
        assertEquals(heap.std(), s.std(), "the std of the heap copy, to the bit");
        double[] copy = new double[n];
        s.copyValues(0, copy, 0, n);
        assertEquals(List.of(Arrays.stream(values).boxed().toArray()),
                List.of(Arrays.stream(copy).boxed().toArray()), "copied values");
        assertEquals(modelMin(values), s.min(), "min");
        assertEquals(modelMax(values), s.max(), "max");
        double expectedStd = Math.sqrt(modelSquaredDeviations(values, mean) / n);
        assertEquals(expectedStd, s.std(), "std");
    }
}
