package org.tsstore.core;

import java.nio.DoubleBuffer;
import java.util.Objects;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.backend.Sums;

/**
 * The lazy result of an element-wise operation: {@code plus}, {@code minus} or multiplication with a series
 * or a constant, {@code negated()} or {@code abs()}. It holds its operands (heap arrays, mapped views, other
 * such views, any series) and computes a value when it is read; its times are those of its left operand.
 *
 * <p>Reductions ({@code mean}, {@code std}, {@code min}, {@code max}, the NaN-skipping statistics) are one
 * fused pass: each run of at most {@link Sums#READ} points is read from every operand into a buffer of the
 * pass, combined there and handed to the kernel, so a reduction allocates one buffer per level of the
 * expression and nothing in proportion to the length, and gives the bits of the same reduction over the
 * materialised series. A single {@link #value(int)} costs one read per operand of the whole expression.
 *
 * <p>The operands' times are compared when the view is made (one pass in runs, or none when both sides share
 * their times), so a mismatch is reported at once, as by the eager operations it replaces. An expression of
 * more than {@value #MOST_NODES} operations is not grown further: its left side is copied to the heap first,
 * so that no read recurses without bound. A view over a memory-mapped series obeys that series' lifetime.
 * Copy it with {@link ArrayTimeSeries#copyOf} to compute it once and keep it.
 */
final class ElementwiseSeries extends AbstractSizedContainerTimeSeries {

    /** The operations. */
    enum Op { PLUS, MINUS, TIMES, PLUS_SCALAR, MINUS_SCALAR, TIMES_SCALAR, NEGATE, ABS }

    /** The most operations in one expression before its left side is materialised. */
    static final int MOST_NODES = 256;

    /** Times compared per step of the check, a run over both storages in place where they allow. */
    private static final int CHECK_RUN = 1 << 16;

    private final SizedContainerTimeSeries left;
    private final SizedContainerTimeSeries right;
    private final Op op;
    private final double scalar;
    private final int size;
    private final int nodes;
    /** Buffers a pass needs: one per pending right operand. */
    private final int depth;
    /** The series whose times these are (not a view), to skip the comparison of shared times. */
    private final SizedContainerTimeSeries timesOwner;

    private ElementwiseSeries(SizedContainerTimeSeries left, SizedContainerTimeSeries right, Op op, double scalar) {
        this.left = left;
        this.right = right;
        this.op = op;
        this.scalar = scalar;
        this.size = left.size();
        this.nodes = 1 + nodes(left) + nodes(right);
        this.depth = right == null ? depth(left) : Math.max(depth(left), 1 + depth(right));
        this.timesOwner = timesOwner(left);
    }

    /**
     * {@code left op right}, point by point, after checking that the two have the same times.
     *
     * @throws IllegalArgumentException naming the sizes, or the first index whose times differ
     */
    static SizedContainerTimeSeries binary(SizedContainerTimeSeries left, SizedContainerTimeSeries right, Op op) {
        Objects.requireNonNull(right, "other");
        int n = left.size();
        if (right.size() != n) {
            throw new IllegalArgumentException(
                    "series differ in size: " + n + " points and " + right.size() + " points");
        }
        if (timesOwner(left) != timesOwner(right)) {
            checkSameTimes(left, right, n);
        }
        return new ElementwiseSeries(bounded(left), bounded(right), op, 0.0);
    }

    /** {@code left op scalar} (the scalar unused by {@code NEGATE} and {@code ABS}). */
    static SizedContainerTimeSeries scalar(SizedContainerTimeSeries left, Op op, double scalar) {
        return new ElementwiseSeries(bounded(left), null, op, scalar);
    }

    private static SizedContainerTimeSeries bounded(SizedContainerTimeSeries s) {
        return nodes(s) >= MOST_NODES ? ArrayTimeSeries.copyOf(s) : s;
    }

    private static int nodes(SizedContainerTimeSeries s) {
        return s instanceof ElementwiseSeries ? ((ElementwiseSeries) s).nodes : 0;
    }

    private static int depth(SizedContainerTimeSeries s) {
        return s instanceof ElementwiseSeries ? ((ElementwiseSeries) s).depth : 0;
    }

    private static SizedContainerTimeSeries timesOwner(SizedContainerTimeSeries s) {
        return s instanceof ElementwiseSeries ? ((ElementwiseSeries) s).timesOwner : s;
    }

    /**
     * Throws at the first index where the times differ by {@code ==}: in runs of {@value #CHECK_RUN}, over both
     * storages in place where both hold the run contiguously, else through copies of {@link Sums#READ}.
     */
    private static void checkSameTimes(SizedContainerTimeSeries a, SizedContainerTimeSeries b, int n) {
        double[] x = null;
        double[] y = null;
        for (int from = 0; from < n; from += CHECK_RUN) {
            int len = Math.min(CHECK_RUN, n - from);
            DoubleBuffer bx = timesInPlace(a, from, len);
            DoubleBuffer by = bx == null ? null : timesInPlace(b, from, len);
            if (by != null) {
                checkSameTimes(bx, by, from);
                continue;
            }
            if (x == null) {
                x = new double[Math.min(n, Sums.READ)];
                y = new double[x.length];
            }
            for (int at = from; at < from + len; at += Sums.READ) {
                int m = Math.min(Sums.READ, from + len - at);
                a.copyTimes(at, x, 0, m);
                b.copyTimes(at, y, 0, m);
                checkSameTimes(DoubleBuffer.wrap(x, 0, m), DoubleBuffer.wrap(y, 0, m), at);
            }
        }
    }

