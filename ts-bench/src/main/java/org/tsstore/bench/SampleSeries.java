package org.tsstore.bench;

/** Deterministic series data shared by every subject, so that all of them store the same bytes. */
final class SampleSeries {

    private SampleSeries() {}

    /** Strictly increasing times 0, 1, 2, ... offset by {@code seed}. */
    static double[] times(int size, int seed) {
        double[] t = new double[size];
        for (int i = 0; i < size; i++) {
            t[i] = seed + (double) i;
        }
        return t;
    }

    /** Values that are neither constant nor trivially compressible. */
    static double[] values(int size, int seed) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = value(i, seed);
        }
        return v;
    }

    /** Value number {@code index} of {@link #values}{@code (size, seed)}, for loaders that go point by point. */
    static double value(int index, int seed) {
        return Math.sin(0.001 * index + seed) * 1000.0 + (index % 7);
    }

    /** The id of series number {@code index}: its decimal form, as {@code SeriesIds.of(long)} gives it. */
    static String id(int index) {
        return Integer.toString(index);
    }

    /** Mean of values with four independent accumulators, as any careful hand-written peer would compute it. */
    static double mean(double[] a) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        int n = a.length;
        for (; i + 3 < n; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i];
        }
        return n == 0 ? Double.NaN : ((s0 + s1) + (s2 + s3)) / n;
    }
}
