package org.tsstore.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class SeriesRulesTest {

    private static final Pattern FIRST_INDEX = Pattern.compile("index (\\d+)");

    /** Times that are mostly valid, with at most a few corruptions of the kinds the rules forbid. */
    @Provide
    Arbitrary<double[]> times() {
        return Arbitraries.randomValue(SeriesRulesTest::nearlyValidTimes);
    }

    static double[] nearlyValidTimes(Random r) {
        int n = r.nextInt(6) == 0 ? 0 : 1 + r.nextInt(r.nextBoolean() ? 5 : 60);
        double[] t = new double[n];
        double prev = r.nextBoolean() ? -0.0 : (r.nextDouble() - 0.5) * 1e9;
        for (int i = 0; i < n; i++) {
            prev = i == 0 ? prev : r.nextInt(5) == 0 ? Math.nextUp(prev) : prev + r.nextDouble() * 10 + 1e-6;
            t[i] = prev;
        }
        int corruptions = r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(2);
        for (int k = 0; k < corruptions && n > 0; k++) {
            int i = r.nextInt(n);
            switch (r.nextInt(7)) {
                case 0 -> t[i] = Double.NaN;
                case 1 -> t[i] = Double.POSITIVE_INFINITY;
                case 2 -> t[i] = Double.NEGATIVE_INFINITY;
                case 3 -> t[i] = i > 0 ? t[i - 1] : t[i]; // a repeated time
                case 4 -> t[i] = i > 0 ? Math.nextDown(t[i - 1]) : t[i];
                case 5 -> t[i] = t[i] == 0 ? -t[i] : t[i]; // -0.0 equals 0.0 as a number
                default -> t[i] = i > 0 && t[i - 1] == 0 ? -t[i - 1] : t[i];
            }
        }
        return t;
    }

    /** The first index breaking the rules, or -1: a plain reading of "finite and strictly increasing". */
    static int firstBadIndex(double[] t) {
        for (int i = 0; i < t.length; i++) {
            if (Double.isNaN(t[i]) || Double.isInfinite(t[i])) {
                return i;
            }
            if (i > 0 && t[i] <= t[i - 1]) {
                return i;
            }
        }
        return -1;
    }

    @Property
    void checkTimesAcceptsExactlyFiniteStrictlyIncreasingTimesAndNamesTheFirstBadIndex(
            @ForAll("times") double[] times) {
        double[] before = times.clone();
        int bad = firstBadIndex(times);
        Statistics.label("valid").collect(bad < 0);
        Statistics.label("valid").coverage(c -> {
            c.check(true).percentage(p -> p > 20);
            c.check(false).percentage(p -> p > 20);
        });
        if (bad < 0) {
            assertDoesNotThrow(() -> SeriesRules.checkTimes(times));
            assertDoesNotThrow(() -> SeriesRules.check(times, new double[times.length]));
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SeriesRules.checkTimes(times));
            Matcher m = FIRST_INDEX.matcher(e.getMessage());
            assertTrue(m.find(), e.getMessage());
            assertEquals(bad, Integer.parseInt(m.group(1)), "the first index named in: " + e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> SeriesRules.check(times, new double[times.length]));
        }
        assertTrue(Arrays.equals(before, times), "the check must not change its argument");
    }

    @Property
    void valuesMayBeAnythingButTheLengthsMustMatch(@ForAll("times") double[] times, @ForAll long seed) {
        if (firstBadIndex(times) >= 0) {
            return;
        }
        Random r = new Random(seed);
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE};
        double[] values = new double[times.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.nextBoolean() ? specials[r.nextInt(specials.length)] : r.nextGaussian();
        }
        assertDoesNotThrow(() -> SeriesRules.check(times, values));
        int otherLength = times.length + 1 + r.nextInt(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SeriesRules.check(times, new double[otherLength]));
        assertTrue(e.getMessage().contains(times.length + " times") && e.getMessage().contains(otherLength + " values"),
                e.getMessage());
    }

    @Example
    void nullsAreRejected() {
        assertThrows(NullPointerException.class, () -> SeriesRules.check(null, new double[0]));
        assertThrows(NullPointerException.class, () -> SeriesRules.check(new double[0], null));
        assertThrows(NullPointerException.class, () -> SeriesRules.checkTimes(null));
        assertDoesNotThrow(() -> SeriesRules.check(new double[0], new double[0]));
        assertDoesNotThrow(() -> SeriesRules.checkTimes(new double[] {-Double.MAX_VALUE, Double.MAX_VALUE}));
    }
}
