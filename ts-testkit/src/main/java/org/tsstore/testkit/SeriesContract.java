package org.tsstore.testkit;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.testkit.SeriesRecipe.ValueShape;

/**
 * What every part of the series contract works on: the implementation's {@link #create} and the generators
 * the properties draw from. {@link SizedContainerTimeSeriesContract} composes the parts; each can also be
 * implemented alone.
 *
 * <p>Every operation is checked against a model of two plain arrays, computed in the contract independently
 * of any implementation, on generated series of up to 2,000 points with special values (see
 * {@link SeriesArbitraries}). Points are compared as {@link Double#equals} compares them ({@code NaN}
 * equals {@code NaN}, {@code -0.0} differs from {@code 0.0}), and no operation may change the series it is
 * called on.
 */
public interface SeriesContract {

    /** The relative tolerance of {@code mean()}, {@code std()} and {@code interpolate}. */
    double TOLERANCE = 1e-9;

    /**
     * An instance of the implementation under test holding exactly these points.
     *
     * @param times valid times (finite, strictly increasing); the array is the caller's to keep
     * @param values as many values as times
     * @return the series
     */
    SizedContainerTimeSeries create(double[] times, double[] values);

    // ---- generators ----------------------------------------------------------------------------------

    /**
     * Points of series up to 2,000 long: {@code points[0]} the times, {@code points[1]} the values.
     *
     * @return pairs of arrays that obey the value rules
     */
    @Provide
    default Arbitrary<double[][]> seriesPoints() {
        return SeriesArbitraries.recipes(2000, ValueShape.values()).map(r -> new double[][] {r.times(), r.values()});
    }

    /**
     * Points whose finite values are at most about 1e100 in size (so that sums and squares stay finite),
     * mixed with {@code NaN} and infinities now and then.
     *
     * @return pairs of arrays that obey the value rules
     */
    @Provide
    default Arbitrary<double[][]> statisticsPoints() {
        return SeriesArbitraries.recipes(2000, ValueShape.values()).map(r -> {
            double[] v = r.values();
            for (int i = 0; i < v.length; i++) {
                if (Double.isFinite(v[i]) && Math.abs(v[i]) > 1e100) {
                    v[i] *= 1e-200;
                }
            }
            return new double[][] {r.times(), v};
        });
    }

    /**
     * Scalars for arithmetic, special values included.
     *
     * @return doubles
     */
    @Provide
    default Arbitrary<Double> scalars() {
        return Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(0.0, -0.0, 1.0, -1.0, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE));
    }
}
