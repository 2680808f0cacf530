package org.tsstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tsstore.core.ArrayTimeSeries;

class SparklineTest {

    private static ArrayTimeSeries series(double... values) {
        double[] t = new double[values.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
        }
        return ArrayTimeSeries.of(t, values);
    }

    @Test
    void risingValuesClimbThroughAllEightLevels() {
        assertEquals("▁▂▃▄▅▆▇█", Sparkline.of(series(0, 1, 2, 3, 4, 5, 6, 7), 8));
        assertEquals("█▇▆▅▄▃▂▁", Sparkline.of(series(7, 6, 5, 4, 3, 2, 1, 0), 20));
    }

    @Test
    void missingValuesAreBlanksAndInfinitiesAreLeftOut() {
        assertEquals("▁█ ▁", Sparkline.of(series(0, 10, Double.NaN, 0), 4));
        assertEquals("▁ █", Sparkline.of(series(0, Double.POSITIVE_INFINITY, 5), 3));
    }

    @Test
    void columnsAverageTheirPoints() {
        // 8 points in 4 columns: means 0.5, 2.5, 4.5, 6.5 over [0.5, 6.5]
        assertEquals("▁▃▆█", Sparkline.of(series(0, 1, 2, 3, 4, 5, 6, 7), 4));
    }

    @Test
    void constantEmptyAndSparseSeries() {
        assertEquals("▅▅▅", Sparkline.of(series(3, 3, 3), 10));
        assertEquals("", Sparkline.of(ArrayTimeSeries.empty(), 10));
        // an irregular series: the columns between t=0 and t=9 that hold no point repeat the one before
        ArrayTimeSeries sparse = ArrayTimeSeries.of(new double[] {0, 1, 9}, new double[] {0, 0, 1});
        assertEquals("▁▁█", Sparkline.of(sparse, 3));
    }
}
