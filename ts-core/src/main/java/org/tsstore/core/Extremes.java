package org.tsstore.core;

import java.util.NoSuchElementException;
import org.tsstore.core.backend.Sums;

/** The least or greatest of a source's values, read in runs of {@link Sums#READ}: one pass, one buffer. */
final class Extremes {

    private Extremes() {}

    /**
     * The least or greatest value, as numpy's {@code min}/{@code max} ({@code NaN} if any is {@code NaN}) or,
     * skipping {@code NaN}, as {@code nanmin}/{@code nanmax} ({@code NaN} only if all are).
     *
     * @throws NoSuchElementException naming {@code what} when there are no values
     */
    static double of(Sums.Source source, int n, boolean greatest, boolean skipNaN, String what) {
        if (n == 0) {
            throw new NoSuchElementException(what + " of an empty series");
        }
        double[] b = new double[Math.min(n, Sums.READ)];
        double m = greatest ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        boolean any = false;
        for (int from = 0; from < n; from += Sums.READ) {
            int len = Math.min(Sums.READ, n - from);
            source.read(from, b, len);
            for (int i = 0; i < len; i++) {
                double v = b[i];
                if (v != v) {
                    if (!skipNaN) {
                        return Double.NaN;
                    }
                    continue;
                }
                any = true;
                m = greatest ? Math.max(m, v) : Math.min(m, v);
            }
        }
        return any ? m : Double.NaN;
    }

    /** How many of the source's values are not {@code NaN}. */
    static int countNumbers(Sums.Source source, int n) {
        double[] b = new double[Math.min(n, Sums.READ)];
        int count = 0;
        for (int from = 0; from < n; from += Sums.READ) {
            int len = Math.min(Sums.READ, n - from);
            source.read(from, b, len);
            for (int i = 0; i < len; i++) {
                count += b[i] == b[i] ? 1 : 0;
            }
        }
        return count;
    }
}
