package org.tsstore.cli;

import java.util.List;
import java.util.Set;
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
        return list(session(), store.ids(), store, filter, glob, root.storeShown(), spec.qualifiedName(), longFormat);
    }

    /**
     * Prints the listing: the one place both start paths ({@link QuickLs} and picocli's) share.
     *
     * @param session where the table and the messages go
     * @param all the store's ids, as {@link StorageManager#ids()} gave them
     * @param store the open store, to read each series
     * @param filter the ids to show
     * @param glob the pattern as given, for the message when nothing matches, or {@code null}
     * @param shown the store as messages show it
     * @param name the command's name, such as {@code tsstore ls}, for messages
     * @param longFormat whether to add the statistics columns ({@code -l})
     * @return the exit code
     */
    static int list(Session session, Set<String> all, StorageManager store, IdGlob filter, String glob,
            String shown, String name, boolean longFormat) {
        List<String> ids = new TreeSet<>(all).stream().filter(filter::matches).toList();
        if (ids.isEmpty()) {
            session.err().println(glob == null ? "no series in " + shown : "no series in " + shown + " match " + glob);
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
                session.err().println(name + ": " + ErrorReporter.describe(e));
            }
        }
        table.print(session.out());
        return failures == 0 ? ExitCodes.OK : ExitCodes.DATA;
    }
}
