package org.tsstore.cli;

import java.io.PrintWriter;
import org.tsstore.api.StorageManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tsstore stats}: size, time range and value statistics of one series. */
@Command(
        name = "stats",
        header = "Show the size, first and last time, min, max, mean, std and NaN count of a series.",
        description = "min, max, mean and std (population, as numpy's default) are over the values that are "
                + "not NaN, like numpy's nanmean and nanstd; the NaN count says how many were left out. First and last "
                + "are dates (ISO-8601, UTC) when both fall in 1980..2100 read as epoch seconds.")
final class StatsCommand extends StoreCommand {

    @Override
    StoreAccess.Mode access() {
        return StoreAccess.Mode.READ;
    }

    @Parameters(index = "0", paramLabel = "ID", description = "The series id.")
    private String id;

    @Override
    int run(StorageManager store) {
        checkId(id);
        SeriesSummary s = SeriesSummary.of(store.get(id));
        PrintWriter out = session().out();
        out.println("id      " + IdText.shown(id));
        out.println("points  " + s.size());
        out.println("first   " + (s.size() == 0 ? "-" : TimeText.one(s.first(), s.first(), s.last())));
        out.println("last    " + (s.size() == 0 ? "-" : TimeText.one(s.last(), s.first(), s.last())));
        out.println("min     " + Decimals.of(s.min()));
        out.println("max     " + Decimals.of(s.max()));
        out.println("mean    " + Decimals.of(s.mean()));
        out.println("std     " + Decimals.of(s.std()));
        out.println("NaN     " + s.nanCount());
        return ExitCodes.OK;
    }
}
