package org.tsstore.cli;

import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;

/**
 * The statistics of one series that {@code stats}, {@code ls --long} and {@code demo} show.
 *
 * <p>The library's {@code mean()} and {@code std()} follow numpy: one missing value (NaN) makes them NaN.
 * A person asking for the statistics of a series with gaps wants them over the values that are there
 * (numpy's {@code nanmean}, {@code nanstd}), so min, max, mean and std here skip NaN values, and the
 * number of NaN values is reported beside them. They are still computed by the series' own operations,
 * over a series of the present points when there are gaps.
 *
 * @param size the number of points
 * @param first the first time, NaN when empty
 * @param last the last time, NaN when empty
 * @param min the least value that is not NaN, NaN when there is none
 * @param max the greatest value that is not NaN, NaN when there is none
 * @param mean the mean of the values that are not NaN
 * @param std the population standard deviation of the values that are not NaN
 * @param nanCount the number of NaN values
 */
record SeriesSummary(int size, double first, double last, double min, double max, double mean, double std,
        int nanCount) {

    static SeriesSummary of(SizedContainerTimeSeries series) {
        int n = series.size();
        if (n == 0) {
            return new SeriesSummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        int nans = countNaN(series);
        SizedContainerTimeSeries present = nans == 0 ? series : withoutNaN(series, n - nans);
        boolean any = present.size() > 0;
        return new SeriesSummary(n, series.time(0), series.time(n - 1),
                any ? present.min() : Double.NaN,
                any ? present.max() : Double.NaN,
                present.mean(),
                any ? present.std() : Double.NaN,
                nans);
    }

    private static int countNaN(SizedContainerTimeSeries series) {
        int n = series.size();
        double[] chunk = new double[Math.min(n, 8192)];
        int nans = 0;
        for (int from = 0; from < n; from += chunk.length) {
            int len = Math.min(chunk.length, n - from);
            series.copyValues(from, chunk, 0, len);
            for (int i = 0; i < len; i++) {
                if (chunk[i] != chunk[i]) {
                    nans++;
                }
            }
        }
        return nans;
    }

    private static SizedContainerTimeSeries withoutNaN(SizedContainerTimeSeries series, int present) {
        return ArrayTimeSeries.fill(present, (t, v) -> {
            int j = 0;
            for (int i = 0; i < series.size(); i++) {
                double value = series.value(i);
                if (value == value) {
                    t[j] = series.time(i);
                    v[j] = value;
                    j++;
                }
            }
        });
    }
}
