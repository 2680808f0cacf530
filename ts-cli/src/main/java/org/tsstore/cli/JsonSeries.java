package org.tsstore.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;

/**
 * A series as a JSON object: {@code {"id": ..., "size": N, "time": [...], "value": [...]}}.
 *
 * <p>JSON has no NaN or infinities. A missing value (NaN) is written as {@code null}; {@code +Infinity} and
 * {@code -Infinity} as {@code 1e999} and {@code -1e999}, valid JSON numbers that IEEE-754 parsers (Python's
 * {@code json}, JavaScript's {@code JSON.parse}) read back as infinities. Finite numbers are written by
 * {@link Decimals}, the shortest form that reads back to the same double.
 *
 * <p>Reading takes the same object back: {@code "time"} and {@code "value"} arrays of equal length (numbers or
 * {@code null}; times also ISO-8601 date strings, as {@code get --time-format iso} writes them), and optionally {@code "id"} (ignored: the command names the id) and {@code "size"} (checked);
 * any other key, a missing array or a time that is not finite and strictly increasing is refused, naming the
 * line.
 */
final class JsonSeries {

    private JsonSeries() {}

    /** Writes the object for a series, ending with a newline. */
    static void write(String id, SizedContainerTimeSeries series, Writer out) throws IOException {
        write(id, series, out, false);
    }

    /** Writes the object for a series; with {@code dates}, times as ISO-8601 strings in UTC. */
    static void write(String id, SizedContainerTimeSeries series, Writer out, boolean dates) throws IOException {
        int n = series.size();
        out.write("{\n  \"id\": ");
        out.write(string(id));
        out.write(",\n  \"size\": " + n + ",\n  \"time\": [");
        writeColumn(series, true, dates, out);
        out.write("],\n  \"value\": [");
        writeColumn(series, false, false, out);
        out.write("]\n}\n");
        out.flush();
    }

    private static void writeColumn(SizedContainerTimeSeries series, boolean times, boolean dates, Writer out)
            throws IOException {
        int n = series.size();
        double[] chunk = new double[Math.min(n, 8192)];
        StringBuilder sb = new StringBuilder(64);
        for (int from = 0; from < n; from += chunk.length) {
            int len = Math.min(chunk.length, n - from);
            if (times) {
                series.copyTimes(from, chunk, 0, len);
            } else {
                series.copyValues(from, chunk, 0, len);
            }
            for (int i = 0; i < len; i++) {
                sb.setLength(0);
                if (from + i > 0) {
                    sb.append(", ");
                }
                out.append(dates ? sb.append('"').append(EpochDates.format(chunk[i])).append('"') : number(sb, chunk[i]));
            }
        }
    }

    /** A double as a JSON value, appended to the builder. */
    static StringBuilder number(StringBuilder sb, double d) {
        if (Double.isNaN(d)) {
            return sb.append("null");
        }
        if (Double.isInfinite(d)) {
            return sb.append(d > 0 ? "1e999" : "-1e999");
        }
        return Decimals.append(sb, d);
    }

    /** A JSON string literal: quotes, backslashes, control characters and line separators escaped. */
    static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * Reads a series object.
     *
     * @param in the JSON text
     * @param source the file name (or "standard input") for messages
     * @throws InvalidDataException naming the source and line of the first problem
     */
    static ArrayTimeSeries read(Reader in, String source) throws IOException {
        return new Parser(in, source).series();
    }

    /** A strict reader of the one object shape this class writes. */
    private static final class Parser {
        private final Reader in;
        private final String source;
        private int line = 1;
        private int next = -2;

        Parser(Reader in, String source) {
            this.in = in;
            this.source = source;
        }

