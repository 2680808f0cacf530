package org.tsstore.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tsstore import}: stores every npy and CSV file of a directory, named as {@code export} names them. */
@Command(
        name = "import",
        header = "Store every .npy and .csv file of a directory (as 'tsstore export' writes them).",
        description = {
            "Each file's name, without the extension, is decoded into the id: %%XX is a byte of the id's UTF-8 "
                    + "form, any other character stands for itself (a file named temperature.csv "
                    + "imports as the id temperature); directories named PIECE~ continue long names. Other files are skipped.",
            "Every file is read and checked first: if one is bad, nothing is stored. Series with the same id "
                    + "in the store are replaced."
        })
final class ImportCommand extends StoreCommand {

    @Parameters(index = "0", paramLabel = "DIR", description = "The directory.")
    private Path dir;

    /** One file to import. */
    private record Entry(Path file, String id, SeriesFormat format) {}

    @Override
    int run(StorageManager store) throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new InvalidDataException(Files.exists(dir) ? dir + " is not a directory" : "no such directory: " + dir);
        }
        List<Entry> entries = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        collect(dir, new ArrayList<>(), entries, skipped);
        Map<String, Path> seen = new HashMap<>();
        for (Entry e : entries) {
            Path other = seen.putIfAbsent(e.id(), e.file());
            if (other != null) {
                throw new InvalidDataException(other + " and " + e.file() + " are both the series "
                        + SeriesIds.quote(e.id()) + "; nothing was imported");
            }
        }
        // First pass: every file must read as a valid series before anything is stored.
        try (ProgressBar progress = new ProgressBar(session(), "checking", entries.size())) {
            for (Entry e : entries) {
                read(e);
                progress.step();
            }
        }
        long points = 0;
        try (ProgressBar progress = new ProgressBar(session(), "importing", entries.size())) {
            for (Entry e : entries) {
                ArrayTimeSeries series = read(e);
                store.store(e.id(), series);
                points += series.size();
                progress.step();
            }
        }
        for (Path s : skipped) {
            session().err().println("skipped " + s + (Files.isDirectory(s, LinkOption.NOFOLLOW_LINKS)
                    ? " (a directory; only the PIECE~ directories of long ids are read)"
                    : " (not a .npy or .csv file)"));
        }
        session().out().println("imported " + entries.size() + " series (" + points + " points) from " + dir);
        return ExitCodes.OK;
    }

    private ArrayTimeSeries read(Entry e) throws IOException {
        return e.format() == SeriesFormat.NPY ? NpyArrays.read(e.file()) : SeriesInput.readCsv(session(),
                e.file().toString());
    }

    private static void collect(Path directory, List<String> names, List<Entry> entries, List<Path> skipped)
            throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(directory)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            List<String> path = new ArrayList<>(names);
            path.add(name);
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                if (name.endsWith(SeriesFileNames.CONTINUATION)) {
                    collect(child, path, entries, skipped);
                } else {
                    skipped.add(child);
                }
                continue;
            }
            SeriesFormat format = SeriesFormat.ofFileName(name);
            if ((format == SeriesFormat.NPY || format == SeriesFormat.CSV) && Files.isRegularFile(child)) {
                String extension = name.substring(name.length() - 3);
                entries.add(new Entry(child, SeriesFileNames.decode(path, extension), format));
            } else {
                skipped.add(child);
            }
        }
    }
}
