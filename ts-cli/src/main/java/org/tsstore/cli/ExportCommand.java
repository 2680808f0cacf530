package org.tsstore.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.tsstore.api.NoSuchSeriesException;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tsstore export}: writes every series of the store to a directory, one file each. */
@Command(
        name = "export",
        header = "Write every series of the store to a directory, one npy or CSV file each.",
        description = {
            "File names are the ids, percent-encoded: a-z, 0-9, '-', '_' and '.' stay, every other UTF-8 byte "
                    + "(upper-case letters too, so that names never differ only in case) becomes %%XX; a leading "
                    + "'.' and Windows device names (con, nul, ...) are encoded as well. An encoded id longer "
                    + "than 200 characters continues in nested directories named PIECE~. 'tsstore import' "
                    + "decodes the names back into the same ids.",
            "Existing files are not overwritten unless --force is given; if any would be, nothing is written."
        })
final class ExportCommand extends StoreCommand {

    @Override
    StoreAccess.Mode access() {
        return StoreAccess.Mode.READ;
    }

    @Parameters(index = "0", paramLabel = "DIR", description = "The directory, created if missing.")
    private Path dir;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "npy",
            description = "npy or csv. Default: ${DEFAULT-VALUE}.")
    private String format;

    @Option(names = "--force", description = "Replace files that exist.")
    private boolean force;

    @Mixin
    private TimeRange range;

    @Override
    int run(StorageManager store) throws Exception {
        SeriesFormat f = switch (format.trim().toLowerCase(Locale.ROOT)) {
            case "npy" -> SeriesFormat.NPY;
            case "csv" -> SeriesFormat.CSV;
            default -> throw new UsageException("--format " + format + " is not npy or csv");
        };
        range.check();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidDataException(dir + " exists and is not a directory");
        }
        List<String> ids = new ArrayList<>(new TreeSet<>(store.ids()));
        List<Path> targets = new ArrayList<>(ids.size());
        for (String id : ids) {
            Path target = dir;
            for (String name : SeriesFileNames.encode(id, f.extension())) {
                target = target.resolve(name);
            }
            if (!force && Files.exists(target)) {
                throw new InvalidDataException(target + " exists (the file for id " + SeriesIds.quote(id)
                        + "); nothing was exported; use --force to replace files");
            }
            targets.add(target);
        }
        Files.createDirectories(dir);
        long points = 0;
        int exported = 0;
        try (ProgressBar progress = new ProgressBar(session(), "exporting", ids.size())) {
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                SizedContainerTimeSeries series;
                try {
                    series = range.read(store, id);
                } catch (NoSuchSeriesException e) {
                    progress.step();
                    continue; // removed while exporting
                }
                Files.createDirectories(targets.get(i).getParent());
                OutputFiles.write(targets.get(i), out -> f.write(id, series, out));
                points += series.size();
                exported++;
                progress.step();
            }
        }
        session().out().println("exported " + exported + " series (" + points
                + " points) to " + dir + " as " + f.extension());
        return ExitCodes.OK;
    }
}
