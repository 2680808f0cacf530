package org.tsstore.cli;

import org.tsstore.api.SizedContainerTimeSeries;

/**
 * A series drawn in one line of text with the eight Unicode block elements {@code ▁▂▃▄▅▆▇█}.
 *
 * <p>The time range is cut into equal columns; each column shows the mean of the values whose times fall
 * in it, scaled between the least and greatest column. A column with only NaN values is a space, so gaps
 * stay visible; a column with no points at all (a sparse stretch of an irregular series) repeats the column
 * before it. Infinite values are left out.
 */
final class Sparkline {

    private static final char[] BARS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Sparkline() {}

    /** The sparkline of a series in {@code width} characters (fewer when the series has fewer points). */
    static String of(SizedContainerTimeSeries series, int width) {
        int n = series.size();
        if (n == 0) {
            return "";
        }
        int columns = Math.min(width, n);
        double[] sum = new double[columns];
        int[] count = new int[columns];
        boolean[] seen = new boolean[columns];
        double t0 = series.time(0);
        double span = series.time(n - 1) - t0;
        for (int i = 0; i < n; i++) {
            double v = series.value(i);
            int c = span == 0 ? 0 : (int) Math.min(columns - 1, Math.floor((series.time(i) - t0) / span * columns));
            seen[c] = true;
            if (!Double.isFinite(v)) {
                continue;
            }
            sum[c] += v;
            count[c]++;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < columns; c++) {
            if (count[c] > 0) {
                double m = sum[c] / count[c];
                lo = Math.min(lo, m);
                hi = Math.max(hi, m);
            }
        }
        StringBuilder sb = new StringBuilder(columns);
        for (int c = 0; c < columns; c++) {
            if (!seen[c] && c > 0) {
                sb.append(sb.charAt(c - 1));
            } else if (count[c] == 0) {
                sb.append(' ');
            } else {
                double m = sum[c] / count[c];
                int level = hi > lo ? (int) Math.round((m - lo) / (hi - lo) * (BARS.length - 1)) : BARS.length / 2;
                sb.append(BARS[level]);
            }
        }
        return sb.toString();
    }
}
