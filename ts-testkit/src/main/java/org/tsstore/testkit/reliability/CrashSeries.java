package org.tsstore.testkit.reliability;

import org.tsstore.core.ArrayTimeSeries;

/**
 * The series the crash harness writes: decided by id, version and size alone, so that the parent
 * recomputes what the child stored, and with every value encoding id and version, so that a series read
 * under the wrong id, an older version or a torn mix of two versions never passes for the right one.
 */
final class CrashSeries {

    private CrashSeries() {}

    static ArrayTimeSeries of(String id, long version, int size) {
        double code = version * 1024.0 + (id.hashCode() & 0x3ff);
        double[] t = new double[size];
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            t[i] = i - size / 2;
            // Mostly the code; a NaN and a -0.0 now and then, and the code negated on odd indexes, so that
            // swapped or shifted points show too.
            v[i] = i % 97 == 5 ? Double.NaN : i % 89 == 7 ? -0.0 : (i & 1) == 0 ? code : -code - i;
        }
        return ArrayTimeSeries.of(t, v);
    }
}
