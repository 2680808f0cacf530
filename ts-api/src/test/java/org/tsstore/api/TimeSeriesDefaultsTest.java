package org.tsstore.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The default methods of {@link TimeSeries} pair and stream the two primitive iterators. */
class TimeSeriesDefaultsTest {

    @Property(tries = 200)
    void pointsAndStreamsFollowTheIterators(@ForAll @Size(max = 40) List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        double[] t = new double[v.length];
        List<Point> expected = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            t[i] = i * 0.5;
            expected.add(new Point(t[i], v[i]));
        }
        TimeSeries s = new ListSeries(t, v);
        List<Point> viaIterator = new ArrayList<>();
        s.iterator().forEachRemaining(viaIterator::add);
        assertEquals(expected, viaIterator);
        List<Point> viaForEach = new ArrayList<>();
        s.forEach(viaForEach::add);
        assertEquals(expected, viaForEach);
        assertEquals(expected, s.points().toList());
        assertArrayEquals(t, s.timeStream().toArray());
        assertArrayEquals(v, s.valueStream().toArray());
    }
}
