package org.tsstore.cli;

import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import picocli.CommandLine.Option;

/**
 * The {@code --from} and {@code --to} options of {@code get}, {@code plot} and {@code export}: the half-open
 * time range {@code [from, to)}, the whole series when neither is given. A range is read from the store as a
 * range, so that only its part of the series is read.
 */
final class TimeRange {

    @Option(names = "--from", paramLabel = "T",
            description = "Only points with time >= T: a number, or a date (ISO-8601; without an offset, UTC).")
    private String fromText;

    @Option(names = "--to", paramLabel = "T", description = "Only points with time < T: a number or a date.")
    private String toText;

    private Double from;

    private Double to;

    /**
     * Checks the bounds.
     *
     * @throws UsageException if a bound is NaN or from is after to
     */
    void check() {
        from = fromText == null ? null : time("--from", fromText);
        to = toText == null ? null : time("--to", toText);
        if ((from != null && Double.isNaN(from)) || (to != null && Double.isNaN(to)) || lo() > hi()) {
            throw new UsageException("--from " + fromText + " --to " + toText + " is not a time range (from <= to)");
        }
    }

    /** A bound: a decimal number, or an ISO-8601 date as epoch seconds. */
    private static double time(String option, String text) {
        char[] s = text.trim().toCharArray();
        double[] number = new double[1];
        if (NumberParser.parse(s, 0, s.length, number)) {
            return number[0];
        }
        int sign = NumberParser.infinitySign(s, 0, s.length);
        if (sign != 0) {
            return sign * Double.POSITIVE_INFINITY;
        }
        double t = EpochDates.parse(s, 0, s.length);
        if (Double.isNaN(t)) {
            throw new UsageException(option + " " + org.tsstore.api.SeriesIds.quote(text) + " is neither a number nor"
                    + " a date like 2014-04-10, 2014-04-10 12:00:00 or 2014-04-10T12:00:00+02:00");
        }
        return t;
    }

    /** The points of a series in the range, read only for that range; the whole series without bounds. */
    SizedContainerTimeSeries read(StorageManager store, String id) {
        check();
        return from == null && to == null ? store.get(id) : store.get(id, lo(), hi());
    }

    private double lo() {
        return from == null ? Double.NEGATIVE_INFINITY : from;
    }

    private double hi() {
        return to == null ? Double.POSITIVE_INFINITY : to;
    }
}
