package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.List;
import java.util.NoSuchElementException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The statistics over mapped runs against plain loops over arrays: both ways of reading ({@code InPlace}
 * and {@code Copied}, whichever this JVM uses) give exactly the model's results, NaN, infinities and
 * {@code -0.0} included, for runs shorter and longer than a chunk, at any offset; and a series spanning
 * windows ({@link MappedSeries#chunked}) sums window by window as documented.
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

    /** The accumulator that element {@code i} of {@code n} goes to: {@code i mod 4}, the last {@code n mod 4} to 0. */
    private static int lane(int i, int n) {
        return i < n - n % 4 ? i % 4 : 0;
    }

    /** Each element into its {@link #lane}, combined as {@code (s0 + s1) + (s2 + s3)}. */
    private static double modelSum(double[] a) {
        double[] s = new double[4];
        for (int i = 0; i < a.length; i++) {
            s[lane(i, a.length)] += a[i];
        }
        return (s[0] + s[1]) + (s[2] + s[3]);
    }

    private static double modelSquaredDeviations(double[] a, double mean) {
        double[] s = new double[4];
        for (int i = 0; i < a.length; i++) {
            s[lane(i, a.length)] += (a[i] - mean) * (a[i] - mean);
        }
        return (s[0] + s[1]) + (s[2] + s[3]);
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
    void bothReadingWaysEqualTheModel(@ForAll("values") List<Double> list, @ForAll @IntRange(max = 9) int pad) {
        double[] a = array(list);
        DoubleBuffer b = buffer(a, pad);
        double sum = modelSum(a);
        // assertEquals(double, double) tells -0.0 from 0.0 and takes NaN as equal to NaN
        assertEquals(sum, ValueRuns.sumInPlace(b, pad, a.length), "sum in place");
        assertEquals(sum, ValueRuns.sumCopied(b, pad, a.length), "sum copied");
        assertEquals(sum, ValueRuns.sum(b, pad, a.length), "sum");
        double mean = a.length == 0 ? 0 : sum / a.length;
        double squares = modelSquaredDeviations(a, mean);
        assertEquals(squares, ValueRuns.squaredDeviationsInPlace(b, pad, a.length, mean), "squares in place");
        assertEquals(squares, ValueRuns.squaredDeviationsCopied(b, pad, a.length, mean), "squares copied");
        assertEquals(squares, ValueRuns.squaredDeviations(b, pad, a.length, mean), "squares");
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
        checkStatistics(values, s, modelSum(values));
    }

    /**
     * A series spanning windows of {@code 2^shift} doubles: each window's run is summed as one, and the runs'
     * sums added in order; min, max and NaN behave as over the whole.
     */
    @Property(tries = 150)
    void spanningSeriesSumsWindowByWindow(@ForAll("values") List<Double> list, @ForAll @IntRange(min = 2, max = 11)
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
        double sum = 0;
        for (int from = start + n; from < start + 2 * n;) {
            int to = Math.min(start + 2 * n, (from / stride + 1) * stride);
            double[] run = new double[to - from];
            System.arraycopy(all, from, run, 0, run.length);
            sum += modelSum(run);
            from = to;
        }
        checkStatistics(values, s, sum);
    }

    private static void checkStatistics(double[] values, MappedSeries s, double sum) {
        int n = values.length;
        assertEquals(n, s.size(), "size");
        if (n == 0) {
            assertEquals(Double.NaN, s.mean(), "mean of nothing");
            assertEquals(Double.NaN, s.std(), "std of nothing");
            assertThrows(NoSuchElementException.class, s::min, "min of nothing");
            assertThrows(NoSuchElementException.class, s::max, "max of nothing");
            return;
        }
        double mean = sum / n;
        assertEquals(mean, s.mean(), "mean");
        double[] copy = new double[n];
        s.copyValues(0, copy, 0, n);
        assertEquals(List.of(java.util.Arrays.stream(values).boxed().toArray()),
                List.of(java.util.Arrays.stream(copy).boxed().toArray()), "copied values");
        assertEquals(modelMin(values), s.min(), "min");
        assertEquals(modelMax(values), s.max(), "max");
        double std = s.std();
        if (Double.isNaN(mean) || Double.isInfinite(mean)) {
            assertEquals(Double.NaN, std, "std with a non-finite mean");
        } else {
            double squares = 0;
            for (double v : values) {
                squares += (v - mean) * (v - mean);
            }
            double expected = Math.sqrt(squares / n);
            assertEquals(expected, std, Math.max(1e-9 * expected, 1e-300), "std");
        }
    }
}
