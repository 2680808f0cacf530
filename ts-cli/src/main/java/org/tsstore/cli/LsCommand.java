package org.tsstore.cli;

import java.util.List;
import java.util.TreeSet;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tsstore ls}: the ids in the store with their sizes and time ranges. */
@Command(
        name = "ls",
        header = "List the series in the store: id, points, first and last time.",
        description = "First and last times are shown as dates (ISO-8601, UTC) when both fall in 1980..2100 read "
                + "as epoch seconds, else as numbers. Ids are sorted. GLOB selects ids: * any characters (/ included), ? one character, "
                + "[abc] one of a set, \\ quotes the next character.")
final class LsCommand extends StoreCommand {

    @Override
    StoreAccess.Mode access() {
        return StoreAccess.Mode.READ;
    }

    @Option(names = {"-l", "--long"}, description = "Also show min, max, mean, std (without NaN) and the NaN count.")
    private boolean longFormat;

    @Parameters(arity = "0..1", paramLabel = "GLOB", description = "Only ids matching this pattern (quote it).")
    private String glob;

    @Override
    int run(StorageManager store) {
        IdGlob filter = glob == null ? IdGlob.all() : IdGlob.of(glob);
        List<String> ids = new TreeSet<>(store.ids()).stream().filter(filter::matches).toList();
        if (ids.isEmpty()) {
            session().err().println(glob == null
                    ? "no series in " + root.storeShown()
                    : "no series in " + root.storeShown() + " match " + glob);
            return ExitCodes.OK;
        }
        TextTable table = longFormat
                ? new TextTable("ID", ">POINTS", ">FIRST", ">LAST", ">MIN", ">MAX", ">MEAN", ">STD", ">NAN")
                : new TextTable("ID", ">POINTS", ">FIRST", ">LAST");
        int failures = 0;
        for (String id : ids) {
            try {
                SizedContainerTimeSeries series = store.get(id);
                int n = series.size();
                double t0 = n == 0 ? Double.NaN : series.time(0);
                double t1 = n == 0 ? Double.NaN : series.time(n - 1);
                String first = n == 0 ? "-" : TimeText.one(t0, t0, t1);
                String last = n == 0 ? "-" : TimeText.one(t1, t0, t1);
                if (longFormat) {
                    SeriesSummary s = SeriesSummary.of(series);
                    table.add(IdText.shown(id), Integer.toString(n), first, last, Decimals.of(s.min()), Decimals.of(s.max()),
                            Decimals.of(s.mean()), Decimals.of(s.std()), Integer.toString(s.nanCount()));
                } else {
                    table.add(IdText.shown(id), Integer.toString(n), first, last);
                }
            } catch (NoSuchSeriesException e) {
                // removed since the listing began: leave it out
            } catch (StorageException e) {
                failures++;
                session().err().println(spec.qualifiedName() + ": " + ErrorReporter.describe(e));
            }
        }
        table.print(session().out());
        return failures == 0 ? ExitCodes.OK : ExitCodes.DATA;
    }
}
