package org.tsstore.cli;

import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * How to read a CSV file: the checked form of {@link CsvOptions}.
 *
 * @param delimiter the field separator, or null to detect it from the header line
 * @param timeColumn the time column's name or 1-based number, or null for the default
 * @param valueColumns the value columns' names or numbers; empty for every column but the time
 * @param unit the unit of numeric times, or null for seconds (and dates allowed)
 * @param format the pattern of the times, or null to detect numbers and ISO-8601 dates
 * @param isoDates whether the times must be ISO-8601 dates ({@code --time-format iso})
 * @param unordered what to do with times out of order
 * @param duplicate what to do with a repeated time
 */
record CsvSettings(Character delimiter, String timeColumn, List<String> valueColumns, TimeUnit unit,
        DateTimeFormatter format, boolean isoDates, Unordered unordered, Duplicate duplicate) {

    /** The settings with no options given: a header, detected delimiter, times in seconds or dates, strict. */
    static final CsvSettings DEFAULT =
            new CsvSettings(null, null, List.of(), null, null, false, Unordered.ERROR, Duplicate.ERROR);

    /** The unit of numeric times. */
    enum TimeUnit {
        /** Seconds. */
        S(1),
        /** Milliseconds. */
        MS(1e3),
        /** Microseconds. */
        US(1e6),
        /** Nanoseconds. */
        NS(1e9);

        /** How many of the unit make a second. */
        final double perSecond;

        TimeUnit(double perSecond) {
            this.perSecond = perSecond;
        }
    }

    /** {@code --on-unordered}. */
    enum Unordered {
        /** Refuse the file, naming the first line whose time is less than the one before. */
        ERROR,
        /** Sort the rows by time (stably, so that rows with one time keep their order). */
        SORT
    }

    /** {@code --on-duplicate}. */
    enum Duplicate {
        /** Refuse the file, naming the first line that repeats a time. */
        ERROR,
        /** Keep the first row of each time. */
        FIRST,
        /** Keep the last row of each time. */
        LAST
    }
}
