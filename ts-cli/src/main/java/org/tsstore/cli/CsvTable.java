package org.tsstore.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.tsstore.api.SeriesIds;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Reads a whole CSV file into columns: a header line, a time column and one or more value columns, as the
 * {@link CsvSettings} say. The delimiter is detected from the header line when not given ({@code ,} {@code ;}
 * or tab, whichever occurs most outside quotes). Every refusal names the file, line and column, and the
 * option that would accept the input where there is one.
 */
final class CsvTable {

    /** Header names taken for the time column when {@code --time-column} is not given. */
    private static final List<String> TIME_NAMES = List.of("time", "timestamp", "date", "datetime", "ts");

    /**
     * A file's data: times strictly increasing and a value array per value column.
     *
     * @param names the value columns' header names
     * @param times the times, epoch seconds for dates
     * @param values one array per value column, as long as times
     * @param dates whether the times were read from dates
     */
    record Data(List<String> names, double[] times, List<double[]> values, boolean dates) {

        /**
         * The series by id: {@code id} itself for one value column, {@code id/NAME} for each of several.
         *
         * @throws InvalidDataException if a column's name does not make a valid id
         */
        Map<String, ArrayTimeSeries> series(String id, String source) {
            Map<String, ArrayTimeSeries> out = new LinkedHashMap<>();
            for (int k = 0; k < names.size(); k++) {
                String seriesId = names.size() == 1 ? id : id + "/" + names.get(k).trim();
                try {
                    SeriesIds.check(seriesId);
                } catch (IllegalArgumentException e) {
                    throw new InvalidDataException(source + ": line 1: the value column " + SeriesIds.quote(names.get(k))
                            + " would be the series " + SeriesIds.quote(seriesId) + ", not a valid id: "
                            + e.getMessage() + "; choose columns with --value-column", e);
                }
                out.put(seriesId, ArrayTimeSeries.of(times, values.get(k)));
            }
            return out;
        }
    }

    private CsvTable() {}

