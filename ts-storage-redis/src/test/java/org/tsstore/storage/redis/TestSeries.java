package org.tsstore.storage.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;

/** Plain-array series for the model side of the tests. */
final class TestSeries {

    private static final double[] SPECIAL = {
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE
    };

    final double[] times;
    final double[] values;

    TestSeries(double[] times, double[] values) {
        this.times = times;
        this.values = values;
    }

    /** Strictly increasing times (some adjacent doubles), values mixing ordinary and special doubles. */
    static TestSeries random(Random random, int size) {
        double[] t = new double[size];
        double[] v = new double[size];
        double time = random.nextGaussian() * 1e6;
        for (int i = 0; i < size; i++) {
            time = random.nextInt(4) == 0 ? Math.nextUp(time) : time + random.nextDouble() * 100 + 1e-3;
            t[i] = time;
            v[i] = random.nextInt(8) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : random.nextGaussian() * 1e3;
        }
        return new TestSeries(t, v);
    }

    /** A series whose every value is {@code version} and whose size depends on it: a mix is visible. */
    static TestSeries version(int version) {
        int size = 40 + (version % 7) * 13;
        double[] t = new double[size];
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            t[i] = i;
            v[i] = version;
        }
        return new TestSeries(t, v);
    }

    SizedContainerTimeSeries series() {
        return ArrayTimeSeries.of(times, values);
    }

    /** Compares bit for bit against the model arrays (NaN equals NaN, -0.0 differs from 0.0). */
    void assertSameAs(SizedContainerTimeSeries actual) {
        assertEquals(times.length, actual.size(), "size");
        assertArrayEquals(bits(times), bits(actual.times()), "times");
        assertArrayEquals(bits(values), bits(actual.values()), "values");
    }

    private static long[] bits(double[] a) {
        long[] b = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Double.doubleToRawLongBits(a[i]);
        }
        return b;
    }
}
