package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;

/** Compares a series with plain arrays, the model, and says where they first differ. */
final class SeriesAssertions {

    private SeriesAssertions() {}

    /** Content equality as {@link Double#equals} defines it: NaN equals NaN, -0.0 differs from 0.0. */
    static boolean same(double a, double b) {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }

    /** The hash code the API defines, computed from the arrays. */
    static int modelHash(double[] times, double[] values) {
        int h = 1;
        for (int i = 0; i < times.length; i++) {
            h = 31 * h + Double.hashCode(times[i]);
            h = 31 * h + Double.hashCode(values[i]);
        }
        return h;
    }

    /** The index of the first difference between two arrays, or -1. */
    static int firstDifference(double[] a, double[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (!same(a[i], b[i])) {
                return i;
            }
        }
        return a.length == b.length ? -1 : n;
    }

    /**
     * Checks that {@code actual} holds exactly the model's points, through every read path a caller
     * uses: size, index accessors, the copying and bulk accessors, equality both ways with an
     * {@link ArrayTimeSeries}, and the hash code.
     */
    static void assertHolds(String what, double[] times, double[] values, SizedContainerTimeSeries actual) {
        if (actual == null) {
            fail(what + ": got null instead of a series of " + times.length + " points");
        }
        int n = times.length;
        if (actual.size() != n) {
            fail(what + ": size() is " + actual.size() + ", expected " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!same(actual.time(i), times[i]) || !same(actual.value(i), values[i])) {
                fail(what + ": point " + i + " of " + n + " is (" + actual.time(i) + ", " + actual.value(i)
                        + "), expected (" + times[i] + ", " + values[i] + ")");
            }
        }
        assertArray(what + ": times()", times, actual.times());
        assertArray(what + ": values()", values, actual.values());
        double[] bulk = new double[n];
        actual.copyTimes(0, bulk, 0, n);
        assertArray(what + ": copyTimes", times, bulk);
        actual.copyValues(0, bulk, 0, n);
        assertArray(what + ": copyValues", values, bulk);
        ArrayTimeSeries model = ArrayTimeSeries.of(times, values);
        if (!actual.equals(model)) {
            fail(what + ": equals(an ArrayTimeSeries of the same points) is false for " + actual);
        }
        if (!model.equals(actual)) {
            fail(what + ": an ArrayTimeSeries of the same points is not equal to " + actual);
        }
        if (actual.hashCode() != modelHash(times, values)) {
            fail(what + ": hashCode() is " + actual.hashCode() + ", but the content hash is "
                    + modelHash(times, values));
        }
    }

    /** {@link #assertHolds} against another series, trusted as the model. */
    static void assertHolds(String what, SizedContainerTimeSeries expected, SizedContainerTimeSeries actual) {
        assertHolds(what, expected.times(), expected.values(), actual);
    }

    static void assertArray(String what, double[] expected, double[] actual) {
        int i = firstDifference(expected, actual);
        if (i >= 0) {
            fail(what + " differs first at index " + i + " (lengths " + expected.length + " and "
                    + actual.length + "): expected " + (i < expected.length ? expected[i] : "nothing") + ", got "
                    + (i < actual.length ? actual[i] : "nothing") + "; expected " + abbreviate(expected)
                    + ", got " + abbreviate(actual));
        }
    }

    static String abbreviate(double[] a) {
        if (a.length <= 8) {
            return Arrays.toString(a);
        }
        return "[" + a[0] + ", " + a[1] + ", " + a[2] + ", ... (" + a.length + " in all) ..., " + a[a.length - 1] + "]";
    }

    /** An id for a message. */
    static String q(String id) {
        return SeriesIds.quote(id);
    }
}
