package org.tsstore.cli;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.tsstore.api.SeriesIds;
import picocli.CommandLine.Option;

/**
 * The options that say how to read a CSV file, shared by {@code put}, {@code append} and {@code import}.
 * {@link #settings} checks them and gives the {@link CsvSettings} the reader uses.
 */
final class CsvOptions {

    @Option(names = "--time-column", paramLabel = "NAME|N",
            description = "The time column, by header name or 1-based number. Default: the column named time, "
                    + "timestamp, date or datetime (any case), else the first.")
    private String timeColumn;

    @Option(names = "--value-column", paramLabel = "NAME|N", split = ",",
            description = "The value column(s), by header name or number; several (comma-separated or repeated) "
                    + "store one series per column, ID/COLUMN. Default: every column but the time.")
    private List<String> valueColumns;

    @Option(names = "--delimiter", paramLabel = "CHAR",
            description = "The field separator: one character, or tab. Default: detected from the header line "
                    + "(, ; or tab).")
    private String delimiter;

    @Option(names = "--time-unit", paramLabel = "UNIT",
            description = "s, ms, us or ns: the unit of numeric times, converted to seconds. Default: s.")
    private String timeUnit;

    @Option(names = "--time-format", paramLabel = "PATTERN",
            description = "How times are written when auto-detection (numbers, ISO-8601, YYYY-MM-DD HH:MM:SS) does "
                    + "not fit: a java.time pattern such as dd/MM/yyyy HH:mm; a date without an offset is UTC.")
    private String timeFormat;

    @Option(names = "--on-unordered", paramLabel = "error|sort",
            description = "Times out of order: error (the default) names the first such line; sort sorts the rows.")
    private String onUnordered;

    @Option(names = "--on-duplicate", paramLabel = "error|first|last",
            description = "A repeated time: error (the default) names the first such line; first or last keeps "
                    + "that row of each time.")
    private String onDuplicate;

    /** The checked settings; a bad option is a usage error naming it. */
    CsvSettings settings() {
        return new CsvSettings(delimiter(), timeColumn, valueColumns == null ? List.of() : List.copyOf(valueColumns),
                unit(), formatter(), isoForced(), onUnordered == null ? CsvSettings.Unordered.ERROR
                        : choose(CsvSettings.Unordered.class, "--on-unordered", onUnordered),
                onDuplicate == null ? CsvSettings.Duplicate.ERROR
                        : choose(CsvSettings.Duplicate.class, "--on-duplicate", onDuplicate));
    }

    private Character delimiter() {
        if (delimiter == null) {
            return null;
        }
        String d = delimiter;
        if (d.equalsIgnoreCase("tab") || d.equals("\\t")) {
            return '\t';
        }
        if (d.length() != 1 || d.charAt(0) == '"' || d.charAt(0) == '\n' || d.charAt(0) == '\r') {
            throw new UsageException("--delimiter " + SeriesIds.quote(d)
                    + " is not one character (other than a quote or a line end), nor tab");
        }
        return d.charAt(0);
    }

    private CsvSettings.TimeUnit unit() {
        return timeUnit == null ? null : choose(CsvSettings.TimeUnit.class, "--time-unit", timeUnit);
    }

    private DateTimeFormatter formatter() {
        if (timeFormat == null || timeFormat.equalsIgnoreCase("iso")) {
            return null;
        }
        try {
            return DateTimeFormatter.ofPattern(timeFormat, Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--time-format " + SeriesIds.quote(timeFormat)
                    + " is not a date pattern (java.time letters such as yyyy-MM-dd HH:mm:ss): " + e.getMessage(), e);
        }
    }

    /** Whether {@code --time-format iso} forced ISO-8601 dates. */
    private boolean isoForced() {
        return timeFormat != null && timeFormat.equalsIgnoreCase("iso");
    }

    private static <E extends Enum<E>> E choose(Class<E> type, String option, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text.trim())) {
                return e;
            }
        }
        StringBuilder names = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            names.append(names.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        }
        throw new UsageException(option + " " + SeriesIds.quote(text) + " is not one of " + names);
    }
}
