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
 * so {@code sum}, {@code mean} and {@code std} (and {@code nanmean}, {@code nanstd}) equal numpy's to the bit
 * (the tests compare with the real numpy): the error is numpy's on every input, and it grows with
 * {@code log n} rather than {@code n}. Eight independent accumulators are also what keeps two additions per
 * cycle in flight, which is as fast as numpy's compiled loop on this hardware.
 *
 * <p>The tree depends only on {@code n}. A {@link Source} is read in runs of at most {@value #READ} values,
 * each a whole subtree, so a series on the heap, in a memory mapping, or computed on access sums to the same
 * bits while allocating one buffer per pass, nothing in proportion to its length.
 */
public final class Sums {

    /** The most values summed as one piece of the tree (numpy's {@code PW_BLOCKSIZE}). */
    public static final int BLOCK = 128;

    /** The most values one {@link Source#read} is asked for: a subtree that stays in the L1 cache. */
    public static final int READ = 1024;

    /** Whether a per-element {@code DoubleBuffer.get(i)} compiles to a plain load (JDK 25 on) or not (17). */
    private static final boolean BUFFER_IN_PLACE = Runtime.version().feature() >= 25;

    private static final int PLAIN = 0;
    private static final int SQUARES = 1;
    private static final int NAN_ZERO = 2;
    private static final int NAN_SQUARES = 3;

    private Sums() {}

    /**
     * Values addressed by index, read in runs of at most {@value #READ}: a heap array, a mapping, or
     * a computation over other series.
     */
    @FunctionalInterface
    public interface Source {
        /**
         * Copies {@code length} values, from index {@code from} on, to {@code dst[0, length)}.
         *
         * @param from the first index
         * @param dst the destination, at least {@code length} long
         * @param length at most {@value Sums#READ}
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
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static double sum(Source source, int from, int length) {
        return new Pass(source, length, PLAIN, 0.0).sum(from, length);
    }

    /**
     * The sum of {@code b[from, from + length)} (absolute indices; the buffer's position is not used). From
     * JDK 25 the buffer is read in place; on JDK 17, whose per-element {@code get} keeps a check per value, in
     * bulk runs of {@value #READ}. Both give the bits of {@link #sum(double[], int, int)}.
     *
     * @param b the values, for example a mapping
     * @param from the first index
     * @param length how many
     * @return their pairwise sum
     * @throws IndexOutOfBoundsException if the run is outside the buffer
     */
    public static double sum(DoubleBuffer b, int from, int length) {
        Objects.checkFromIndexSize(from, length, b.limit());
        return BUFFER_IN_PLACE ? 0.0 + bufferTree(b, from, length) : sum(bufferSource(b), from, length);
    }

    /**
     * The mean of {@code b[from, from + length)} as numpy's {@code mean()}; NaN for no values.
     *
     * @param b the values, for example a mapping
     * @param from the first index
     * @param length how many
     * @return the mean, the bits of {@link #mean(Source, int)} over the same values
     * @throws IndexOutOfBoundsException if the run is outside the buffer
     */
    public static double mean(DoubleBuffer b, int from, int length) {
        return length == 0 ? Double.NaN : sum(b, from, length) / length;
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
     * @throws IndexOutOfBoundsException if the run is outside the array
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
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static double sumOfSquaredDeviations(Source source, int from, int length, double mean) {
        return new Pass(source, length, SQUARES, mean).sum(from, length);
    }

    /**
     * The mean as numpy's {@code mean()}: the pairwise sum divided by the count; NaN for no values.
     *
     * @param source the values
     * @param length how many, from index 0
     * @return the mean
     * @throws IllegalArgumentException if {@code length} is negative
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
     * @throws IllegalArgumentException if {@code ddof} or {@code length} is negative
     */
    public static double std(Source source, int length, int ddof) {
        checkDdof(ddof);
        if (length == 0 || length - ddof <= 0) {
            return Double.NaN;
        }
        double mean = sum(source, 0, length) / length;
        return Math.sqrt(sumOfSquaredDeviations(source, 0, length, mean) / (length - ddof));
    }

    /**
     * The mean of the values that are not NaN, as numpy's {@code nanmean}: NaN is replaced by {@code 0.0},
     * the pairwise sum is divided by the count of the others. NaN when every value is NaN or there are none.
     *
     * @param source the values
     * @param length how many, from index 0
     * @return the mean of the values that are not NaN
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public static double nanMean(Source source, int length) {
        Pass p = new Pass(source, length, NAN_ZERO, 0.0);
        double sum = p.sum(0, length);
        return p.count == 0 ? Double.NaN : sum / p.count;
    }

    /**
     * The standard deviation of the values that are not NaN, as numpy's {@code nanstd(ddof=ddof)}: the
     * squared deviations from {@link #nanMean} are summed with zero at every NaN and divided by
     * {@code count - ddof}. NaN when that is not positive.
     *
     * @param source the values
     * @param length how many, from index 0
     * @param ddof the delta degrees of freedom: 0 for the population, 1 for the sample deviation
     * @return the standard deviation of the values that are not NaN
     * @throws IllegalArgumentException if {@code ddof} or {@code length} is negative
     */
    public static double nanStd(Source source, int length, int ddof) {
        checkDdof(ddof);
        Pass p = new Pass(source, length, NAN_ZERO, 0.0);
        double sum = p.sum(0, length);
        long count = p.count;
        if (count == 0 || count - ddof <= 0) {
            return Double.NaN;
        }
        double squares = new Pass(source, length, NAN_SQUARES, sum / count).sum(0, length);
        return Math.sqrt(squares / (count - ddof));
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
     * A source over a buffer, by absolute index (a bulk read per run: on JDK 17 a per-element
     * {@code get} keeps a bounds check per value that the bulk read pays once).
     *
     * @param b the values
     * @return a source reading {@code b} by absolute index
     */
    public static Source bufferSource(DoubleBuffer b) {
        Objects.requireNonNull(b, "b");
        return (from, dst, length) -> b.get(from, dst, 0, length);
    }

    private static void checkDdof(int ddof) {
        if (ddof < 0) {
            throw new IllegalArgumentException("ddof must not be negative: " + ddof);
        }
    }

    /** One pass over a source: its read buffer, what is done to each value, and the count of non-NaN values. */
    private static final class Pass {
        private final Source source;
        private final double[] buffer;
        private final int mode;
        private final double mean;
        long count;

        Pass(Source source, int length, int mode, double mean) {
            this.source = Objects.requireNonNull(source, "source");
            if (length < 0) {
                throw new IllegalArgumentException("negative length " + length);
            }
            this.buffer = new double[Math.min(length, READ)];
            this.mode = mode;
            this.mean = mean;
        }

        double sum(int from, int length) {
            return 0.0 + tree(from, length);
        }

        private double tree(int from, int n) {
            if (n <= READ) {
                source.read(from, buffer, n);
                transform(n);
                return arrayTree(buffer, 0, n);
            }
            int half = n / 2;
            half -= half % 8;
            return tree(from, half) + tree(from + half, n - half);
        }

        private void transform(int n) {
            double[] b = buffer;
            switch (mode) {
                case SQUARES:
                    for (int i = 0; i < n; i++) {
                        double d = b[i] - mean;
                        b[i] = d * d;
                    }
                    break;
                case NAN_ZERO:
                    int seen = 0;
                    for (int i = 0; i < n; i++) {
                        double x = b[i];
                        boolean number = x == x;
                        seen += number ? 1 : 0;
                        b[i] = number ? x : 0.0;
                    }
                    count += seen;
                    break;
                case NAN_SQUARES:
                    for (int i = 0; i < n; i++) {
                        double x = b[i];
                        double d = x - mean;
                        b[i] = x == x ? d * d : 0.0;
                    }
                    break;
                default:
                    break;
            }
        }
    }

    private static double arrayTree(double[] a, int from, int n) {
        if (n <= BLOCK) {
            return piece(a, from, n);
        }
        int half = n / 2;
        half -= half % 8;
        return arrayTree(a, from, half) + arrayTree(a, from + half, n - half);
    }

    private static double bufferTree(DoubleBuffer b, int from, int n) {
        if (n <= BLOCK) {
            return piece(b, from, n);
        }
        int half = n / 2;
        half -= half % 8;
        return bufferTree(b, from, half) + bufferTree(b, from + half, n - half);
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
        // Two rows of eight per iteration, in the same order: fewer loop branches (JDK 25's C2 gains ~12%).
        for (; i + 8 < end8; i += 16) {
            r0 += a[i];
            r1 += a[i + 1];
            r2 += a[i + 2];
            r3 += a[i + 3];
            r4 += a[i + 4];
            r5 += a[i + 5];
            r6 += a[i + 6];
            r7 += a[i + 7];
            r0 += a[i + 8];
            r1 += a[i + 9];
            r2 += a[i + 10];
            r3 += a[i + 11];
            r4 += a[i + 12];
            r5 += a[i + 13];
            r6 += a[i + 14];
            r7 += a[i + 15];
        }
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

    /** {@link #piece(double[], int, int)} read in place from a buffer. */
    private static double piece(DoubleBuffer a, int from, int n) {
        if (n < 8) {
            double r = 0.0;
            for (int i = from; i < from + n; i++) {
                r += a.get(i);
            }
            return r;
        }
        double r0 = a.get(from);
        double r1 = a.get(from + 1);
        double r2 = a.get(from + 2);
        double r3 = a.get(from + 3);
        double r4 = a.get(from + 4);
        double r5 = a.get(from + 5);
        double r6 = a.get(from + 6);
        double r7 = a.get(from + 7);
        int end8 = from + n - (n % 8);
        int i = from + 8;
        for (; i < end8; i += 8) {
            r0 += a.get(i);
            r1 += a.get(i + 1);
            r2 += a.get(i + 2);
            r3 += a.get(i + 3);
            r4 += a.get(i + 4);
            r5 += a.get(i + 5);
            r6 += a.get(i + 6);
            r7 += a.get(i + 7);
        }
        double r = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
        for (; i < from + n; i++) {
            r += a.get(i);
        }
        return r;
    }
}
