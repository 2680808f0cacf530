package org.tsstore.storage.mmap;

import java.util.Objects;
import org.tsstore.core.AbstractSizedContainerTimeSeries;

/**
 * A series computed from its index, with no arrays behind it: time {@code i} is {@code i}, value {@code i}
 * is {@code (i % 1024) - 300 + shift}. Every value and every partial sum is an integer far below 2^53, so
 * sums are exact in any order and the mean is known exactly.
 */
final class FormulaSeries extends AbstractSizedContainerTimeSeries {

    private final int size;
    private final int shift;

    FormulaSeries(int size, int shift) {
        this.size = size;
        this.shift = shift;
    }

    static double timeAt(long i) {
        return i;
    }

    static double valueAt(long i, int shift) {
        return (i % 1024) - 300 + shift;
    }

    /** The exact sum of the first {@code n} values. */
    static long sum(long n, int shift) {
        long cycle = 0;
        for (int k = 0; k < 1024; k++) {
            cycle += k - 300 + shift;
        }
        long sum = (n / 1024) * cycle;
        for (long k = 0; k < n % 1024; k++) {
            sum += k - 300 + shift;
        }
        return sum;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public double time(int index) {
        Objects.checkIndex(index, size);
        return timeAt(index);
    }

    @Override
    public double value(int index) {
        Objects.checkIndex(index, size);
        return valueAt(index, shift);
    }

    @Override
    public void copyTimes(int from, double[] dst, int offset, int length) {
        Objects.checkFromIndexSize(from, length, size);
        Objects.checkFromIndexSize(offset, length, dst.length);
        for (int i = 0; i < length; i++) {
            dst[offset + i] = from + i;
        }
    }

    @Override
    public void copyValues(int from, double[] dst, int offset, int length) {
        Objects.checkFromIndexSize(from, length, size);
        Objects.checkFromIndexSize(offset, length, dst.length);
        int k = from % 1024;
        for (int i = 0; i < length; i++) {
            dst[offset + i] = k - 300 + shift;
            k = k == 1023 ? 0 : k + 1;
        }
    }
}
