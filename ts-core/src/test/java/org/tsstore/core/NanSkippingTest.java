package org.tsstore.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tsstore.api.NanStatistics;
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * {@code skippingNaN()} against a model written here: the values that are not NaN, filtered into a plain
 * array, with an exact {@link BigDecimal} mean and deviation; over heap series, three-method series and
 * lazy views alike.
 */
class NanSkippingTest {

    private static final MathContext MC = new MathContext(40);

    private static double[] times(int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i;
        }
        return t;
    }

    @Test
    void statisticsOfTheValuesThatAreNotNaN() {
        SplittableRandom r = new SplittableRandom(11);
        for (int n : new int[] {1, 2, 9, 128, 1000, 4099}) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextInt(4) == 0 ? Double.NaN : 5e3 + r.nextGaussian();
            }
            v[0] = Double.NaN;
            double[] t = times(n);
            for (SizedContainerTimeSeries s : new SizedContainerTimeSeries[] {ArrayTimeSeries.of(t, v),
                new ThreeMethodSeries(t, v), ArrayTimeSeries.of(t, v).plus(0.0)}) {
                assertMatchesModel(v, s.skippingNaN());
            }
        }
    }

    private static void assertMatchesModel(double[] v, NanStatistics stats) {
        int count = 0;
        BigDecimal sum = BigDecimal.ZERO;
        double min = Double.NaN;
        double max = Double.NaN;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                count++;
                sum = sum.add(new BigDecimal(x));
                min = Double.isNaN(min) ? x : Math.min(min, x);
                max = Double.isNaN(max) ? x : Math.max(max, x);
            }
        }
        assertEquals(count, stats.count());
        assertEquals(min, stats.min());
        assertEquals(max, stats.max());
        if (count == 0) {
            assertTrue(Double.isNaN(stats.mean()) && Double.isNaN(stats.std()));
            return;
        }
        BigDecimal mean = sum.divide(BigDecimal.valueOf(count), MC);
        BigDecimal squares = BigDecimal.ZERO;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                BigDecimal d = new BigDecimal(x).subtract(mean);
                squares = squares.add(d.multiply(d));
            }
        }
        assertEquals(mean.doubleValue(), stats.mean(), 1e-15 * Math.abs(mean.doubleValue()) * 8);
        double std0 = squares.divide(BigDecimal.valueOf(count), MC).sqrt(MC).doubleValue();
        assertEquals(std0, stats.std(), 1e-9 * std0 + 1e-300);
        assertEquals(std0, stats.std(0), 1e-9 * std0 + 1e-300);
        if (count > 1) {
            double std1 = squares.divide(BigDecimal.valueOf(count - 1), MC).sqrt(MC).doubleValue();
            assertEquals(std1, stats.std(1), 1e-9 * std1);
        } else {
            assertTrue(Double.isNaN(stats.std(1)), "one value has no sample deviation");
        }
    }

    @Test
    void allNaNGivesNaNAndNoValuesHaveNoExtremes() {
        double[] t = {1, 2, 3};
        NanStatistics all = ArrayTimeSeries.of(t, new double[] {Double.NaN, Double.NaN, Double.NaN}).skippingNaN();
        assertEquals(0, all.count());
        assertTrue(Double.isNaN(all.mean()) && Double.isNaN(all.std()) && Double.isNaN(all.std(1)));
        assertTrue(Double.isNaN(all.min()) && Double.isNaN(all.max()));
        NanStatistics none = ArrayTimeSeries.empty().skippingNaN();
        assertEquals(0, none.count());
        assertTrue(Double.isNaN(none.mean()));
        NoSuchElementException e = assertThrows(NoSuchElementException.class, none::min);
        assertTrue(e.getMessage().contains("nanmin"), e.getMessage());
        assertThrows(NoSuchElementException.class, none::max);
        assertThrows(IllegalArgumentException.class, () -> all.std(-1));
    }

    @Test
    void theSeriesOwnStatisticsStillPropagateNaN() {
        SizedContainerTimeSeries s = ArrayTimeSeries.of(new double[] {1, 2, 3}, new double[] {1, Double.NaN, 3});
        assertTrue(Double.isNaN(s.mean()) && Double.isNaN(s.std()) && Double.isNaN(s.min()));
        assertEquals(2.0, s.skippingNaN().mean());
        assertEquals(1.0, s.skippingNaN().std());
        assertEquals(Math.sqrt(2.0), s.skippingNaN().std(1), 1e-15);
        assertEquals(1.0, s.skippingNaN().min());
        assertEquals(3.0, s.skippingNaN().max());
    }
}
