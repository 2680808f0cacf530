package org.tsstore.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.regex.Pattern;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;

/**
 * A series as CSV: a header line {@code time,value}, then one {@code time,value} line per point.
 *
 * <p>Reading is strict, so that a mistake is reported at its line instead of stored: exactly two columns,
 * decimal numbers (also {@code NaN}, {@code Infinity}, {@code inf}, in any case), times finite and strictly
 * increasing. An empty value field is a missing value, {@code NaN}, the way pandas writes one. Blank
 * lines are skipped, CRLF line ends and a UTF-8 byte order mark accepted. Writing uses Java's shortest
 * round-trip decimal form, so reading a written file gives back the same doubles.
 */
final class CsvSeries {

    /** The header line. */
    static final String HEADER = "time,value";

    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private CsvSeries() {}

    /**
     * Reads a series.
     *
     * @param in the CSV text
     * @param source the file name (or "standard input") for messages
     * @throws InvalidDataException naming the source and line of the first problem
     */
    static ArrayTimeSeries read(BufferedReader in, String source) throws IOException {
        DoubleColumn times = new DoubleColumn();
        DoubleColumn values = new DoubleColumn();
        int lineNumber = 0;
        int previousLine = 0;
        boolean header = false;
        String line;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            if (!header) {
                checkHeader(line, source, lineNumber);
                header = true;
                continue;
            }
            int comma = line.indexOf(',');
            if (comma < 0) {
                throw error(source, lineNumber, "expected two columns time,value but found one: " + shorten(line));
            }
            if (line.indexOf(',', comma + 1) >= 0) {
                throw error(source, lineNumber, "expected two columns time,value but found more: " + shorten(line));
            }
            String timeText = line.substring(0, comma).trim();
            String valueText = line.substring(comma + 1).trim();
            if (timeText.isEmpty()) {
                throw error(source, lineNumber, "the time is missing");
            }
            double time = number(timeText, "time", source, lineNumber);
            double value = valueText.isEmpty() ? Double.NaN : number(valueText, "value", source, lineNumber);
            if (!Double.isFinite(time)) {
                throw error(source, lineNumber, "time " + timeText + " is not finite");
            }
            if (times.size() > 0 && !(time > times.last())) {
                throw error(source, lineNumber, "time " + timeText + " is not greater than the time "
                        + times.last() + " on line " + previousLine + " (times must be strictly increasing)");
            }
            times.add(time);
            values.add(value);
            previousLine = lineNumber;
        }
        if (!header) {
            throw new InvalidDataException(source + ": empty input; expected the header line " + HEADER);
        }
        return ArrayTimeSeries.of(times.toArray(), values.toArray());
    }

    private static void checkHeader(String line, String source, int lineNumber) {
        String[] columns = line.split(",", -1);
        if (columns.length == 2
                && unquote(columns[0]).equalsIgnoreCase("time")
                && unquote(columns[1]).equalsIgnoreCase("value")) {
            return;
        }
        throw error(source, lineNumber, "expected the header line " + HEADER + " but found: " + shorten(line));
    }

    private static String unquote(String column) {
        String c = column.trim();
        return c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"") ? c.substring(1, c.length() - 1) : c;
    }

    private static double number(String text, String what, String source, int lineNumber) {
        if (DECIMAL.matcher(text).matches()) {
            return Double.parseDouble(text);
        }
        String word = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
        boolean negative = text.startsWith("-");
        if (word.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        throw error(source, lineNumber, what + " " + shorten(text) + " is not a number");
    }

    private static InvalidDataException error(String source, int lineNumber, String problem) {
        return new InvalidDataException(source + ": line " + lineNumber + ": " + problem);
    }

    /** A piece of an input line for a message: quoted, escaped, cut when long. */
    private static String shorten(String text) {
        return SeriesIds.quote(text);
    }

    /** Writes a series with its header line. */
    static void write(SizedContainerTimeSeries series, Writer out) throws IOException {
        out.write(HEADER);
        out.write('\n');
        int n = series.size();
        int chunk = 8192;
        double[] t = new double[Math.min(n, chunk)];
        double[] v = new double[t.length];
        StringBuilder line = new StringBuilder(64);
        for (int from = 0; from < n; from += chunk) {
            int len = Math.min(chunk, n - from);
            series.copyTimes(from, t, 0, len);
            series.copyValues(from, v, 0, len);
            for (int i = 0; i < len; i++) {
                line.setLength(0);
                line.append(t[i]).append(',').append(v[i]).append('\n');
                out.append(line);
            }
        }
        out.flush();
    }
}
