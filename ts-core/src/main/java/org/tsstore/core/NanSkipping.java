package org.tsstore.core;

import org.tsstore.api.NanStatistics;
import org.tsstore.core.backend.Sums;

/**
 * The NaN-skipping statistics of a series, as numpy's {@code nan*} functions: a view holding only the
 * series; each answer is a fresh pass over its {@link AbstractSizedContainerTimeSeries#valueSource()}, so a
 * lazy expression is reduced fused.
 */
final class NanSkipping implements NanStatistics {

    private final AbstractSizedContainerTimeSeries series;

    NanSkipping(AbstractSizedContainerTimeSeries series) {
        this.series = series;
    }

    @Override
    public int count() {
        return Extremes.countNumbers(series.valueSource(), series.size());
    }

    @Override
    public double mean() {
        return Sums.nanMean(series.valueSource(), series.size());
    }

    @Override
    public double std() {
        return std(0);
    }

    @Override
    public double std(int ddof) {
        return Sums.nanStd(series.valueSource(), series.size(), ddof);
    }

    @Override
    public double min() {
        return Extremes.of(series.valueSource(), series.size(), false, true, "nanmin");
    }

    @Override
    public double max() {
        return Extremes.of(series.valueSource(), series.size(), true, true, "nanmax");
    }

    @Override
    public String toString() {
        return "NanSkipping[" + series + "]";
    }
}
