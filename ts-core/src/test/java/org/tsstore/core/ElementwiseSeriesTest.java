package org.tsstore.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.backend.Sums;

/**
 * The lazy element-wise views against a model computed here on plain arrays: values, times, equality and
 * hashing; reductions to the bits of the kernel over the model's array; operands read only when the view
 * is read, once per reduction pass; and no allocation in proportion to the length.
 */
class ElementwiseSeriesTest {

    /** Counts the values read from it (the skeleton's bulk copy reads through {@code value}). */
    private static final class Counting extends ThreeMethodSeries {
        long valuesRead;

        Counting(double[] t, double[] v) {
            super(t, v);
        }

        @Override
        public double value(int index) {
            valuesRead++;
            return super.value(index);
        }
    }

    private static double[] times(int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 10 + 0.5 * i;
        }
        return t;
    }

    private static double[] values(int n, long seed, boolean withNaN) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = withNaN && r.nextInt(10) == 0 ? Double.NaN : 1e6 + r.nextGaussian() * 100;
        }
        return v;
    }

    private static double[] zip(double[] a, double[] b, DoubleBinaryOperator op) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = op.applyAsDouble(a[i], b[i]);
        }
        return out;
    }

    private static double[] each(double[] a, java.util.function.DoubleUnaryOperator op) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = op.applyAsDouble(a[i]);
        }
        return out;
    }

    /** Values one by one, in bulk at an offset, times, equality and hash against the model. */
    private static void assertSeries(double[] t, double[] model, SizedContainerTimeSeries s) {
        assertEquals(model.length, s.size());
        double[] byIndex = new double[model.length];
        for (int i = 0; i < model.length; i++) {
            byIndex[i] = s.value(i);
        }
        assertArrayEquals(model, byIndex, "value(i)");
        assertArrayEquals(model, s.values(), "values()");
        assertArrayEquals(t, s.times(), "times()");
        if (model.length > 5) {
            double[] part = new double[model.length + 3];
            s.copyValues(2, part, 3, model.length - 2);
            for (int i = 2; i < model.length; i++) {
                assertEquals(Double.doubleToLongBits(model[i]), Double.doubleToLongBits(part[i + 1]), "copyValues " + i);
            }
        }
        ArrayTimeSeries reference = ArrayTimeSeries.of(t, model);
        assertEquals(reference, s);
        assertEquals(s, reference);
        assertEquals(reference.hashCode(), s.hashCode());
    }

    @Test
    void everyOperationComputesWhatTheArraysDo() {
        for (int n : new int[] {0, 1, 7, 129, 1024, 1025, 5000}) {
            double[] t = times(n);
            double[] x = values(n, n, true);
            double[] y = values(n, n + 1, false);
            SizedContainerTimeSeries a = ArrayTimeSeries.of(t, x);
            SizedContainerTimeSeries b = new ThreeMethodSeries(t.clone(), y);
            assertSeries(t, zip(x, y, (p, q) -> p + q), a.plus(b));
            assertSeries(t, zip(x, y, (p, q) -> p - q), a.minus(b));
            assertSeries(t, zip(x, y, (p, q) -> p * q), a.multipliedBy(b));
            assertSeries(t, zip(y, x, (p, q) -> p - q), b.minus(a));
            assertSeries(t, each(x, p -> p + 2.5), a.plus(2.5));
            assertSeries(t, each(x, p -> p - 2.5), a.minus(2.5));
            assertSeries(t, each(x, p -> p * -3), a.multipliedBy(-3));
            assertSeries(t, each(x, p -> -p), a.negated());
            assertSeries(t, each(y, p -> Math.abs(p - 1e6)), b.minus(1e6).abs());
            // ((a + b) * 2 - (b * a)).negated(): a chain with a right-hand chain, over lazy operands
            double[] model = each(zip(each(zip(x, y, (p, q) -> p + q), p -> p * 2), zip(y, x, (p, q) -> p * q),
                    (p, q) -> p - q), p -> -p);
            assertSeries(t, model, a.plus(b).multipliedBy(2).minus(b.multipliedBy(a)).negated());
        }
    }

    @Test
    void reductionsGiveTheKernelsBitsOverTheModel() {
        int n = 100_003;
        double[] t = times(n);
        double[] x = values(n, 1, false);
        double[] y = values(n, 2, false);
        SizedContainerTimeSeries lazy = ArrayTimeSeries.of(t, x).plus(new ThreeMethodSeries(t, y)).multipliedBy(2);
        double[] model = each(zip(x, y, (p, q) -> p + q), p -> p * 2);
        assertEquals(Double.doubleToLongBits(Sums.sum(model, 0, n) / n), Double.doubleToLongBits(lazy.mean()));
        Sums.Source m = Sums.arraySource(model);
        assertEquals(Sums.std(m, n, 0), lazy.std());
        assertEquals(Sums.std(m, n, 1), lazy.std(1));
        assertEquals(Sums.std(m, n, 1), ArrayTimeSeries.copyOf(lazy).std(1));
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : model) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(min, lazy.min());
        assertEquals(max, lazy.max());
        double[] withNaN = x.clone();
        withNaN[n / 2] = Double.NaN;
        SizedContainerTimeSeries holed = ArrayTimeSeries.of(t, withNaN).plus(1);
        assertTrue(Double.isNaN(holed.mean()) && Double.isNaN(holed.min()) && Double.isNaN(holed.max()));
        assertThrows(NoSuchElementException.class, () -> ArrayTimeSeries.empty().plus(1).min());
        assertTrue(Double.isNaN(ArrayTimeSeries.empty().plus(1).mean()));
        assertThrows(IllegalArgumentException.class, () -> lazy.std(-1));
    }

    @Test
    void operandsAreReadOnlyWhenTheViewIsAndOncePerPass() {
        int n = 10_000;
        double[] t = times(n);
        Counting a = new Counting(t, values(n, 3, false));
        Counting b = new Counting(t.clone(), values(n, 4, false));
        SizedContainerTimeSeries lazy = a.plus(b).multipliedBy(2);
        assertEquals(0, a.valuesRead + b.valuesRead, "making the view reads no values");
        lazy.mean();
        assertEquals(n, a.valuesRead, "one pass reads each value of a once");
        assertEquals(n, b.valuesRead, "one pass reads each value of b once");
        lazy.std();
        assertEquals(3L * n, a.valuesRead, "std is two more passes");
    }

    @Test
    void storingAViewComputesItInOnePass() {
        int n = 200_000;
        double[] t = times(n);
        double[] x = values(n, 12, true);
        double[] y = values(n, 13, false);
        Counting a = new Counting(t, x);
        Counting b = new Counting(t.clone(), y);
        try (InMemoryStorageManager store = new InMemoryStorageManager()) {
            store.store("sum", a.plus(b).abs());
            assertEquals(n, a.valuesRead, "each value of a read once");
            assertEquals(n, b.valuesRead, "each value of b read once");
            assertSeries(t, each(zip(x, y, (p, q) -> p + q), Math::abs), store.get("sum"));
        }
    }

    @Test
    void mismatchedOperandsAreRefusedAtOnceNamingTheFirstIndex() {
        double[] t = times(3000);
        double[] other = t.clone();
        other[2500] += 0.25;
        SizedContainerTimeSeries a = ArrayTimeSeries.of(t, values(3000, 5, false));
        SizedContainerTimeSeries b = ArrayTimeSeries.of(other, values(3000, 6, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.plus(b));
        assertTrue(e.getMessage().contains("index 2500"), e.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> a.minus(ArrayTimeSeries.empty()));
        assertTrue(size.getMessage().contains("3000 points and 0 points"), size.getMessage());
        assertThrows(NullPointerException.class, () -> a.multipliedBy(null));
        // 0.0 and -0.0 are the same time, though their bits differ
        SizedContainerTimeSeries plusZero = ArrayTimeSeries.of(new double[] {-1, 0.0, 1}, new double[] {1, 2, 3});
        SizedContainerTimeSeries minusZero = ArrayTimeSeries.of(new double[] {-1, -0.0, 1}, new double[] {4, 5, 6});
        assertArrayEquals(new double[] {5, 7, 9}, plusZero.plus(minusZero).values());
    }

    @Test
    void theTimeCheckFindsTheFirstDifferenceInPlaceAndThroughCopies() {
        int n = 150_000;
        int zero = 2000;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 0.5 * (i - zero);
        }
        double[] minusZero = t.clone();
        minusZero[zero] = -0.0;
        double[] v = values(n, 14, false);
        double[] w = values(n, 15, false);
        double[] padded = new double[n + 7];
        double[] paddedValues = new double[n + 7];
        for (int i = 0; i < 7; i++) {
            padded[i] = t[0] - 7 + i;
        }
        System.arraycopy(t, 0, padded, 7, n);
        System.arraycopy(v, 0, paddedValues, 7, n);
        List<SizedContainerTimeSeries> lefts = List.of(ArrayTimeSeries.of(t, v),
                ArrayTimeSeries.view(padded, paddedValues, 7, n), ArrayTimeSeries.of(t, v).plus(1.0),
                new Counting(t, v));
        SplittableRandom r = new SplittableRandom(16);
        int[] ks = {0, 1, zero, 65_535, 65_536, 65_537, 131_072, n - 1, r.nextInt(n), r.nextInt(n)};
        for (SizedContainerTimeSeries left : lefts) {
            for (boolean copied : new boolean[] {false, true}) {
                // 0.0 and -0.0 are one time: accepted, in place and through copies alike
                SizedContainerTimeSeries same = copied ? new Counting(minusZero, w) : ArrayTimeSeries.of(minusZero, w);
                assertEquals(model(v, w, left), left.plus(same).mean(), "sum accepted");
                for (int k : ks) {
                    double[] other = minusZero.clone();
                    other[k] = Math.nextUp(other[k]);
                    if (k + 1 < n) {
                        other[n - 1] = Math.nextUp(other[n - 1]);
                    }
                    int first = firstDifference(t, other);
                    SizedContainerTimeSeries right = copied ? new Counting(other, w) : ArrayTimeSeries.of(other, w);
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> left.plus(right));
                    assertTrue(e.getMessage().contains("first at index " + first + ":"), e.getMessage());
                    assertThrows(IllegalArgumentException.class, () -> right.minus(left));
                }
            }
        }
    }

    /** The mean of the model's {@code left + w}, where {@code left} holds {@code v} or {@code v + 1}. */
    private static double model(double[] v, double[] w, SizedContainerTimeSeries left) {
        boolean shifted = left instanceof ElementwiseSeries;
        double[] sum = zip(v, w, (p, q) -> (shifted ? p + 1.0 : p) + q);
        return Sums.sum(sum, 0, sum.length) / sum.length;
    }

    private static int firstDifference(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aDeepChainStaysExactAndBounded() {
        int n = 300;
        double[] t = times(n);
        double[] x = values(n, 7, false);
        SizedContainerTimeSeries s = ArrayTimeSeries.of(t, x);
        double[] model = x.clone();
        for (int k = 0; k < 5000; k++) {
            s = s.plus(0.125);
            for (int i = 0; i < n; i++) {
                model[i] += 0.125;
            }
        }
        assertSeries(t, model, s);
        assertEquals(Double.doubleToLongBits(Sums.sum(model, 0, n) / n), Double.doubleToLongBits(s.mean()));
    }

    @Test
    void aFusedReductionAllocatesNothingInProportionToTheLength() {
        int n = 2_000_000;
        double[] t = times(n);
        SizedContainerTimeSeries lazy = ArrayTimeSeries.of(t, values(n, 8, false))
                .plus(ArrayTimeSeries.of(t, values(n, 9, false))).multipliedBy(2);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int warm = 0; warm < 3; warm++) {
            lazy.mean();
            lazy.skippingNaN().std();
        }
        long before = threads.getThreadAllocatedBytes(id);
        lazy.mean();
        lazy.std();
        lazy.skippingNaN().mean();
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertTrue(allocated < 200_000, allocated + " bytes allocated by reductions over " + n + " points");
    }
}
