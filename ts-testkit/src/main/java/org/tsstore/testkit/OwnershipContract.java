package org.tsstore.testkit;

import static org.tsstore.testkit.SeriesAssertions.assertHolds;
import static org.tsstore.testkit.SeriesAssertions.q;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;

/**
 * Ownership of the data: what is stored does not depend on the caller's object, and the arrays a
 * returned series gives out are copies. Part of {@link StorageManagerContract}.
 */
public interface OwnershipContract extends StoreContract {

    /**
     * What is stored does not depend on the caller's object (read once, at {@code store}), and the arrays
     * that a returned series gives out are copies, whose changes reach nothing.
     *
     * @param id the id
     * @param series the series
     */
    @Property(tries = 30)
    default void storedSeriesIsIndependentOfTheCaller(@ForAll("contractIds") String id,
            @ForAll("contractSmallSeries") SizedContainerTimeSeries series) {
        try (StorageManager store = create()) {
            MutableSeries mutable = new MutableSeries(series.times(), series.values());
            SizedContainerTimeSeries returned = store.store(id, mutable);
            mutable.scramble();
            assertHolds("store(" + q(id) + ") returned, after the caller changed its series", series, returned);
            SizedContainerTimeSeries got = store.get(id);
            assertHolds("get(" + q(id) + ") after the caller changed its series", series, got);
            if (series.size() > 0) {
                got.times()[0] = Math.nextDown(series.time(0));
                got.values()[0] = 12345.0;
                returned.times()[0] = Math.nextDown(series.time(0));
                returned.values()[0] = 12345.0;
                double[] scratch = new double[series.size()];
                got.copyValues(0, scratch, 0, scratch.length);
                scratch[0] = 6789.0;
            }
            assertHolds("get(" + q(id) + ") after changing arrays from times()/values()", series, store.get(id));
            assertHolds("the series get returned, after changing its arrays", series, got);
            assertHolds("the series store returned, after changing its arrays", series, returned);
        }
    }
}
