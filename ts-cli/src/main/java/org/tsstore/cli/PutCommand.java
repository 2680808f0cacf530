package org.tsstore.cli;

import java.util.Map;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tsstore put}: stores a series read from a CSV, JSON or npy file. */
@Command(
        name = "put",
        header = "Store a series from a CSV, JSON or npy file, replacing any series with the same id.",
        description = {
            "CSV: a header line, then one row per point. The time column (named time, timestamp, date or "
                    + "datetime, else the first) holds numbers (seconds, or --time-unit) or dates: ISO-8601 with or "
                    + "without an offset, or YYYY-MM-DD HH:MM:SS, read as UTC; --time-format for other forms. Times "
                    + "are stored as epoch seconds (float64). Each other column is a value column: one makes the "
                    + "series ID, several the series ID/COLUMN, stored together. Blank, NA, NaN and null are "
                    + "missing values (NaN). The delimiter (, ; or tab) is detected; quoted fields as RFC 4180.",
            "Times must increase: a repeated or earlier time is refused, naming its line, unless --on-duplicate "
                    + "or --on-unordered say what to do.",
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

    @Mixin
    private CsvOptions csv;

    @Override
    int run(StorageManager store) throws Exception {
        checkId(id);
        Map<String, ArrayTimeSeries> series = input.read(session(), id, csv.settings());
        if (series.size() == 1) {
            SizedContainerTimeSeries stored = store.store(id, series.get(id));
            session().out().println("stored " + SeriesIds.quote(id) + ": " + describe(stored));
        } else {
            store.storeAll(series);
            for (Map.Entry<String, ArrayTimeSeries> e : series.entrySet()) {
                session().out().println("stored " + SeriesIds.quote(e.getKey()) + ": " + describe(e.getValue()));
            }
        }
        return ExitCodes.OK;
    }

    /** "3 points, time 0 .. 2" */
    static String describe(SizedContainerTimeSeries series) {
        int n = series.size();
        String points = n + (n == 1 ? " point" : " points");
        return n == 0 ? points : points + ", time " + TimeText.of(series.time(0), series.time(n - 1));
    }
}
