package org.tsstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;

/**
 * Equality, hash code and text of a {@link SizedContainerTimeSeries}: equal by content as
 * {@link Double#equals} compares points, to its own instances and to an {@link ArrayTimeSeries} of the same
 * points, with the hash code the API defines; {@code toString()} contains the size and, unless empty, the
 * first and last times as {@link Double#toString(double)} prints them.
 */
public interface SeriesEqualityContract extends SeriesContract {

    /**
     * Equality and hash code are by content and agree with {@link ArrayTimeSeries} and with the hash code
     * the API defines; a change of one bit in one point, or one point fewer, makes series unequal.
     *
     * @param points times and values
     * @param seed picks the point to change
     */
    @Property(tries = 100)
    default void equalityIsByContentAcrossImplementations(@ForAll("seriesPoints") double[][] points, @ForAll long seed) {
        double[] t = points[0];
        double[] v = points[1];
        SizedContainerTimeSeries s = create(t.clone(), v.clone());
        ArrayTimeSeries reference = ArrayTimeSeries.of(t, v);
        assertEquals(s, s, "a series equals itself");
        assertTrue(s.equals(reference), "equals(an ArrayTimeSeries of the same points)");
        assertTrue(reference.equals(s), "an ArrayTimeSeries of the same points equals it");
        assertTrue(s.equals(create(t.clone(), v.clone())), "equals(another instance of the same points)");
        assertEquals(SeriesAssertions.modelHash(t, v), s.hashCode(), "hashCode() against the defined content hash");
        assertEquals(reference.hashCode(), s.hashCode(), "hashCode() against ArrayTimeSeries");
        assertFalse(s.equals(null), "equals(null)");
        assertFalse(s.equals(Arrays.toString(t)), "equals(a String)");
        int n = t.length;
        if (n == 0) {
            assertNotEquals(s, create(new double[] {0}, new double[] {0}), "the empty series equals a one-point series");
            return;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int k = random.nextInt(n);
        double[] v2 = v.clone();
        v2[k] = Double.isNaN(v[k]) ? 1.0 : Double.longBitsToDouble(Double.doubleToRawLongBits(v[k]) ^ 1L);
        assertUnequal(s, create(t.clone(), v2), "value " + k + " changed from " + v[k] + " to " + v2[k]);
        assertUnequal(s, ArrayTimeSeries.of(t, v2), "value " + k + " changed, as an ArrayTimeSeries");
        double[] t2 = t.clone();
        t2[n - 1] = Math.nextUp(t[n - 1]);
        assertUnequal(s, create(t2, v.clone()), "last time changed from " + t[n - 1] + " to " + t2[n - 1]);
        assertUnequal(s, create(Arrays.copyOf(t, n - 1), Arrays.copyOf(v, n - 1)), "the last point dropped");
    }

    private static void assertUnequal(SizedContainerTimeSeries s, SizedContainerTimeSeries other, String change) {
        if (s.equals(other) || other.equals(s)) {
            fail("series are equal although " + change + ": " + s + " and " + other);
        }
    }

    /** {@code -0.0} differs from {@code 0.0} and {@code NaN}s are equal, in times and values, as {@link Double#equals}. */
    @Example
    default void signedZerosDifferAndNaNsAreEqual() {
        assertUnequal(create(new double[] {1}, new double[] {0.0}), create(new double[] {1}, new double[] {-0.0}),
                "the value is 0.0 in one and -0.0 in the other");
        assertUnequal(create(new double[] {0.0}, new double[] {1}), create(new double[] {-0.0}, new double[] {1}),
                "the time is 0.0 in one and -0.0 in the other");
        SizedContainerTimeSeries nan = create(new double[] {1, 2}, new double[] {Double.NaN, 3});
        SizedContainerTimeSeries otherNaN = create(new double[] {1, 2},
                new double[] {Double.longBitsToDouble(0x7ff8_0000_0000_0001L), 3});
        assertEquals(nan, otherNaN, "series with NaN values of different payloads");
        assertEquals(nan.hashCode(), otherNaN.hashCode(), "hash codes of series with NaNs of different payloads");
    }

    /**
     * {@code toString()} shows the size and, unless empty, the first and last times.
     *
     * @param points times and values
     */
    @Property(tries = 30)
    default void toStringShowsSizeAndEnds(@ForAll("seriesPoints") double[][] points) {
        double[] t = points[0];
        SizedContainerTimeSeries s = create(t.clone(), points[1].clone());
        String text = s.toString();
        assertTrue(text.contains(Integer.toString(t.length)), "toString() does not show the size " + t.length + ": " + text);
        if (t.length > 0) {
            assertTrue(text.contains(Double.toString(t[0])), "toString() does not show the first time " + t[0] + ": " + text);
            assertTrue(text.contains(Double.toString(t[t.length - 1])),
                    "toString() does not show the last time " + t[t.length - 1] + ": " + text);
        }
    }
}
