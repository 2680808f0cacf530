package org.tsstore.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link ArrayTimeSeries#copyOf} on foreign series that lie or fail: clear exceptions, nothing kept. */
class ArrayTimeSeriesCopyTest {

    @Test
    void aSeriesThatClaimsMorePointsThanItHasIsRefusedWithItsClaim() {
        ThreeMethodSeries liar = new ThreeMethodSeries(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArrayTimeSeries.copyOf(liar));
        assertTrue(e.getMessage().contains("reports 4 points") && e.getMessage().contains(ThreeMethodSeries.class.getName()),
                e.getMessage());
        assertTrue(e.getCause() instanceof IndexOutOfBoundsException, String.valueOf(e.getCause()));
    }

    @Test
    void aSeriesThatFailsWhileReadKeepsItsOwnException() {
        IllegalStateException own = new IllegalStateException("disk gone");
        ThreeMethodSeries failing = new ThreeMethodSeries(new double[] {1, 2}, new double[] {3, 4}) {
            @Override
            public double value(int index) {
                throw own;
            }
        };
        assertSame(own, assertThrows(IllegalStateException.class, () -> ArrayTimeSeries.copyOf(failing)));
    }

    @Test
    void anHonestSeriesIsCopied() {
        ThreeMethodSeries honest = new ThreeMethodSeries(new double[] {1, 2}, new double[] {-0.0, Double.NaN});
        assertEquals(ArrayTimeSeries.of(new double[] {1, 2}, new double[] {-0.0, Double.NaN}),
                ArrayTimeSeries.copyOf(honest));
    }
}
