package org.tsstore.cli;

import java.util.Map;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tsstore append}: adds points read from a CSV, JSON or npy file after the end of a series. */
@Command(
        name = "append",
        header = "Append points from a CSV, JSON or npy file to a series, creating it if there is none.",
        description = {
            "Every time must be greater than the series' last time. CSV, JSON and npy as put and get read and "
                    + "write them.",
            "The whole input is checked before anything is appended: on an error nothing changes."
        })
final class AppendCommand extends StoreCommand {

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
        if (series.size() != 1) {
            store.appendAll(series);
        }
        for (Map.Entry<String, ArrayTimeSeries> e : series.entrySet()) {
            ArrayTimeSeries points = e.getValue();
            int size = series.size() == 1 ? store.append(e.getKey(), points) : store.get(e.getKey()).size();
            session().out().println("appended " + points.size() + (points.size() == 1 ? " point" : " points")
                    + " to " + SeriesIds.quote(e.getKey()) + ": " + size + (size == 1 ? " point" : " points") + " now");
        }
        return ExitCodes.OK;
    }
}
