package org.tsstore.cli;

import org.tsstore.api.NanStatistics;
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * The statistics of one series that {@code stats}, {@code ls --long} and {@code demo} show.
 *
 * <p>The library's {@code mean()} and {@code std()} follow numpy: one missing value (NaN) makes them NaN.
 * A person asking for the statistics of a series with gaps wants them over the values that are there
 * (numpy's {@code nanmean}, {@code nanstd}), so min, max, mean and std here skip NaN values, and the
 * number of NaN values is reported beside them: the series' own {@code skippingNaN()} statistics.
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
        NanStatistics present = series.skippingNaN();
        return new SeriesSummary(n, series.time(0), series.time(n - 1), present.min(), present.max(),
                present.mean(), present.std(), n - present.count());
    }
}
