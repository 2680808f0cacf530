package org.tsstore.cli;

import java.io.IOException;
import java.io.Writer;
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * A series as a JSON object: {@code {"id": ..., "size": N, "time": [...], "value": [...]}}.
 *
 * <p>JSON has no NaN or infinities. A missing value (NaN) is written as {@code null}; {@code +Infinity} and
 * {@code -Infinity} as {@code 1e999} and {@code -1e999}, valid JSON numbers that IEEE-754 parsers (Python's
 * {@code json}, JavaScript's {@code JSON.parse}) read back as infinities. Finite numbers use Java's
 * shortest round-trip form.
 */
final class JsonSeries {

    private JsonSeries() {}

    /** Writes the object for a series, ending with a newline. */
    static void write(String id, SizedContainerTimeSeries series, Writer out) throws IOException {
        int n = series.size();
        out.write("{\n  \"id\": ");
        out.write(string(id));
        out.write(",\n  \"size\": " + n + ",\n  \"time\": [");
        writeColumn(series, true, out);
        out.write("],\n  \"value\": [");
        writeColumn(series, false, out);
        out.write("]\n}\n");
        out.flush();
    }

    private static void writeColumn(SizedContainerTimeSeries series, boolean times, Writer out) throws IOException {
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
                out.append(number(sb, chunk[i]));
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
        return sb.append(d);
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
}
