package org.tsstore.storage.mmap;

import java.nio.DoubleBuffer;

/**
 * Statistics over one run of doubles in a mapped window. Each has the summation structure of
 * {@code ArrayTimeSeries}: four independent accumulators taking elements {@code i mod 4}, combined as
 * {@code (s0 + s1) + (s2 + s3)}, so a series in one window has exactly the mean of its heap copy.
 *
 * <p>Two ways to read the mapping, with identical results. On JDK 17 an absolute {@code DoubleBuffer.get(i)}
 * keeps a bounds and scope check per element that the JIT does not hoist, which made {@code mean()} twice
 * as slow as the same loop over an array; there the run is copied in small chunks with the bulk absolute
 * {@code get}, which stay in the L1 cache (one array of at most {@value #CHUNK} doubles per call, nothing
 * proportional to the run). From JDK 25 (measured; JDK 18 to 24 were not) the per-element read compiles
 * to a plain load and beats the copy, so it is used directly.
 */
final class ValueRuns {

    /**
     * Doubles per chunk of the copying reads: 2 KiB, inside the L1 cache. Measured on JDK 17 over a million
     * mapped values: 256 beat 64, 128, 512, 1024 and 2048 (a shorter copy overlaps better with the adds).
     */
    static final int CHUNK = 256;

    /** Whether per-element reads are the fast way on this JVM (see the class comment). */
    static final boolean PER_ELEMENT = Runtime.version().feature() >= 25;

    private ValueRuns() {}

    /** The sum of {@code [from, from + length)}. */
    static double sum(DoubleBuffer b, int from, int length) {
        return PER_ELEMENT ? sumInPlace(b, from, length) : sumCopied(b, from, length);
    }

    static double sumInPlace(DoubleBuffer b, int from, int length) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        int end = from + length;
        for (; i + 3 < end; i += 4) {
            s0 += b.get(i);
            s1 += b.get(i + 1);
            s2 += b.get(i + 2);
            s3 += b.get(i + 3);
        }
        for (; i < end; i++) {
            s0 += b.get(i);
        }
        return (s0 + s1) + (s2 + s3);
    }

    static double sumCopied(DoubleBuffer b, int from, int length) {
        double[] chunk = new double[Math.min(CHUNK, length)];
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int end = from + length;
        // chunks are a multiple of 4 long, so element i always lands in accumulator i mod 4
        for (int p = from; p < end; p += CHUNK) {
            int len = Math.min(CHUNK, end - p);
            b.get(p, chunk, 0, len);
            int i = 0;
            for (; i + 3 < len; i += 4) {
                s0 += chunk[i];
                s1 += chunk[i + 1];
                s2 += chunk[i + 2];
                s3 += chunk[i + 3];
            }
            for (; i < len; i++) {
                s0 += chunk[i];
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The sum of squared deviations from {@code mean} over {@code [from, from + length)}. */
    static double squaredDeviations(DoubleBuffer b, int from, int length, double mean) {
        return PER_ELEMENT ? squaredDeviationsInPlace(b, from, length, mean)
                : squaredDeviationsCopied(b, from, length, mean);
    }

    static double squaredDeviationsInPlace(DoubleBuffer b, int from, int length, double mean) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        int end = from + length;
        for (; i + 3 < end; i += 4) {
            double d0 = b.get(i) - mean;
            double d1 = b.get(i + 1) - mean;
            double d2 = b.get(i + 2) - mean;
            double d3 = b.get(i + 3) - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < end; i++) {
            double d = b.get(i) - mean;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    static double squaredDeviationsCopied(DoubleBuffer b, int from, int length, double mean) {
        double[] chunk = new double[Math.min(CHUNK, length)];
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int end = from + length;
        for (int p = from; p < end; p += CHUNK) {
            int len = Math.min(CHUNK, end - p);
            b.get(p, chunk, 0, len);
            int i = 0;
            for (; i + 3 < len; i += 4) {
                double d0 = chunk[i] - mean;
                double d1 = chunk[i + 1] - mean;
                double d2 = chunk[i + 2] - mean;
                double d3 = chunk[i + 3] - mean;
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
            }
            for (; i < len; i++) {
                double d = chunk[i] - mean;
                s0 += d * d;
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The least value of {@code [from, from + length)}, NaN if any is NaN (as numpy's {@code min()}). */
    static double min(DoubleBuffer b, int from, int length) {
        return PER_ELEMENT ? extremeInPlace(b, from, length, false) : extremeCopied(b, from, length, false);
    }

    /** The greatest value of {@code [from, from + length)}, NaN if any is NaN. */
    static double max(DoubleBuffer b, int from, int length) {
        return PER_ELEMENT ? extremeInPlace(b, from, length, true) : extremeCopied(b, from, length, true);
    }

    // Math.min/max propagate NaN and order -0.0 below 0.0, so the result does not depend on the reading order.
    static double extremeInPlace(DoubleBuffer b, int from, int length, boolean greatest) {
        double m0 = greatest ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        double m1 = m0;
        int i = from;
        int end = from + length;
        if (greatest) {
            for (; i + 1 < end; i += 2) {
                m0 = Math.max(m0, b.get(i));
                m1 = Math.max(m1, b.get(i + 1));
            }
            for (; i < end; i++) {
                m0 = Math.max(m0, b.get(i));
            }
            return Math.max(m0, m1);
        }
        for (; i + 1 < end; i += 2) {
            m0 = Math.min(m0, b.get(i));
            m1 = Math.min(m1, b.get(i + 1));
        }
        for (; i < end; i++) {
            m0 = Math.min(m0, b.get(i));
        }
        return Math.min(m0, m1);
    }

    static double extremeCopied(DoubleBuffer b, int from, int length, boolean greatest) {
        double[] chunk = new double[Math.min(CHUNK, length)];
        double m0 = greatest ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        double m1 = m0;
        int end = from + length;
        for (int p = from; p < end; p += CHUNK) {
            int len = Math.min(CHUNK, end - p);
            b.get(p, chunk, 0, len);
            int i = 0;
            if (greatest) {
                for (; i + 1 < len; i += 2) {
                    m0 = Math.max(m0, chunk[i]);
                    m1 = Math.max(m1, chunk[i + 1]);
                }
                for (; i < len; i++) {
                    m0 = Math.max(m0, chunk[i]);
                }
            } else {
                for (; i + 1 < len; i += 2) {
                    m0 = Math.min(m0, chunk[i]);
                    m1 = Math.min(m1, chunk[i + 1]);
                }
                for (; i < len; i++) {
                    m0 = Math.min(m0, chunk[i]);
                }
            }
        }
        return greatest ? Math.max(m0, m1) : Math.min(m0, m1);
    }
}
