package org.tsstore.api;

import com.google.common.testing.EqualsTester;
import org.junit.jupiter.api.Test;

class PointTest {

    @Test
    void equalityIsThatOfDoubleEquals() {
        double otherNaN = Double.longBitsToDouble(0x7ff8_0000_0000_0001L);
        new EqualsTester()
                .addEqualityGroup(new Point(1, 2), new Point(1.0, 2.0))
                .addEqualityGroup(new Point(Double.NaN, 0), new Point(otherNaN, 0.0))
                .addEqualityGroup(new Point(0, Double.NaN), new Point(0, otherNaN))
                .addEqualityGroup(new Point(0.0, 1))
                .addEqualityGroup(new Point(-0.0, 1))
                .addEqualityGroup(new Point(1, 0.0))
                .addEqualityGroup(new Point(1, -0.0))
                .addEqualityGroup(new Point(2, 1))
                .addEqualityGroup(new Point(1, Double.POSITIVE_INFINITY))
                .testEquals();
    }
}