    /** Reads and checks the whole input. */
    static Data read(Reader in, String source, CsvSettings settings) throws IOException {
        CsvRecords records = new CsvRecords(in, source);
        String firstLine = records.peekFirstLine();
        if (firstLine == null) {
            throw new InvalidDataException(source + ": empty input; expected a header line such as time,value");
        }
        char delimiter = settings.delimiter() != null ? settings.delimiter() : detect(firstLine);
        records.delimiter(delimiter);
        if (!records.next()) {
            throw new InvalidDataException(source + ": empty input; expected a header line such as time,value");
        }
        int columns = records.fields();
        List<String> header = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            header.add(records.text(c));
        }
        if (columns < 2) {
            throw new InvalidDataException(source + ": line " + records.line() + ": the header " + SeriesIds.quote(firstLine)
                    + " has one column, but a time and a value column are needed; give --delimiter if the fields are"
                    + " separated by something other than " + shown(delimiter));
        }
        if (header.stream().allMatch(h -> NumberParser.parse(h.toCharArray(), 0, h.length(), new double[1]))) {
            throw new InvalidDataException(source + ": line " + records.line() + ": the header " + SeriesIds.quote(firstLine)
                    + " is all numbers, like data; the first line must name the columns, such as time,value");
        }
        int timeColumn = settings.timeColumn() != null ? column(settings.timeColumn(), "--time-column", header, source)
                : defaultTimeColumn(header);
        int[] valueColumns = valueColumns(settings, header, timeColumn, source);
        String timeWhere = where(timeColumn, header);
        TimeParser timeParser = new TimeParser(settings);
        DoubleColumn times = new DoubleColumn();
        DoubleColumn[] values = new DoubleColumn[valueColumns.length];
        for (int k = 0; k < values.length; k++) {
            values[k] = new DoubleColumn();
        }
        int[] lines = new int[64];
        double[] number = new double[1];
        int rows = 0;
        while (records.next()) {
            int line = records.line();
            if (records.fields() != columns) {
                throw new InvalidDataException(source + ": line " + line + ": " + records.fields()
                        + (records.fields() == 1 ? " field" : " fields") + ", but the header has " + columns
                        + " (a field that holds " + shown(delimiter) + " must be in double quotes)");
            }
            char[] s = records.chars();
            int from = records.start(timeColumn);
            int to = records.end(timeColumn);
            if (from == to) {
                throw new InvalidDataException(source + ": line " + line + ", " + timeWhere + ": the time is missing;"
                        + " every row needs one");
            }
            double t = timeParser.parse(s, from, to);
            if (Double.isNaN(t)) {
                throw new InvalidDataException(source + ": line " + line + ", " + timeWhere + ": time "
                        + SeriesIds.quote(records.text(timeColumn)) + " " + timeParser.problem());
            }
            times.add(t);
            for (int k = 0; k < valueColumns.length; k++) {
                int c = valueColumns[k];
                values[k].add(value(records, c, number, source, line, header));
            }
            if (rows == lines.length) {
                lines = Arrays.copyOf(lines, rows * 2);
            }
            lines[rows++] = line;
        }
        double[] allTimes = times.toArray();
        int[] keep = RowOrder.keep(allTimes, rows, lines, settings, source, timeWhere,
                timeParser.dates());
        List<String> names = new ArrayList<>();
        List<double[]> kept = new ArrayList<>();
        for (int k = 0; k < valueColumns.length; k++) {
            names.add(header.get(valueColumns[k]));
            kept.add(select(values[k].toArray(), keep, rows));
        }
        return new Data(names, select(allTimes, keep, rows), kept, timeParser.dates());
    }

    private static double[] select(double[] column, int[] keep, int rows) {
        if (keep.length == rows && (rows == 0 || keep[rows - 1] == rows - 1)) {
            boolean identity = true;
            for (int i = 0; i < rows && identity; i++) {
                identity = keep[i] == i;
            }
            if (identity) {
                return column;
            }
        }
        double[] out = new double[keep.length];
        for (int i = 0; i < keep.length; i++) {
            out[i] = column[keep[i]];
        }
        return out;
    }

    private static double value(CsvRecords records, int c, double[] number, String source, int line,
            List<String> header) {
        char[] s = records.chars();
        int from = records.start(c);
        int to = records.end(c);
        if (from == to || NumberParser.isMissingWord(s, from, to)) {
            return Double.NaN;
        }
        if (NumberParser.parse(s, from, to, number)) {
            if (Double.isInfinite(number[0])) {
                throw new InvalidDataException(source + ": line " + line + ", " + where(c, header) + ": value "
                        + SeriesIds.quote(records.text(c)) + " is beyond float64's range (about ±1.8e308) and would"
                        + " be stored as infinity; write inf or -inf if an infinity is meant");
            }
            return number[0];
        }
        int sign = NumberParser.infinitySign(s, from, to);
        if (sign != 0) {
            return sign * Double.POSITIVE_INFINITY;
        }
        throw new InvalidDataException(source + ": line " + line + ", " + where(c, header) + ": value "
                + SeriesIds.quote(records.text(c)) + " is not a number (blank, NA, NaN and null are missing values;"
                + " --value-column chooses the columns to read)");
    }

    /** "column 2 (value)" */
    private static String where(int c, List<String> header) {
        return "column " + (c + 1) + " (" + SeriesIds.quote(header.get(c)) + ")";
    }

    private static int defaultTimeColumn(List<String> header) {
        for (int c = 0; c < header.size(); c++) {
            if (TIME_NAMES.contains(header.get(c).trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        return 0;
    }

    private static int[] valueColumns(CsvSettings settings, List<String> header, int timeColumn, String source) {
        List<Integer> chosen = new ArrayList<>();
        if (settings.valueColumns().isEmpty()) {
            for (int c = 0; c < header.size(); c++) {
                if (c != timeColumn) {
                    chosen.add(c);
                }
            }
        } else {
            for (String v : settings.valueColumns()) {
                int c = column(v, "--value-column", header, source);
                if (c == timeColumn) {
                    throw new InvalidDataException(source + ": --value-column " + v + " is the time column "
                            + where(c, header) + "; choose another, or the time with --time-column");
                }
                if (chosen.contains(c)) {
                    throw new InvalidDataException(source + ": --value-column names " + where(c, header) + " twice");
                }
                chosen.add(c);
            }
        }
        if (chosen.size() > 1) {
            for (int i = 0; i < chosen.size(); i++) {
                for (int j = 0; j < i; j++) {
                    if (header.get(chosen.get(i)).equals(header.get(chosen.get(j)))) {
                        throw new InvalidDataException(source + ": line 1: " + where(chosen.get(j), header) + " and "
                                + where(chosen.get(i), header) + " have one name, and each value column becomes the"
                                + " series ID/NAME; choose one with --value-column");
                    }
                }
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A column by 1-based number or header name (exact, else ignoring case). */
    private static int column(String chosen, String option, List<String> header, String source) {
        String c = chosen.trim();
        if (!c.isEmpty() && c.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            int number = c.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(c);
            if (number < 1 || number > header.size()) {
                throw new InvalidDataException(source + ": " + option + " " + c + ": the file has " + header.size()
                        + " columns (numbered from 1)");
            }
            return number - 1;
        }
        int exact = header.indexOf(c);
        if (exact >= 0) {
            return exact;
        }
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).trim().equalsIgnoreCase(c)) {
                return i;
            }
        }
        StringBuilder names = new StringBuilder();
        for (String h : header) {
            names.append(names.length() == 0 ? "" : ", ").append(SeriesIds.quote(h));
        }
        throw new InvalidDataException(source + ": line 1: " + option + " " + SeriesIds.quote(chosen)
                + ": no such column in the header (" + names + "); give a name from it or a number from 1");
    }

    /** The delimiter the header line uses most outside quotes: , ; or tab (a comma when none). */
    static char detect(String headerLine) {
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int i = 0; i < headerLine.length(); i++) {
            char c = headerLine.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }
        if (tabs > commas && tabs >= semicolons) {
            return '\t';
        }
        return semicolons > commas ? ';' : ',';
    }

    private static String shown(char delimiter) {
        return delimiter == '\t' ? "tab" : "'" + delimiter + "'";
    }
}
