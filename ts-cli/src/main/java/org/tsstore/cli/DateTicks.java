package org.tsstore.cli;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tick positions and labels for a time axis of epoch seconds: multiples of a calendar-like step (1, 2, 5, 10,
 * 15, 30 seconds or minutes, 1, 2, 3, 6, 12 hours, 1, 2, 7, 14 days, 30, 91, 182 and 365 days, then 2, 5, 10, 20, 40... years of 365 days), in UTC, labelled
 * {@code HH:mm:ss}, {@code MM-dd HH:mm} or {@code yyyy-MM-dd} as the step needs. The step is the finest whose
 * labels, at about {@link #CHAR_PIXELS} a character and a gap, fit the axis without overlapping.
 */
final class DateTicks {

    /** The width of one label character in pixels, a little more than a 12 px sans-serif digit. */
    static final double CHAR_PIXELS = 7.5;

    /** The least gap between two labels, in pixels. */
    static final double GAP_PIXELS = 16;

    private static final long[] STEPS = {
        1, 2, 5, 10, 15, 30,
        60, 120, 300, 600, 900, 1800,
        3600, 7200, 10_800, 21_600, 43_200,
        86_400, 172_800, 604_800, 1_209_600, 2_592_000, 7_862_400, 15_724_800, 31_536_000
    };

    /**
     * The ticks and labels of an axis.
     *
     * @param ticks the tick times, epoch seconds
     * @param labels one label per tick
     */
    record Axis(List<Double> ticks, List<String> labels) {}

    private DateTicks() {}

    /** The axis for {@code [lo, hi]} (lo < hi, epoch seconds) drawn {@code pixels} wide. */
    static Axis of(double lo, double hi, int pixels) {
        for (long step : STEPS) {
            double spacing = step / (hi - lo) * pixels;
            if (spacing >= label(lo, step).length() * CHAR_PIXELS + GAP_PIXELS) {
                return axis(lo, hi, step);
            }
        }
        return axis(lo, hi, multipleOfYears(lo, hi, pixels));
    }

    private static long multipleOfYears(double lo, double hi, int pixels) {
        long year = STEPS[STEPS.length - 1];
        for (long years = 2; ; years = years % 10 == 2 ? years / 2 * 5 : years * 2) {
            if (years * year / (hi - lo) * pixels >= 10 * CHAR_PIXELS + GAP_PIXELS || years > 1_000_000) {
                return years * year;
            }
        }
    }

    private static Axis axis(double lo, double hi, long step) {
        List<Double> ticks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (double t = Math.ceil(lo / step) * step; t <= hi && ticks.size() < 200; t += step) {
            ticks.add(t);
            labels.add(label(t, step));
        }
        return new Axis(ticks, labels);
    }

    /** The label of a tick at a step: the date for day steps, else month-day and time, else the time. */
    static String label(double t, long step) {
        LocalDateTime at = LocalDateTime.ofEpochSecond((long) Math.floor(t), 0, ZoneOffset.UTC);
        if (step >= 86_400) {
            return String.format(Locale.ROOT, "%04d-%02d-%02d", at.getYear(), at.getMonthValue(), at.getDayOfMonth());
        }
        if (step >= 60) {
            return String.format(Locale.ROOT, "%02d-%02d %02d:%02d", at.getMonthValue(), at.getDayOfMonth(),
                    at.getHour(), at.getMinute());
        }
        return String.format(Locale.ROOT, "%02d:%02d:%02d", at.getHour(), at.getMinute(), at.getSecond());
    }
}
