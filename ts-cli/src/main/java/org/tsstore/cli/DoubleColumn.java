package org.tsstore.cli;

import java.util.Arrays;

/** A growable column of doubles, for readers that do not know the number of points in advance. */
final class DoubleColumn {

    private static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

    private double[] data = new double[64];
    private int size;

    void add(double d) {
        if (size == data.length) {
            if (size >= MAX_LENGTH) {
                throw new InvalidDataException("more than " + MAX_LENGTH + " points: too many for one series");
            }
            data = Arrays.copyOf(data, (int) Math.min(MAX_LENGTH, 2L * size));
        }
        data[size++] = d;
    }

    int size() {
        return size;
    }

    double get(int index) {
        return data[index];
    }

    double last() {
        return data[size - 1];
    }

    /** The column's values in an array of exactly their number; the column must not be used afterwards. */
    double[] toArray() {
        return size == data.length ? data : Arrays.copyOf(data, size);
    }
}
