package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AxisTicksTest {

    @Test
    void examples() {
        assertEquals(List.of(0.0, 2.0, 4.0, 6.0, 8.0, 10.0), AxisTicks.of(0, 10, 5));
        assertEquals(List.of(0.1, 0.2, 0.3, 0.4, 0.5), AxisTicks.of(0.05, 0.55, 5));
        assertEquals(List.of(-1.0, -0.5, 0.0, 0.5, 1.0), AxisTicks.of(-1.1, 1.1, 5));
    }

    @Test
    void tooNarrowARangeGetsItsEnds() {
        double lo = 1e12;
        double hi = Math.nextUp(lo);
        assertEquals(List.of(lo, hi), AxisTicks.of(lo, hi, 5));
    }

    @Property(tries = 300)
    void ticksAreInsideEvenlySpacedNiceAndNotTooMany(
            @ForAll @DoubleRange(min = -1e12, max = 1e12) double lo,
            @ForAll @DoubleRange(min = 1e-6, max = 1e9) @net.jqwik.api.constraints.Scale(9) double span,
            @ForAll @IntRange(min = 2, max = 12) int target) {
        double hi = lo + span;
        if (span < Math.abs(lo) * 1e-9) {
            return; // below double resolution at this magnitude; see tooNarrowARangeGetsItsEnds
        }
        List<Double> ticks = AxisTicks.of(lo, hi, target);
        assertTrue(ticks.size() >= 2 && ticks.size() <= 3 * target + 2, ticks + " for " + target);
        for (double t : ticks) {
            assertTrue(t >= lo && t <= hi, t + " outside [" + lo + ", " + hi + "]");
        }
        double step = ticks.get(1) - ticks.get(0);
        assertTrue(step >= (hi - lo) / target / 3 * (1 - 1e-6) - 8 * Math.ulp(hi), "step " + step + " finer than asked");
        double power = Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
        double mantissa = step / power;
        // the measured spacing carries the rounding of ticks as large as the range's ends
        double slack = 8 * Math.ulp(Math.max(Math.abs(lo), Math.abs(hi))) / power + 1e-9;
        boolean nice = false;
        for (double m : new double[] {1, 2, 5, 10}) {
            nice |= Math.abs(mantissa - m) <= slack;
        }
        assertTrue(nice, "step " + step + " is not 1, 2 or 5 times a power of ten");
        double niceStep = Math.rint(mantissa) * power;
        for (int i = 0; i < ticks.size(); i++) {
            double t = ticks.get(i);
            double tolerance = 4 * Math.ulp(t) / niceStep + 1e-9;
            if (i > 0) {
                assertEquals(1.0, (t - ticks.get(i - 1)) / niceStep, tolerance, "spacing at " + t);
            }
            double k = t / niceStep;
            assertEquals(Math.rint(k), k, tolerance + Math.abs(k) * 1e-12, t + " is not a multiple of " + niceStep);
        }
    }
}
