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
                + "not NaN, like numpy's nanmean and nanstd; the NaN count says how many were left out.")
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
        out.println("first   " + (s.size() == 0 ? "-" : NumberText.of(s.first(), 10)));
        out.println("last    " + (s.size() == 0 ? "-" : NumberText.of(s.last(), 10)));
        out.println("min     " + NumberText.of(s.min(), 10));
        out.println("max     " + NumberText.of(s.max(), 10));
        out.println("mean    " + NumberText.of(s.mean(), 10));
        out.println("std     " + NumberText.of(s.std(), 10));
        out.println("NaN     " + s.nanCount());
        return ExitCodes.OK;
    }
}
