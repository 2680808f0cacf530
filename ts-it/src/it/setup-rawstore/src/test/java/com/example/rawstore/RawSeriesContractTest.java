package com.example.rawstore;

import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.testkit.SizedContainerTimeSeriesContract;

/** The series the raw backend returns obeys the series contract: the skeleton plus its bulk copies. */
class RawSeriesContractTest implements SizedContainerTimeSeriesContract {

    @Override
    public SizedContainerTimeSeries create(double[] times, double[] values) {
        return RawSeries.encode(ArrayTimeSeries.of(times, values));
    }
}
