package org.tsstore.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Tick positions for a chart axis: multiples of a "nice" step (1, 2 or 5 times a power of ten) that fall
 * within the axis range, about as many as asked for.
 */
final class AxisTicks {

    private static final int MAX_TICKS = 100;

    private AxisTicks() {}

    /**
     * The ticks within {@code [lo, hi]}, about {@code target} of them and at least two where the range's
     * resolution allows; {@code lo < hi}, both finite.
     */
    static List<Double> of(double lo, double hi, int target) {
        double step = niceStep((hi - lo) / Math.max(1, target));
        List<Double> ticks = ticks(lo, hi, step);
        for (int finer = 0; ticks.size() < 2 && finer < 3; finer++) {
            step = smallerStep(step);
            ticks = ticks(lo, hi, step);
        }
        return ticks;
    }

    private static List<Double> ticks(double lo, double hi, double step) {
        List<Double> ticks = new ArrayList<>();
        double first = Math.ceil(lo / step);
        if (!(step > 0) || Math.abs(first) > 1e15 || Math.abs(hi / step) > 1e15) {
            // a range too narrow for its magnitude to divide: mark its ends
            ticks.add(lo);
            ticks.add(hi);
            return ticks;
        }
        // Multiples of the step computed in decimal, so that 3 * 0.1 is the double nearest 0.3,
        // not 0.30000000000000004.
        BigDecimal decimalStep = BigDecimal.valueOf(step);
        for (long k = (long) first; ticks.size() < MAX_TICKS; k++) {
            double t = decimalStep.multiply(BigDecimal.valueOf(k)).doubleValue();
            if (t > hi) {
                break;
            }
            if (t >= lo && (ticks.isEmpty() || t > ticks.get(ticks.size() - 1))) {
                ticks.add(t == 0 ? 0.0 : t);
            }
        }
        return ticks;
    }

    /** The nice number (1, 2 or 5 times a power of ten) nearest to {@code raw}. */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / power;
        double nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
        return nice * power;
    }

    /** The next nice number below a nice step: 5 for 10, 2 for 5, 1 for 2. */
    private static double smallerStep(double step) {
        double power = Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
        double mantissa = Math.rint(step / power);
        return mantissa >= 5 ? 2 * power : mantissa >= 2 ? power : 0.5 * power;
    }
}
