package org.tsstore.core;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * The reference model of a series: two plain arrays, and generators of them. Times are finite and
 * strictly increasing (with runs of adjacent doubles); values include NaN, infinities and -0.0 unless
 * asked to stay finite. Sizes are mostly small, sometimes past the skeleton's 1024-point chunks.
 */
record SeriesModel(double[] t, double[] v) {

    int size() {
        return t.length;
    }

    @Override
    public String toString() {
        return "SeriesModel[n=" + t.length + ", t=" + head(t) + ", v=" + head(v) + "]";
    }

    private static String head(double[] a) {
        return a.length <= 12 ? Arrays.toString(a) : Arrays.toString(Arrays.copyOf(a, 12)) + "...";
    }

    /** Any valid series, values with special doubles. */
    static Arbitrary<SeriesModel> any() {
        return Arbitraries.randomValue(r -> random(r, size(r), false));
    }

    /** Valid series with finite values in [-1e6, 1e6]. */
    static Arbitrary<SeriesModel> finite() {
        return Arbitraries.randomValue(r -> random(r, size(r), true));
    }

    static int size(Random r) {
        int k = r.nextInt(20);
        if (k == 0) {
            return 0;
        }
        if (k == 1) {
            return 1000 + r.nextInt(1200); // beyond one 1024-point chunk
        }
        return 1 + r.nextInt(k < 10 ? 8 : 60);
    }

    static SeriesModel random(Random r, int n, boolean finiteValues) {
        double[] t = times(r, n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = finiteValues ? finiteValue(r) : anyValue(r);
        }
        return new SeriesModel(t, v);
    }

    static double[] times(Random r, int n) {
        double[] t = new double[n];
        int style = r.nextInt(3);
        double prev = style == 0 ? 0 : (r.nextDouble() - 0.5) * 2e6;
        for (int i = 0; i < n; i++) {
            if (i == 0) {
                t[i] = prev;
            } else if (r.nextInt(6) == 0) {
                t[i] = Math.nextUp(t[i - 1]); // adjacent doubles
            } else {
                t[i] = t[i - 1] + (style == 0 ? 1 + r.nextInt(3) : 1e-3 + r.nextDouble() * 100);
            }
        }
        return t;
    }

    static double finiteValue(Random r) {
        switch (r.nextInt(6)) {
            case 0:
                return r.nextInt(7) - 3; // ties for min/max
            case 1:
                return r.nextBoolean() ? 0.0 : -0.0;
            default:
                return (r.nextDouble() - 0.5) * 2e6;
        }
    }

    static double anyValue(Random r) {
        switch (r.nextInt(14)) {
            case 0:
                return Double.NaN;
            case 1:
                return Double.POSITIVE_INFINITY;
            case 2:
                return Double.NEGATIVE_INFINITY;
            case 3:
                return -0.0;
            case 4:
                return Double.MIN_VALUE;
            case 5:
                return Double.MAX_VALUE;
            default:
                return finiteValue(r);
        }
    }
}
