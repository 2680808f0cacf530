package org.tsstore.cli;

import java.util.List;
import java.util.TreeSet;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tsstore copy}: copies series from the store into another store, of any backend. */
@Command(
        name = "copy",
        header = "Copy every series (or those matching GLOB) into another store, of any backend.",
        description = "Series with the same id in the target are replaced. The target is flushed at the end.")
final class CopyCommand extends StoreCommand {

    @Override
    StoreAccess.Mode access() {
        return StoreAccess.Mode.READ;
    }

    @Option(names = "--to", paramLabel = "URI", required = true, description = "The target store, such as file:exported.")
    private String to;

    @Parameters(arity = "0..1", paramLabel = "GLOB", description = "Only ids matching this pattern (see ls).")
    private String glob;

    @Override
    int run(StorageManager store) {
        if (to.equals(root.storeUri())) {
            throw new UsageException("--to " + StoreLocations.shown(to) + " is the store being copied");
        }
        IdGlob filter = glob == null ? IdGlob.all() : IdGlob.of(glob);
        List<String> ids = new TreeSet<>(store.ids()).stream().filter(filter::matches).toList();
        long points = 0;
        int copied = 0;
        try (StorageManager target = StoreLocations.open(to, "--to");
                ProgressBar progress = new ProgressBar(session(), "copying", ids.size())) {
            for (String id : ids) {
                try {
                    SizedContainerTimeSeries series = store.get(id);
                    target.store(id, series);
                    points += series.size();
                    copied++;
                } catch (NoSuchSeriesException e) {
                    // removed while copying
                }
                progress.step();
            }
            target.flush();
        }
        session().out().println("copied " + copied + " series (" + points + " points) from " + root.storeShown()
                + " to " + StoreLocations.shown(to));
        return ExitCodes.OK;
    }
}
