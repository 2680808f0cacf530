package org.tsstore.storage.mmap;

import java.nio.DoubleBuffer;

/**
 * The least and greatest value of one run of doubles in a mapped window (sums go through
 * {@link org.tsstore.core.backend.Sums}).
 *
 * <p>Two ways to read the mapping, with identical results. On JDK 17 an absolute {@code DoubleBuffer.get(i)}
 * keeps a bounds and scope check per element that the JIT does not hoist; there the run is copied in small
 * chunks with the bulk absolute {@code get}, which stay in the L1 cache (one array of at most
 * {@value #CHUNK} doubles per call, nothing proportional to the run). From JDK 25 the per-element read
 * compiles to a plain load and beats the copy, so it is used directly.
 */
final class ValueRuns {

    /** Doubles per chunk of the copying reads: 2 KiB, inside the L1 cache. */
    static final int CHUNK = 256;

    /** Whether per-element reads are the fast way on this JVM (see the class comment). */
    static final boolean PER_ELEMENT = Runtime.version().feature() >= 25;

    private ValueRuns() {}

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
