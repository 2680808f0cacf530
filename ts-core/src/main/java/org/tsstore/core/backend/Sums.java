package org.tsstore.core.backend;

import java.nio.DoubleBuffer;
import java.util.Objects;

/**
 * The one summation kernel of tsstore: numpy's pairwise summation, reproduced to the bit.
 *
 * <p>A run of {@code n} values is split in two at {@code n/2} rounded down to a multiple of 8 until a
 * piece holds at most {@value #BLOCK} values; a piece is summed with eight accumulators taking elements
 * {@code i mod 8}, combined as {@code ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))}; and the total is
 * {@code 0.0 +} the root. That is the tree of numpy's {@code pairwise_sum} for contiguous {@code float64},
 * so {@code sum}, {@code mean} and {@code std} equal numpy's to the bit (the tests compare with the real
 * numpy) and their rounding error grows with {@code log n} rather than {@code n}.
 *
 * <p>The tree depends only on {@code n}, and each piece is read through one bulk copy of at most
 * {@value #BLOCK} values, so a series on the heap, in a memory mapping, or computed on access sums to the
 * same bits without allocating anything in proportion to its length.
 */
public final class Sums {

    /** The most values summed as one piece of the tree (numpy's {@code PW_BLOCKSIZE}). */
    public static final int BLOCK = 128;

    private Sums() {}

    /**
     * Values addressed by index, read in pieces of at most {@value #BLOCK}: a heap array, a mapping, or
     * a computation over other series.
     */
    @FunctionalInterface
    public interface Source {
        /**
         * Copies {@code length} values, from index {@code from} on, to {@code dst[0, length)}.
         *
         * @param from the first index
         * @param dst the destination, at least {@code length} long
         * @param length at most {@value Sums#BLOCK}
         */
        void read(int from, double[] dst, int length);
    }

    /**
     * The sum of {@code a[from, from + length)}.
     *
     * @param a the values
     * @param from the first index
     * @param length how many
     * @return their pairwise sum
     * @throws IndexOutOfBoundsException if the run is outside the array
     */
    public static double sum(double[] a, int from, int length) {
        Objects.checkFromIndexSize(from, length, a.length);
        return 0.0 + arrayTree(a, from, length);
    }

    /**
     * The sum of values {@code [from, from + length)} of a source.
     *
     * @param source the values
     * @param from the first index
     * @param length how many
     * @return their pairwise sum, equal to the bits to {@link #sum(double[], int, int)} over the same values
     */
    public static double sum(Source source, int from, int length) {
        Objects.requireNonNull(source, "source");
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        return 0.0 + sourceTree(source, from, length, new double[Math.min(length, BLOCK)], Double.NaN, false);
    }

    /**
     * The sum of {@code b[from, from + length)} (absolute indices; the buffer's position is not used).
     *
     * @param b the values, for example a mapping
     * @param from the first index
     * @param length how many
     * @return their pairwise sum
     */
    public static double sum(DoubleBuffer b, int from, int length) {
        return sum(bufferSource(b), from, length);
    }

    /**
     * The sum of squared deviations {@code (a[i] - mean)^2} over {@code a[from, from + length)}, each squared
     * deviation computed as numpy's {@code std} computes it before summing.
     *
     * @param a the values
     * @param from the first index
     * @param length how many
     * @param mean the value deviations are taken from
     * @return the pairwise sum of squared deviations
     */
    public static double sumOfSquaredDeviations(double[] a, int from, int length, double mean) {
        Objects.checkFromIndexSize(from, length, a.length);
        return sumOfSquaredDeviations(arraySource(a), from, length, mean);
    }

    /**
     * The sum of squared deviations over values {@code [from, from + length)} of a source.
     *
     * @param source the values
     * @param from the first index
     * @param length how many
     * @param mean the value deviations are taken from
     * @return the pairwise sum of squared deviations
     */
    public static double sumOfSquaredDeviations(Source source, int from, int length, double mean) {
        Objects.requireNonNull(source, "source");
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        return 0.0 + sourceTree(source, from, length, new double[Math.min(length, BLOCK)], mean, true);
    }

