package org.tsstore.cli;

import java.nio.CharBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;

/**
 * Reads the time field of each CSV row as epoch seconds: a number (in {@code --time-unit}, converted to
 * seconds), an ISO-8601 date (see {@link EpochDates}), or a date in the {@code --time-format} pattern.
 *
 * <p>Without {@code --time-format} the first row decides: a number makes every time a number, a date every
 * time a date. One parser reads one file; it is not thread-safe. {@link #parse} returns NaN for a field it
 * refuses and {@link #problem} then says why, with the option that would accept it.
 */
final class TimeParser {

    /** 2^53: every integer up to it is a float64, and not every one above. */
    private static final long EXACT_LIMIT = 1L << 53;

    private enum Kind { UNDECIDED, NUMBER, DATE, PATTERN }

    private final CsvSettings settings;
    private final double[] number = new double[1];
    private Kind kind;
    private String problem = "";

    TimeParser(CsvSettings settings) {
        this.settings = settings;
        this.kind = settings.format() != null ? Kind.PATTERN : settings.isoDates() ? Kind.DATE
                : settings.unit() != null ? Kind.NUMBER : Kind.UNDECIDED;
    }

    /** Why the last {@link #parse} gave NaN. */
    String problem() {
        return problem;
    }

    /** Whether the times are dates (known after the first row). */
    boolean dates() {
        return kind == Kind.DATE || kind == Kind.PATTERN;
    }

    /** The time in the slice as epoch seconds, or NaN when it is refused (see {@link #problem}). */
    double parse(char[] s, int from, int to) {
        switch (kind) {
            case NUMBER:
                return number(s, from, to);
            case DATE: {
                double t = EpochDates.parse(s, from, to);
                if (Double.isNaN(t)) {
                    problem = isNumber(s, from, to)
                            ? "is a number, but the times are dates (read from the first row); one column must hold one kind"
                            : "is not an ISO-8601 date like YYYY-MM-DDTHH:MM:SS[+HH:MM] or YYYY-MM-DD HH:MM:SS;"
                                    + " give --time-format PATTERN for another form";
                }
                return t;
            }
            case PATTERN:
                return pattern(s, from, to);
            default:
                if (isNumber(s, from, to)) {
                    kind = Kind.NUMBER;
                    return number(s, from, to);
                }
                double t = EpochDates.parse(s, from, to);
                if (!Double.isNaN(t)) {
                    kind = Kind.DATE;
                    return t;
                }
                problem = "is neither a number nor a date in a known form (ISO-8601, or YYYY-MM-DD HH:MM:SS read as"
                        + " UTC); give --time-format PATTERN, such as --time-format 'dd/MM/yyyy HH:mm'";
                return Double.NaN;
        }
    }

    private boolean isNumber(char[] s, int from, int to) {
        return NumberParser.parse(s, from, to, number);
    }

    private double number(char[] s, int from, int to) {
        if (!NumberParser.parse(s, from, to, number)) {
            problem = !Double.isNaN(EpochDates.parse(s, from, to))
                    ? "is a date, but the times are numbers (read from the first row); one column must hold one kind"
                    : "is not a number";
            return Double.NaN;
        }
        double t = number[0];
        if (Double.isInfinite(t)) {
            problem = "is beyond float64's range (about 1.8e308); times must be finite";
            return Double.NaN;
        }
        if (integerDigits(s, from, to) > 15) {
            long exact;
            try {
                exact = Long.parseLong(new String(s, from, to - from).replace("+", ""));
            } catch (NumberFormatException e) {
                exact = Long.MAX_VALUE;
            }
            if (exact == Long.MAX_VALUE || (long) (double) exact != exact) {
                problem = "is an integer that float64 cannot hold exactly (beyond 2^53 = " + EXACT_LIMIT
                        + "), so it would be stored rounded; times are stored as float64 seconds: give them in a"
                        + " coarser --time-unit, or as decimal seconds";
                return Double.NaN;
            }
        }
        CsvSettings.TimeUnit unit = settings.unit();
        return unit == null || unit == CsvSettings.TimeUnit.S ? t : t / unit.perSecond;
    }

    /** The number of digits of an integer field ({@code -?[0-9]+}); 0 when it has a point or exponent. */
    private static int integerDigits(char[] s, int from, int to) {
        int i = from < to && (s[from] == '-' || s[from] == '+') ? from + 1 : from;
        for (int k = i; k < to; k++) {
            if (s[k] < '0' || s[k] > '9') {
                return 0;
            }
        }
        return to - i;
    }

    private double pattern(char[] s, int from, int to) {
        TemporalAccessor parsed;
        try {
            parsed = settings.format().parse(CharBuffer.wrap(s, from, to - from));
        } catch (DateTimeParseException e) {
            problem = "does not match --time-format: " + e.getMessage().replaceFirst("^Text '.*' ", "");
            return Double.NaN;
        }
        long seconds;
        int nanos = parsed.isSupported(ChronoField.NANO_OF_SECOND) ? parsed.get(ChronoField.NANO_OF_SECOND) : 0;
        ZoneOffset offset = parsed.query(TemporalQueries.offset());
        LocalDate date = parsed.query(TemporalQueries.localDate());
        if (date == null) {
            problem = "has no date in --time-format (it needs at least year, month and day)";
            return Double.NaN;
        }
        java.time.LocalTime time = parsed.query(TemporalQueries.localTime());
        LocalDateTime at = time == null ? date.atStartOfDay() : date.atTime(time);
        seconds = at.toEpochSecond(offset == null ? ZoneOffset.UTC : offset);
        if (nanos == 0) {
            return seconds;
        }
        String digits = String.format("%09d", nanos).replaceFirst("0+$", "");
        return EpochDates.withFraction(seconds, digits);
    }
}
