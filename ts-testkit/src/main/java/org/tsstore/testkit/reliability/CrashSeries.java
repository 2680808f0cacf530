package org.tsstore.testkit.reliability;

import org.tsstore.core.ArrayTimeSeries;

/**
 * The series the crash harness writes: decided by id, version and size alone, so that the parent
 * recomputes what the child stored, and with every value encoding id and version, so that a series read
 * under the wrong id, an older version or a torn mix of two versions never passes for the right one. Point
 * {@code i} does not depend on the size, so appending points {@code [size, size + k)} of a version gives
 * that version at {@code size + k} points.
 */
final class CrashSeries {

    private CrashSeries() {}

    static ArrayTimeSeries of(String id, long version, int size) {
        return range(id, version, 0, size);
    }

    /** Points {@code [from, to)} of a version. */
    static ArrayTimeSeries range(String id, long version, int from, int to) {
        double code = version * 1024.0 + (id.hashCode() & 0x3ff);
        double[] t = new double[to - from];
        double[] v = new double[to - from];
        for (int j = 0; j < t.length; j++) {
            int i = from + j;
            t[j] = i - 1000;
            // Mostly the code; a NaN and a -0.0 now and then, and the code negated on odd indexes, so that
            // swapped or shifted points show too.
            v[j] = i % 97 == 5 ? Double.NaN : i % 89 == 7 ? -0.0 : (i & 1) == 0 ? code : -code - i;
        }
        return ArrayTimeSeries.of(t, v);
    }
}
