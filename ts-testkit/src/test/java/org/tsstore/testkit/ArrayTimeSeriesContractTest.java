package org.tsstore.testkit;

import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;

/** The series contract, run against the heap series of ts-core. */
class ArrayTimeSeriesContractTest implements SizedContainerTimeSeriesContract {

    @Override
    public SizedContainerTimeSeries create(double[] times, double[] values) {
        return ArrayTimeSeries.of(times, values);
    }
}