        ArrayTimeSeries series() throws IOException {
            DoubleColumn times = null;
            DoubleColumn values = null;
            long size = -1;
            expect('{');
            if (peekSkipping() != '}') {
                do {
                    String key = string();
                    expect(':');
                    switch (key) {
                        case "id":
                            string();
                            break;
                        case "size":
                            size = (long) number(false, "size");
                            break;
                        case "time":
                            times = array("time");
                            break;
                        case "value":
                            values = array("value");
                            break;
                        default:
                            throw error("unknown key " + JsonSeries.string(key) + "; expected id, size, time and value");
                    }
                } while (consumeIf(','));
            }
            expect('}');
            if (peekSkipping() != -1) {
                throw error("unexpected text after the object");
            }
            if (times == null || values == null) {
                throw error("the object needs both \"time\" and \"value\" arrays");
            }
            if (times.size() != values.size()) {
                throw error(times.size() + " times but " + values.size() + " values");
            }
            if (size >= 0 && size != times.size()) {
                throw error("\"size\" is " + size + " but the arrays hold " + times.size() + " points");
            }
            double[] t = times.toArray();
            for (int i = 0; i < t.length; i++) {
                if (!Double.isFinite(t[i])) {
                    throw error("time " + i + " is " + (Double.isNaN(t[i]) ? "null" : "infinite") + "; times must be finite");
                }
                if (i > 0 && !(t[i] > t[i - 1])) {
                    throw error("time " + i + " (" + t[i] + ") is not greater than time " + (i - 1) + " (" + t[i - 1]
                            + "); times must be strictly increasing");
                }
            }
            return ArrayTimeSeries.of(t, values.toArray());
        }

        private DoubleColumn array(String what) throws IOException {
            DoubleColumn column = new DoubleColumn();
            expect('[');
            if (peekSkipping() != ']') {
                do {
                    column.add(number(true, what));
                } while (consumeIf(','));
            }
            expect(']');
            return column;
        }

        private double number(boolean nullable, String what) throws IOException {
            int c = peekSkipping();
            if (c == '"' && what.equals("time")) {
                String date = string();
                double t = EpochDates.parse(date.toCharArray(), 0, date.length());
                if (Double.isNaN(t)) {
                    throw error("the time " + JsonSeries.string(date) + " is not an ISO-8601 date");
                }
                return t;
            }
            StringBuilder sb = new StringBuilder();
            while (c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' || (c >= '0' && c <= '9')
                    || (c >= 'a' && c <= 'z')) {
                sb.append((char) read());
                c = peek();
            }
            String text = sb.toString();
            if (nullable && text.equals("null")) {
                return Double.NaN;
            }
            if (!text.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?")) {
                throw error("expected a number" + (nullable ? " or null" : "") + " in \"" + what + "\" but found "
                        + (text.isEmpty() ? describe(c) : text));
            }
            return Double.parseDouble(text);
        }

        private String string() throws IOException {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                int c = read();
                if (c == -1 || c == '\n') {
                    throw error("a string is not closed");
                }
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    int e = read();
                    switch (e) {
                        case '"': case '\\': case '/': sb.append((char) e); break;
                        case 'b': sb.append('\b'); break;
                        case 'f': sb.append('\f'); break;
                        case 'n': sb.append('\n'); break;
                        case 'r': sb.append('\r'); break;
                        case 't': sb.append('\t'); break;
                        case 'u': {
                            char[] hex = new char[4];
                            for (int k = 0; k < 4; k++) {
                                hex[k] = (char) read();
                            }
                            try {
                                sb.append((char) Integer.parseInt(new String(hex), 16));
                            } catch (NumberFormatException bad) {
                                throw error("a bad \\u escape in a string");
                            }
                            break;
                        }
                        default:
                            throw error("a bad escape in a string: \\" + (e == -1 ? "" : (char) e));
                    }
                } else {
                    sb.append((char) c);
                }
            }
        }

        private void expect(char wanted) throws IOException {
            int c = peekSkipping();
            if (c != wanted) {
                throw error("expected '" + wanted + "' but found " + describe(c));
            }
            read();
        }

        private boolean consumeIf(char wanted) throws IOException {
            if (peekSkipping() == wanted) {
                read();
                return true;
            }
            return false;
        }

        private int peekSkipping() throws IOException {
            int c = peek();
            while (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\uFEFF') {
                read();
                c = peek();
            }
            return c;
        }

        private int peek() throws IOException {
            if (next == -2) {
                next = in.read();
            }
            return next;
        }

        private int read() throws IOException {
            int c = peek();
            next = -2;
            if (c == '\n') {
                line++;
            }
            return c;
        }

        private static String describe(int c) {
            return c == -1 ? "the end of the input" : "'" + (char) c + "'";
        }

        private InvalidDataException error(String message) {
            return new InvalidDataException(source + ", line " + line + ": " + message);
        }
    }
}
