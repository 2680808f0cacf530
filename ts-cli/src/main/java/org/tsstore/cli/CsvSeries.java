package org.tsstore.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;

/**
 * A series as CSV: a header line {@code time,value}, then one {@code time,value} line per point.
 *
 * <p>Writing uses {@link Decimals}, the shortest text that reads back to the same double, so reading a written
 * file gives back the same doubles; with dates, times are ISO-8601 in UTC. Reading any CSV file (other headers,
 * delimiters, dates, several value columns) is {@link CsvTable}'s.
 */
final class CsvSeries {

    /** The header line. */
    static final String HEADER = "time,value";

    private CsvSeries() {}

    /**
     * Reads a series of one value column, as {@link CsvTable} does with the default settings.
     *
     * @param in the CSV text
     * @param source the file name (or "standard input") for messages
     * @throws InvalidDataException naming the source and line of the first problem
     */
    static ArrayTimeSeries read(Reader in, String source) throws IOException {
        CsvTable.Data data = CsvTable.read(in, source, CsvSettings.DEFAULT);
        if (data.names().size() != 1) {
            throw new InvalidDataException(source + ": " + data.names().size() + " value columns where one was expected");
        }
        return ArrayTimeSeries.of(data.times(), data.values().get(0));
    }

    /** Writes a series with its header line, times as numbers. */
    static void write(SizedContainerTimeSeries series, Writer out) throws IOException {
        write(series, out, false);
    }

    /** Writes a series with its header line, times as ISO-8601 dates (UTC) when {@code dates}. */
    static void write(SizedContainerTimeSeries series, Writer out, boolean dates) throws IOException {
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
                if (dates) {
                    line.append(EpochDates.format(t[i]));
                } else {
                    Decimals.append(line, t[i]);
                }
                Decimals.append(line.append(','), v[i]).append('\n');
                out.append(line);
            }
        }
        out.flush();
    }
}