    /**
     * Throws at the first index where {@code x} and {@code y} (equally long, from position 0) differ by
     * {@code ==}: a vectorised bitwise comparison finds candidates, {@code ==} decides (0.0 and -0.0 are one
     * time), {@code first} is the index of their position 0 in the series.
     */
    private static void checkSameTimes(DoubleBuffer x, DoubleBuffer y, int first) {
        for (int i = x.mismatch(y); i >= 0; ) {
            if (x.get(i) != y.get(i)) {
                throw new IllegalArgumentException("series have different times, first at index " + (first + i)
                        + ": " + x.get(i) + " and " + y.get(i));
            }
            x.position(i + 1);
            y.position(i + 1);
            int m = x.mismatch(y);
            i = m < 0 ? -1 : i + 1 + m;
        }
    }

    private static DoubleBuffer timesInPlace(SizedContainerTimeSeries s, int from, int length) {
        return s instanceof AbstractSizedContainerTimeSeries
                ? ((AbstractSizedContainerTimeSeries) s).timesInPlace(from, length)
                : null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public double time(int index) {
        return left.time(index);
    }

    @Override
    public double value(int index) {
        double a = left.value(index);
        switch (op) {
            case PLUS:
                return a + right.value(index);
            case MINUS:
                return a - right.value(index);
            case TIMES:
                return a * right.value(index);
            case PLUS_SCALAR:
                return a + scalar;
            case MINUS_SCALAR:
                return a - scalar;
            case TIMES_SCALAR:
                return a * scalar;
            case NEGATE:
                return -a;
            default:
                return Math.abs(a);
        }
    }

    @Override
    public void copyTimes(int from, double[] dst, int offset, int length) {
        left.copyTimes(from, dst, offset, length);
    }

    /** The left operand's, whose times these are. */
    @Override
    protected DoubleBuffer timesInPlace(int from, int length) {
        return timesInPlace(left, from, length);
    }

    /** Computes the run in pieces of at most {@link Sums#READ}, with buffers of this call. */
    @Override
    public void copyValues(int from, double[] dst, int offset, int length) {
        Objects.checkFromIndexSize(from, length, size);
        Objects.checkFromIndexSize(offset, length, dst.length);
        Evaluation e = new Evaluation(depth, Math.min(length, Sums.READ));
        for (int done = 0; done < length; done += Sums.READ) {
            e.fill(this, from + done, dst, offset + done, Math.min(Sums.READ, length - done), 0);
        }
    }

    @Override
    protected Sums.Source valueSource() {
        Evaluation e = new Evaluation(depth, Math.min(size, Sums.READ));
        return (from, dst, length) -> e.fill(this, from, dst, 0, length, 0);
    }

    /** {@inheritDoc} <p>One fused pass in runs. */
    @Override
    public double min() {
        return Extremes.of(valueSource(), size, false, false, "min()");
    }

    /** {@inheritDoc} <p>One fused pass in runs. */
    @Override
    public double max() {
        return Extremes.of(valueSource(), size, true, false, "max()");
    }

    /** The buffers of one pass, one per level of pending right operands. */
    private static final class Evaluation {
        private final double[][] levels;

        Evaluation(int depth, int width) {
            levels = new double[depth][width];
        }

        void fill(SizedContainerTimeSeries s, int from, double[] dst, int off, int n, int level) {
            if (!(s instanceof ElementwiseSeries)) {
                s.copyValues(from, dst, off, n);
                return;
            }
            ElementwiseSeries e = (ElementwiseSeries) s;
            fill(e.left, from, dst, off, n, level);
            double[] b = null;
            if (e.right != null) {
                b = levels[level];
                fill(e.right, from, b, 0, n, level + 1);
            }
            double c = e.scalar;
            int end = off + n;
            switch (e.op) {
                case PLUS:
                    for (int i = off, j = 0; i < end; i++, j++) {
                        dst[i] += b[j];
                    }
                    break;
                case MINUS:
                    for (int i = off, j = 0; i < end; i++, j++) {
                        dst[i] -= b[j];
                    }
                    break;
                case TIMES:
                    for (int i = off, j = 0; i < end; i++, j++) {
                        dst[i] *= b[j];
                    }
                    break;
                case PLUS_SCALAR:
                    for (int i = off; i < end; i++) {
                        dst[i] += c;
                    }
                    break;
                case MINUS_SCALAR:
                    for (int i = off; i < end; i++) {
                        dst[i] -= c;
                    }
                    break;
                case TIMES_SCALAR:
                    for (int i = off; i < end; i++) {
                        dst[i] *= c;
                    }
                    break;
                case NEGATE:
                    for (int i = off; i < end; i++) {
                        dst[i] = -dst[i];
                    }
                    break;
                default:
                    for (int i = off; i < end; i++) {
                        dst[i] = Math.abs(dst[i]);
                    }
                    break;
            }
        }
    }
}
