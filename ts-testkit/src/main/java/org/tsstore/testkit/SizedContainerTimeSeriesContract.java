package org.tsstore.testkit;

import org.tsstore.api.SizedContainerTimeSeries;

/**
 * The whole contract of a {@link SizedContainerTimeSeries} implementation, as jqwik properties that a test
 * class inherits by implementing this interface and {@link SeriesContract#create}:
 *
 * <pre>{@code
 * class MySeriesContractTest implements SizedContainerTimeSeriesContract {
 *     @Override public SizedContainerTimeSeries create(double[] times, double[] values) {
 *         return new MySeries(times, values);
 *     }
 * }
 * }</pre>
 *
 * <p>Every operation is checked against a model of two plain arrays, computed here independently of any
 * implementation, on generated series of up to 2,000 points with special values (see
 * {@link SeriesArbitraries}); no operation may change the series it is called on. The rules, beyond the
 * javadoc of {@link SizedContainerTimeSeries}, are those of the concepts, each an interface of its own
 * over {@link SeriesContract} that can also be implemented alone: {@link SeriesAccessContract} (accessors,
 * bulk copies, iterators), {@link SeriesEqualityContract} (equality, hash code, text),
 * {@link SeriesSlicingContract} (slicing and interpolation), {@link SeriesArithmeticContract} and
 * {@link SeriesStatisticsContract} (mean, standard deviation, minimum and maximum).
 */
public interface SizedContainerTimeSeriesContract extends SeriesAccessContract, SeriesEqualityContract,
        SeriesSlicingContract, SeriesArithmeticContract, SeriesStatisticsContract {
}
