package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.tsstore.testkit.SeriesAssertions.assertHolds;

import java.util.NoSuchElementException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.tsstore.api.NanStatistics;
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * The reductions of a {@link SizedContainerTimeSeries}:
 * <ul>
 *   <li>{@code mean()} is within a relative tolerance of {@value SeriesContract#TOLERANCE} of the plain sum
 *       divided by the size (relative to the mean of the absolute values), and {@code std()} (population)
 *       within {@value SeriesContract#TOLERANCE} of the two-pass formula (relative to the root mean square
 *       of the values); {@code NaN} if any value is {@code NaN} or both infinities occur; an infinite mean
 *       when one infinity occurs, with a {@code NaN} standard deviation; both {@code NaN} when empty;</li>
 *   <li>{@code min()}/{@code max()} equal a linear scan ({@code NaN} if any value is {@code NaN}; the sign
 *       of a zero result is unspecified), and throw {@link NoSuchElementException} when empty;</li>
 *   <li>{@code std(ddof)} and {@code skippingNaN()} follow the same formulas over {@code n - ddof} and over
 *       the values that are not {@code NaN}.</li>
 * </ul>
 */
public interface SeriesStatisticsContract extends SeriesContract {

    /**
     * {@code mean()} and {@code std()} agree with the straightforward formulas within
     * {@value SeriesContract#TOLERANCE}, and follow the rules for {@code NaN}, infinities and the empty series.
     *
     * @param points times and values
     */
    @Property(tries = 100)
    default void meanAndStdMatchTheFormulas(@ForAll("statisticsPoints") double[][] points) {
        double[] v = points[1];
        SizedContainerTimeSeries s = create(points[0].clone(), v.clone());
        double mean = s.mean();
        double std = s.std();
        int n = v.length;
        boolean nan = false;
        boolean plusInf = false;
        boolean minusInf = false;
        for (double x : v) {
            nan |= Double.isNaN(x);
            plusInf |= x == Double.POSITIVE_INFINITY;
            minusInf |= x == Double.NEGATIVE_INFINITY;
        }
        String of = " of " + SeriesAssertions.abbreviate(v);
        if (n == 0 || nan || (plusInf && minusInf)) {
            assertTrue(Double.isNaN(mean), "mean()" + of + " is " + mean + ", expected NaN");
            assertTrue(Double.isNaN(std), "std()" + of + " is " + std + ", expected NaN");
        } else if (plusInf || minusInf) {
            assertEquals(plusInf ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY, mean, "mean()" + of);
            assertTrue(Double.isNaN(std), "std()" + of + " is " + std + ", expected NaN");
        } else {
            double sum = 0;
            double sumAbs = 0;
            double sumSquares = 0;
            for (double x : v) {
                sum += x;
                sumAbs += Math.abs(x);
                sumSquares += x * x;
            }
            double expectedMean = sum / n;
            double squaredDeviations = 0;
            for (double x : v) {
                squaredDeviations += (x - expectedMean) * (x - expectedMean);
            }
            double expectedStd = Math.sqrt(squaredDeviations / n);
            double meanScale = sumAbs / n;
            double stdScale = Math.sqrt(sumSquares / n);
            if (!(mean == expectedMean || Math.abs(mean - expectedMean) <= TOLERANCE * meanScale)) {
                fail("mean()" + of + " is " + mean + ", expected " + expectedMean + " within " + TOLERANCE + " of "
                        + meanScale);
            }
            if (!(std == expectedStd || Math.abs(std - expectedStd) <= TOLERANCE * stdScale)) {
                fail("std()" + of + " is " + std + ", expected " + expectedStd + " within " + TOLERANCE + " of "
                        + stdScale);
            }
        }
        assertHolds("the series after mean() and std()", points[0], v, s);
    }

    /**
     * {@code min()} and {@code max()} agree with a linear scan; {@code NaN} if any value is; the empty
     * series throws {@link NoSuchElementException}.
     *
     * @param points times and values
     */
    @Property(tries = 100)
    default void minAndMaxAgreeWithALinearScan(@ForAll("seriesPoints") double[][] points) {
        double[] v = points[1];
        SizedContainerTimeSeries s = create(points[0].clone(), v.clone());
        if (v.length == 0) {
            Rejections.expect("min() of the empty series", s::min, NoSuchElementException.class);
            Rejections.expect("max() of the empty series", s::max, NoSuchElementException.class);
            return;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean nan = false;
        for (double x : v) {
            nan |= Double.isNaN(x);
            min = x < min ? x : min;
            max = x > max ? x : max;
        }
        double gotMin = s.min();
        double gotMax = s.max();
        String of = " of " + SeriesAssertions.abbreviate(v);
        if (nan) {
            assertTrue(Double.isNaN(gotMin), "min()" + of + " is " + gotMin + ", expected NaN");
            assertTrue(Double.isNaN(gotMax), "max()" + of + " is " + gotMax + ", expected NaN");
        } else {
            assertTrue(gotMin == min, "min()" + of + " is " + gotMin + ", expected " + min);
            assertTrue(gotMax == max, "max()" + of + " is " + gotMax + ", expected " + max);
        }
    }

    /**
     * {@code std(ddof)} agrees with the two-pass formula over {@code n - ddof}, and {@code skippingNaN()} with
     * the same formulas over the values that are not {@code NaN} (count, mean, std with ddof 0 and 1, and an
     * exact min and max), numpy's {@code nan*} rules; a negative {@code ddof} is refused.
     *
     * @param points times and values
     */
    @Property(tries = 100)
    default void ddofAndNanSkippingMatchTheFormulas(@ForAll("statisticsPoints") double[][] points) {
        double[] v = points[1].clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.isInfinite(v[i]) ? Double.NaN : v[i];
        }
        SizedContainerTimeSeries s = create(points[0].clone(), v.clone());
        String of = " of " + SeriesAssertions.abbreviate(v);
        Rejections.expect("std(-1)" + of, () -> s.std(-1), IllegalArgumentException.class);
        int count = 0;
        double sum = 0;
        double sumAbs = 0;
        double min = Double.NaN;
        double max = Double.NaN;
        boolean nan = false;
        for (double x : v) {
            if (Double.isNaN(x)) {
                nan = true;
                continue;
            }
            count++;
            sum += x;
            sumAbs += Math.abs(x);
            min = Double.isNaN(min) || x < min ? x : min;
            max = Double.isNaN(max) || x > max ? x : max;
        }
        NanStatistics stats = s.skippingNaN();
        assertEquals(count, stats.count(), "skippingNaN().count()" + of);
        if (count == 0) {
            assertTrue(Double.isNaN(stats.mean()) && Double.isNaN(stats.std()), "no numbers" + of + ": NaN");
            if (v.length == 0) {
                Rejections.expect("skippingNaN().min() of the empty series", stats::min, NoSuchElementException.class);
            } else {
                assertTrue(Double.isNaN(stats.min()) && Double.isNaN(stats.max()), "all NaN" + of + ": NaN");
            }
            return;
        }
        assertTrue(stats.min() == min, "skippingNaN().min()" + of + " is " + stats.min() + ", expected " + min);
        assertTrue(stats.max() == max, "skippingNaN().max()" + of + " is " + stats.max() + ", expected " + max);
        double mean = sum / count;
        double squares = 0;
        double sumSquares = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                squares += (x - mean) * (x - mean);
                sumSquares += x * x;
            }
        }
        double stdScale = Math.sqrt(sumSquares / count);
        assertClose("skippingNaN().mean()" + of, mean, stats.mean(), sumAbs / count);
        assertClose("skippingNaN().std()" + of, Math.sqrt(squares / count), stats.std(), stdScale);
        if (count > 1) {
            assertClose("skippingNaN().std(1)" + of, Math.sqrt(squares / (count - 1)), stats.std(1), stdScale);
        } else {
            assertTrue(Double.isNaN(stats.std(1)), "skippingNaN().std(1) of one number is NaN");
        }
        if (!nan && count > 1) {
            assertClose("std(1)" + of, Math.sqrt(squares / (count - 1)), s.std(1), stdScale);
        } else {
            assertTrue(Double.isNaN(s.std(1)), "std(1)" + of + " is NaN with a NaN or fewer than two values");
        }
        assertHolds("the series after std(ddof) and skippingNaN()", points[0], v, s);
    }

    private static void assertClose(String what, double expected, double got, double scale) {
        if (!(got == expected || Math.abs(got - expected) <= TOLERANCE * scale)) {
            fail(what + " is " + got + ", expected " + expected + " within " + TOLERANCE + " of " + scale);
        }
    }
}
