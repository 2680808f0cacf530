package org.tsstore.cli;

import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tsstore put}: stores a series read from a CSV, JSON or npy file. */
@Command(
        name = "put",
        header = "Store a series from a CSV, JSON or npy file, replacing any series with the same id.",
        description = {
            "CSV: a header line time,value, then one time,value line per point; times finite and strictly "
                    + "increasing; NaN, inf and an empty value (missing) allowed.",
            "JSON: the object get --format json writes ({\"time\": [...], \"value\": [...]}, null for NaN).",
            "npy: a (2, N) float64 array, times in row 0 and values in row 1, as numpy.save(f, numpy.vstack([t, v])) "
                    + "writes it.",
            "The whole input is checked before anything is stored: on an error nothing changes."
        })
final class PutCommand extends StoreCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The series id.")
    private String id;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private SeriesSource input;

    @Override
    int run(StorageManager store) throws Exception {
        checkId(id);
        ArrayTimeSeries series = input.read(session());
        SizedContainerTimeSeries stored = store.store(id, series);
        session().out().println("stored " + SeriesIds.quote(id) + ": " + describe(stored));
        return ExitCodes.OK;
    }

    /** "3 points, time 0 .. 2" */
    static String describe(SizedContainerTimeSeries series) {
        int n = series.size();
        String points = n + (n == 1 ? " point" : " points");
        return n == 0 ? points : points + ", time " + NumberText.of(series.time(0)) + " .. "
                + NumberText.of(series.time(n - 1));
    }
}
