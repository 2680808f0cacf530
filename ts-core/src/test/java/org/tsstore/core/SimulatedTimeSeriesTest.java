package org.tsstore.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.PrimitiveIterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.tsstore.api.Point;

class SimulatedTimeSeriesTest {

    /** Two-pass mean of the first k values, with numpy's answers for non-finite values. */
    private static double prefixMean(double[] v, int k) {
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += v[i];
        }
        return sum / k;
    }

    /** Two-pass population standard deviation of the first k values. */
    private static double prefixStd(double[] v, int k) {
        return prefixStd(v, k, 0);
    }

    /** Two-pass standard deviation of the first k values with k - ddof in the denominator. */
    private static double prefixStd(double[] v, int k, int ddof) {
        double mean = prefixMean(v, k);
        double squares = 0;
        for (int i = 0; i < k; i++) {
            squares += (v[i] - mean) * (v[i] - mean);
        }
        return Math.sqrt(squares / (k - ddof));
    }

    @Property(tries = 100)
    void runningStdWithDegreesOfFreedomMatchesATwoPassComputation(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 300) int n, @ForAll @IntRange(min = 0, max = 3) int ddof) {
        SimulatedTimeSeries walk = SimulatedTimeSeries.randomWalk(seed, 100, 0.25, 3);
        double[] v = walk.take(n).values();
        double[] stds = walk.runningStd(ddof).take(n).values();
        for (int k = 1; k <= n; k++) {
            if (k - ddof <= 0) {
                assertTrue(Double.isNaN(stds[k - 1]), "no degrees of freedom left after " + k);
            } else {
                assertEquals(prefixStd(v, k, ddof), stds[k - 1], 1e-9 * k, "running std(" + ddof + ") after " + k);
            }
        }
    }

    @Example
    void runningStdOfTheCourseUsesNMinusOneWhenAskedAndRefusesNegativeDdof() {
        // values 2, 4, 4, 4, 5, 5, 7, 9: population std 2, sample std sqrt(32 / 7)
        double[] v = {2, 4, 4, 4, 5, 5, 7, 9};
        SimulatedTimeSeries s = SimulatedTimeSeries.of(i -> i, i -> i < v.length ? v[(int) i] : 0);
        assertEquals(2.0, s.runningStd().take(8).value(7), 1e-12);
        assertEquals(Math.sqrt(32.0 / 7), s.runningStd(1).take(8).value(7), 1e-12);
        assertTrue(Double.isNaN(s.runningStd(1).take(1).value(0)), "one value has no sample deviation");
        assertTrue(s.runningStd(1).toString().endsWith(".runningStd(1)"));
        assertThrows(IllegalArgumentException.class, () -> s.runningStd(-1));
    }

    @Property(tries = 200)
    void runningMeanAndStdOfAWalkMatchATwoPassComputation(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int n,
            @ForAll @DoubleRange(min = -1e4, max = 1e4) double start,
            @ForAll @DoubleRange(min = 0.001, max = 100) @Scale(3) double sigma) {
        SimulatedTimeSeries walk = SimulatedTimeSeries.randomWalk(seed, start, 0.25, sigma);
        double[] v = walk.take(n).values();
        double[] means = walk.runningMean().take(n).values();
        double[] stds = walk.runningStd().take(n).values();
        double scale = 0;
        for (double x : v) {
            scale = Math.max(scale, Math.abs(x));
        }
        for (int k = 1; k <= n; k++) {
            assertEquals(prefixMean(v, k), means[k - 1], 1e-12 * k * scale, "running mean after " + k);
            assertEquals(prefixStd(v, k), stds[k - 1], 1e-10 * k * scale, "running std after " + k);
        }
        assertEquals(0.0, stds[0], "one value has no spread");
        assertArrayEquals(walk.take(n).times(), walk.runningMean().take(n).times(), "same times");
    }

    @Property(tries = 300)
    void runningStatisticsOfAnyValuesFollowNumpy(@ForAll("values") List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        SimulatedTimeSeries s = SimulatedTimeSeries.of(i -> i, i -> i < v.length ? v[(int) i] : 0);
        double[] means = s.runningMean().take(v.length).values();
        double[] stds = s.runningStd().take(v.length).values();
        for (int k = 1; k <= v.length; k++) {
            boolean finite = true;
            double scale = 0;
            for (int i = 0; i < k; i++) {
                finite &= Double.isFinite(v[i]);
                scale = Math.max(scale, Math.abs(v[i]));
            }
            double mean = prefixMean(v, k); // NaN and infinities propagate through the plain sum as in numpy
            if (finite) {
                assertEquals(mean, means[k - 1], 1e-12 * k * scale, "mean after " + k);
                assertEquals(prefixStd(v, k), stds[k - 1], 1e-10 * k * scale, "std after " + k);
            } else {
                assertEquals(mean, means[k - 1], "mean after " + k + " with a non-finite value");
                assertTrue(Double.isNaN(stds[k - 1]), "std after " + k + " with a non-finite value");
            }
        }
    }

    @Provide
    Arbitrary<List<Double>> values() {
        return Arbitraries.doubles().between(-1e6, 1e6)
                .withSpecialValue(Double.NaN).withSpecialValue(Double.POSITIVE_INFINITY)
                .withSpecialValue(Double.NEGATIVE_INFINITY).withSpecialValue(-0.0)
                .list().ofMaxSize(60);
    }

    @Property(tries = 50)
    void aWalkIsDeterministicPerSeedAndIndependentPerIterator(@ForAll long seed) {
        SimulatedTimeSeries a = SimulatedTimeSeries.randomWalk(seed, 1, 1, 2);
        SimulatedTimeSeries b = SimulatedTimeSeries.randomWalk(seed, 1, 1, 2);
        assertEquals(a.take(200), b.take(200));
        assertEquals(a.take(200), a.take(200), "every take starts over");
        assertNotEquals(a.take(20), SimulatedTimeSeries.randomWalk(seed + 1, 1, 1, 2).take(20));
        PrimitiveIterator.OfDouble first = a.valueIterator();
        PrimitiveIterator.OfDouble second = a.valueIterator();
        double[] expected = a.take(50).values();
        for (int i = 0; i < 50; i++) {
            assertEquals(expected[i], first.nextDouble(), "interleaved iterator 1 at " + i);
            assertEquals(expected[i], second.nextDouble(), "interleaved iterator 2 at " + i);
        }
    }

    @Example
    void aWalkStartsAtStartWithEvenlySpacedTimesAndIncrementsOfSigma() {
        double sigma = 3;
        int n = 20_000;
        ArrayTimeSeries walk = SimulatedTimeSeries.randomWalk(7, 100, 0.5, sigma).take(n);
        assertEquals(100.0, walk.value(0));
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(i * 0.5, walk.time(i));
            if (i > 0) {
                double d = walk.value(i) - walk.value(i - 1);
                sum += d;
                squares += d * d;
            }
        }
        double mean = sum / (n - 1);
        double std = Math.sqrt(squares / (n - 1) - mean * mean);
        // The sample std of 20000 normal increments is within 5% of sigma far beyond any doubt (~10 sd).
        assertEquals(sigma, std, 0.05 * sigma);
        assertEquals(0, mean, 0.1 * sigma);
        ArrayTimeSeries flat = SimulatedTimeSeries.randomWalk(7, -2, 1, 0).take(10);
        assertEquals(-2, flat.min());
        assertEquals(-2, flat.max());
    }

    @Example
    void iteratorsAndStreamsAreUnbounded() {
        SimulatedTimeSeries s = SimulatedTimeSeries.of(i -> i * 2.0, i -> -i);
        PrimitiveIterator.OfDouble times = s.timeIterator();
        for (int i = 0; i < 100_000; i++) {
            times.nextDouble();
        }
        assertTrue(times.hasNext());
        assertArrayEquals(new double[] {0, 2, 4}, s.timeStream().limit(3).toArray());
        assertArrayEquals(new double[] {0, -1, -2}, s.valueStream().limit(3).toArray());
        assertEquals(List.of(new Point(0, 0), new Point(2, -1)), s.points().limit(2).toList());
        assertEquals(0, s.take(0).size());
        assertThrows(IllegalArgumentException.class, () -> s.take(-1));
    }

    @Example
    void generatedAsksForAFreshGeneratorPerIteration() {
        AtomicInteger made = new AtomicInteger();
        SimulatedTimeSeries s = SimulatedTimeSeries.generated(i -> i, () -> {
            made.incrementAndGet();
            double[] state = {0};
            return (DoubleSupplier) () -> state[0]++;
        });
        assertEquals(ArrayTimeSeries.of(new double[] {0, 1, 2}, new double[] {0, 1, 2}), s.take(3));
        assertEquals(s.take(3), s.take(3));
        assertEquals(3, made.get());
        assertThrows(NullPointerException.class,
                () -> SimulatedTimeSeries.generated(i -> i, () -> null).valueIterator());
    }

    @Example
    void aTimeFunctionThatBreaksTheRulesFailsAtItsIndex() {
        SimulatedTimeSeries backwards = SimulatedTimeSeries.of(i -> i == 3 ? 1 : i, i -> 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> backwards.take(5));
        assertTrue(e.getMessage().contains("index 3"), e.getMessage());
        SimulatedTimeSeries nan = SimulatedTimeSeries.of(i -> i == 2 ? Double.NaN : i, i -> 0);
        e = assertThrows(IllegalStateException.class, () -> nan.take(3));
        assertTrue(e.getMessage().contains("index 2"), e.getMessage());
        assertEquals(2, nan.take(2).size(), "the points before are fine");
    }

    @Example
    void factoryArgumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> SimulatedTimeSeries.randomWalk(1, Double.NaN, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> SimulatedTimeSeries.randomWalk(1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> SimulatedTimeSeries.randomWalk(1, 0, Double.POSITIVE_INFINITY, 1));
        assertThrows(IllegalArgumentException.class, () -> SimulatedTimeSeries.randomWalk(1, 0, 1, -1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimulatedTimeSeries.randomWalk(1, 0, 1, Double.NaN));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Example
    void toStringSaysHowTheSeriesWasMade() {
        String s = SimulatedTimeSeries.randomWalk(5, 0, 1, 2).runningStd().toString();
        assertTrue(s.contains("randomWalk(seed=5") && s.endsWith(".runningStd()"), s);
        assertFalse(s.isEmpty());
    }
}
