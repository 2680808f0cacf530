package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.tsstore.testkit.SeriesAssertions.assertHolds;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;

/**
 * The arithmetic of a {@link SizedContainerTimeSeries} ({@code plus}, {@code minus}, {@code multipliedBy},
 * {@code negated}, {@code abs}), which is exact: the IEEE result of the same operation on each value, on
 * the receiver's times. The {@link IllegalArgumentException} for series with different times says
 * {@code "index k"} for the first index {@code k} where they differ.
 */
public interface SeriesArithmeticContract extends SeriesContract {

    /**
     * {@code plus}, {@code minus} and {@code times} with a series on the same times (of this
     * implementation or an {@link ArrayTimeSeries}) are exact point by point; series of other times are
     * refused with an {@link IllegalArgumentException} naming the first index that differs.
     *
     * @param points times and values
     * @param otherPoints values for the other operand (the times are replaced by these)
     * @param seed picks the index where the times of a mismatching series first differ
     */
    @Property(tries = 100)
    default void arithmeticWithASeriesIsPointwise(@ForAll("seriesPoints") double[][] points,
            @ForAll("seriesPoints") double[][] otherPoints, @ForAll long seed) {
        double[] t = points[0];
        double[] v = points[1];
        int n = t.length;
        double[] w = Arrays.copyOf(otherPoints[1], n);
        SizedContainerTimeSeries s = create(t.clone(), v.clone());
        List<SizedContainerTimeSeries> operands = List.of(create(t.clone(), w.clone()), ArrayTimeSeries.of(t, w));
        for (SizedContainerTimeSeries other : operands) {
            assertPointwise("plus(series)", t, v, w, (a, b) -> a + b, s.plus(other));
            assertPointwise("minus(series)", t, v, w, (a, b) -> a - b, s.minus(other));
            assertPointwise("multipliedBy(series)", t, v, w, (a, b) -> a * b, s.multipliedBy(other));
        }
        SizedContainerTimeSeries longer = create(append(t, n == 0 ? 0 : Math.nextUp(t[n - 1])), append(v, 1));
        Rejections.expect("plus(a series of " + (n + 1) + " points) on " + n + " points", () -> s.plus(longer),
                IllegalArgumentException.class);
        if (n > 0) {
            int k = new SplittableRandom(seed).nextInt(n);
            double[] t2 = t.clone();
            t2[k] = Math.nextUp(t[k]);
            for (int i = k + 1; i < n; i++) {
                t2[i] = Math.max(Math.nextUp(t[i]), Math.nextUp(t2[i - 1]));
            }
            SizedContainerTimeSeries shifted = create(t2, w.clone());
            for (String op : List.of("plus", "minus", "times")) {
                Throwable e = Rejections.expect(op + "(a series whose times differ first at index " + k + ")",
                        () -> {
                            if (op.equals("plus")) {
                                s.plus(shifted);
                            } else if (op.equals("minus")) {
                                s.minus(shifted);
                            } else {
                                s.multipliedBy(shifted);
                            }
                        }, IllegalArgumentException.class);
                if (!e.getMessage().matches("(?s).*\\bindex " + k + "(?!\\d).*")) {
                    fail(op + ": the message must name the first differing index as \"index " + k + "\": "
                            + e.getMessage());
                }
            }
        }
        assertHolds("the series after arithmetic", t, v, s);
    }

    private static double[] append(double[] a, double x) {
        double[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = x;
        return out;
    }

    private static void assertPointwise(String op, double[] t, double[] v, double[] w, DoubleBinaryOperator f,
            SizedContainerTimeSeries result) {
        double[] expected = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            expected[i] = f.applyAsDouble(v[i], w[i]);
        }
        assertHolds(op, t, expected, result);
    }

    /**
     * {@code plus}, {@code minus} and {@code multipliedBy} with a scalar, {@code negated()} and {@code abs()} are
     * exact point by point and keep the times.
     *
     * @param points times and values
     * @param scalar the scalar
     */
    @Property(tries = 100)
    default void scalarArithmeticIsPointwise(@ForAll("seriesPoints") double[][] points, @ForAll("scalars") double scalar) {
        double[] t = points[0];
        double[] v = points[1];
        SizedContainerTimeSeries s = create(t.clone(), v.clone());
        assertMapped("plus(" + scalar + ")", t, v, x -> x + scalar, s.plus(scalar));
        assertMapped("minus(" + scalar + ")", t, v, x -> x - scalar, s.minus(scalar));
        assertMapped("multipliedBy(" + scalar + ")", t, v, x -> x * scalar, s.multipliedBy(scalar));
        assertMapped("negated()", t, v, x -> -x, s.negated());
        assertMapped("abs()", t, v, Math::abs, s.abs());
        assertHolds("the series after arithmetic", t, v, s);
    }

    private static void assertMapped(String op, double[] t, double[] v, DoubleUnaryOperator f,
            SizedContainerTimeSeries result) {
        double[] expected = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            expected[i] = f.applyAsDouble(v[i]);
        }
        assertHolds(op, t, expected, result);
    }
}