    /**
     * The mean as numpy's {@code mean()}: the pairwise sum divided by the count; NaN for no values.
     *
     * @param source the values
     * @param length how many, from index 0
     * @return the mean
     */
    public static double mean(Source source, int length) {
        return length == 0 ? Double.NaN : sum(source, 0, length) / length;
    }

    /**
     * The standard deviation as numpy's {@code std(ddof=ddof)}: the square root of the pairwise sum of
     * squared deviations from the mean, divided by {@code length - ddof}. NaN for no values and when
     * {@code length - ddof} is not positive (where numpy warns and returns NaN or infinity).
     *
     * @param source the values
     * @param length how many, from index 0
     * @param ddof the delta degrees of freedom: 0 for the population, 1 for the sample deviation
     * @return the standard deviation
     * @throws IllegalArgumentException if {@code ddof} is negative
     */
    public static double std(Source source, int length, int ddof) {
        if (ddof < 0) {
            throw new IllegalArgumentException("ddof must not be negative: " + ddof);
        }
        if (length == 0 || length - ddof <= 0) {
            return Double.NaN;
        }
        double mean = sum(source, 0, length) / length;
        return Math.sqrt(sumOfSquaredDeviations(source, 0, length, mean) / (length - ddof));
    }

    /**
     * A source over a heap array.
     *
     * @param a the values
     * @return a source reading {@code a} by index
     */
    public static Source arraySource(double[] a) {
        Objects.requireNonNull(a, "a");
        return (from, dst, length) -> System.arraycopy(a, from, dst, 0, length);
    }

    /**
     * A source over a buffer, by absolute index (a bulk read per piece: on JDK 17 a per-element
     * {@code get} keeps a bounds check per value that the bulk read pays once).
     *
     * @param b the values
     * @return a source reading {@code b} by absolute index
     */
    public static Source bufferSource(DoubleBuffer b) {
        Objects.requireNonNull(b, "b");
        return (from, dst, length) -> b.get(from, dst, 0, length);
    }

    private static double arrayTree(double[] a, int from, int n) {
        if (n <= BLOCK) {
            return piece(a, from, n);
        }
        int half = n / 2;
        half -= half % 8;
        return arrayTree(a, from, half) + arrayTree(a, from + half, n - half);
    }

    private static double sourceTree(Source s, int from, int n, double[] buffer, double mean, boolean squares) {
        if (n <= BLOCK) {
            s.read(from, buffer, n);
            if (squares) {
                for (int i = 0; i < n; i++) {
                    double d = buffer[i] - mean;
                    buffer[i] = d * d;
                }
            }
            return piece(buffer, 0, n);
        }
        int half = n / 2;
        half -= half % 8;
        return sourceTree(s, from, half, buffer, mean, squares) + sourceTree(s, from + half, n - half, buffer, mean, squares);
    }

    /** One piece of at most {@value #BLOCK} values: eight accumulators, as numpy's unrolled loop. */
    private static double piece(double[] a, int from, int n) {
        if (n < 8) {
            double r = 0.0;
            for (int i = from; i < from + n; i++) {
                r += a[i];
            }
            return r;
        }
        double r0 = a[from];
        double r1 = a[from + 1];
        double r2 = a[from + 2];
        double r3 = a[from + 3];
        double r4 = a[from + 4];
        double r5 = a[from + 5];
        double r6 = a[from + 6];
        double r7 = a[from + 7];
        int end8 = from + n - (n % 8);
        int i = from + 8;
        for (; i < end8; i += 8) {
            r0 += a[i];
            r1 += a[i + 1];
            r2 += a[i + 2];
            r3 += a[i + 3];
            r4 += a[i + 4];
            r5 += a[i + 5];
            r6 += a[i + 6];
            r7 += a[i + 7];
        }
        double r = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
        for (; i < from + n; i++) {
            r += a[i];
        }
        return r;
    }
}
