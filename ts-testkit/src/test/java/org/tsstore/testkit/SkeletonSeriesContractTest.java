package org.tsstore.testkit;

import org.tsstore.api.SizedContainerTimeSeries;

/** The series contract, run against the skeleton of ts-core with only its three accessors implemented. */
class SkeletonSeriesContractTest implements SizedContainerTimeSeriesContract {

    @Override
    public SizedContainerTimeSeries create(double[] times, double[] values) {
        return new SkeletonSeries(times, values);
    }
}
