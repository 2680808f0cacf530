package org.tsstore.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.tsstore.core.AbstractSizedContainerTimeSeries;

/**
 * Series that a careless caller or an attacker might pass to {@code store}: ones that break the value
 * rules, that lie about their size, that throw part-way through, or that change after being stored.
 * None of them validates anything: that is the backend's job.
 */
final class HostileSeries extends AbstractSizedContainerTimeSeries {

    /** How the series misbehaves. */
    enum Kind {
        /** Obeys nothing but tells the truth: for times that break the rules. */
        RAW,
        /** Claims one point more than its values hold: times and values of different lengths. */
        MISMATCHED_LENGTHS,
        /** Answers {@code size()} with n and n + 1 in turn. */
        SIZE_CHANGES,
        /** Answers {@code size()} with -1. */
        NEGATIVE_SIZE,
        /** Reads fail from the middle of the series on, with {@link SeriesReadFailure}. */
        THROWS_WHILE_READ,
        /** Claims a size far beyond its points (2^28, {@code Integer.MAX_VALUE}): a liar must not size the heap. */
        SIZE_LIE,
        /** Every time reads fine; values fail from a late index on, with {@link SeriesSourceFailure}. */
        VALUES_THROW,
        /**
         * Claims a size far beyond its points and, past them, silently leaves the caller's arrays as they were
         * (and reads 0): only a check of the points as they come can refuse it before the heap is gone.
         */
        SILENT_SIZE_LIE
    }

    /** What a hostile series throws when read: a caller's bug, not the backend's. */
    static final class SeriesReadFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SeriesReadFailure(String message) {
            super(message);
        }
    }

    /**
     * What a hostile series' values throw when its own source fails, as a series over a file or a socket
     * would: an I/O failure, but the caller's, not the store's.
     */
    static final class SeriesSourceFailure extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        SeriesSourceFailure(String message) {
            super(new IOException(message));
        }
    }

    private final Kind kind;
    private final double[] times;
    private final double[] values;
    private final String description;
    private final int claimedSize;
    private final int failFrom;
    private int sizeCalls;

    private HostileSeries(Kind kind, double[] times, double[] values, String description) {
        this(kind, times, values, description, times.length,
                kind == Kind.THROWS_WHILE_READ ? times.length / 2 : Integer.MAX_VALUE);
    }

    private HostileSeries(Kind kind, double[] times, double[] values, String description, int claimedSize,
            int failFrom) {
        this.kind = kind;
        this.times = times;
        this.values = values;
        this.description = description;
        this.claimedSize = claimedSize;
        this.failFrom = failFrom;
    }

    /**
     * A series of these points whose {@code size()} claims {@code claimed} points: reading past the real
     * points throws {@link ArrayIndexOutOfBoundsException}, as a buggy wrapper's would.
     */
    static HostileSeries claimingSize(int claimed, double[] times, double[] values) {
        String what = "size() claims " + claimed + " points but gives " + times.length;
        return new HostileSeries(Kind.SIZE_LIE, times.clone(), values.clone(), what, claimed, Integer.MAX_VALUE);
    }

    /**
     * A series of these points whose {@code size()} claims {@code claimed} points and that gives nothing past
     * its points, without throwing: the bulk reads leave the rest of the caller's arrays untouched.
     */
    static HostileSeries claimingSizeSilently(int claimed, double[] times, double[] values) {
        String what = "size() claims " + claimed + " points but silently gives " + times.length;
        return new HostileSeries(Kind.SILENT_SIZE_LIE, times.clone(), values.clone(), what, claimed,
                Integer.MAX_VALUE);
    }

    /** A series of these points whose values (not times) fail to read from index {@code failFrom} on. */
    static HostileSeries valuesFailFrom(int failFrom, double[] times, double[] values) {
        String what = times.length + " points whose values fail to read from index " + failFrom;
        return new HostileSeries(Kind.VALUES_THROW, times, values, what, times.length, failFrom);
    }

    /** Whether reading it throws the caller's own failure, which must come back as the caller's. */
    boolean throwsCallersFailure() {
        return kind == Kind.THROWS_WHILE_READ || kind == Kind.VALUES_THROW;
    }

    /** How it misbehaves. */
    Kind kind() {
        return kind;
    }

    /** A series of these arrays, unchecked: for unsorted, repeated or non-finite times. */
    static HostileSeries raw(double[] times, double[] values, String description) {
        return new HostileSeries(Kind.RAW, times.clone(), values.clone(), description);
    }

    /** A series of hostile kind built over valid arrays (at least two points for the size-based kinds). */
    static HostileSeries of(Kind kind, double[] times, double[] values) {
        String what;
        switch (kind) {
            case MISMATCHED_LENGTHS:
                what = times.length + " times but " + (values.length - 1) + " values";
                return new HostileSeries(kind, times.clone(), Arrays.copyOf(values, values.length - 1), what);
            case SIZE_CHANGES:
                what = "size() answers " + (times.length - 1) + " and " + times.length + " in turn";
                break;
            case NEGATIVE_SIZE:
                what = "size() answers -1";
                break;
            case THROWS_WHILE_READ:
                what = "reads fail from index " + times.length / 2 + " of " + times.length;
                break;
            default:
                what = "raw";
                break;
        }
        return new HostileSeries(kind, times.clone(), values.clone(), what);
    }

    @Override
    public int size() {
        switch (kind) {
            case SIZE_CHANGES:
                synchronized (this) {
                    return times.length - 1 + (sizeCalls++ & 1);
                }
            case NEGATIVE_SIZE:
                return -1;
            case SIZE_LIE:
            case SILENT_SIZE_LIE:
                return claimedSize;
            default:
                return times.length;
        }
    }

    private void checkReadable(int index) {
        if (index >= failFrom) {
            throw new SeriesReadFailure("hostile series: reading index " + index + " fails on purpose");
        }
    }

    /** The points it really gives. */
    int givenPoints() {
        return times.length;
    }

    @Override
    public double time(int index) {
        if (kind == Kind.SILENT_SIZE_LIE) {
            return index < times.length ? times[index] : 0;
        }
        if (kind != Kind.VALUES_THROW) {
            checkReadable(index);
        }
        return times[index];
    }

    @Override
    public double value(int index) {
        if (kind == Kind.VALUES_THROW && index >= failFrom) {
            throw new SeriesSourceFailure("hostile series: the source of value " + index + " fails on purpose");
        }
        if (kind == Kind.SILENT_SIZE_LIE) {
            return index < values.length ? values[index] : 0;
        }
        checkReadable(index);
        return values[index];
    }

    @Override
    public void copyTimes(int from, double[] dst, int offset, int length) {
        for (int i = 0; i < silentLength(from, length); i++) {
            dst[offset + i] = time(from + i);
        }
    }

    @Override
    public void copyValues(int from, double[] dst, int offset, int length) {
        for (int i = 0; i < silentLength(from, length); i++) {
            dst[offset + i] = value(from + i);
        }
    }

    /** How much of a bulk read it fills: a silent liar stops at its last point. */
    private int silentLength(int from, int length) {
        return kind == Kind.SILENT_SIZE_LIE ? Math.max(0, Math.min(length, times.length - from)) : length;
    }

    @Override
    public boolean equals(Object other) {
        return other == this;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "HostileSeries[" + kind + ": " + description + "]";
    }
}
