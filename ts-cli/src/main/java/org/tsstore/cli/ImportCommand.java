package org.tsstore.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ArrayTimeSeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tsstore import}: stores every npy and CSV file of a directory, named as {@code export} names them. */
@Command(
        name = "import",
        header = "Store every .npy and .csv file of a directory (as 'tsstore export' writes them).",
        description = {
            "Each file's name, without the extension, is decoded into the id: %%XX is a byte of the id's UTF-8 "
                    + "form, any other character stands for itself (a file named temperature.csv "
                    + "imports as the id temperature); directories named PIECE~ continue long names. Other files are skipped.",
            "CSV files are read as put --csv reads them, with the same options; a file with several value "
                    + "columns makes the series ID/COLUMN.",
            "Every file is read and checked first: if one is bad, nothing is stored (with --keep-going the "
                    + "good ones are), and the bad ones are listed. The series are stored in one batch, replacing "
                    + "series with the same ids."
        })
final class ImportCommand extends StoreCommand {

    @Parameters(index = "0", paramLabel = "DIR", description = "The directory.")
    private Path dir;

    /** One file to import. */
    private record Entry(Path file, String id, SeriesFormat format) {}

    @Mixin
    private CsvOptions csv;

    @Option(names = "--keep-going",
            description = "Import the files that read well and list the others (exit code 1 if there are any); "
                    + "without it one bad file stops the import before anything is stored.")
    private boolean keepGoing;

    @Override
    int run(StorageManager store) throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new InvalidDataException(Files.exists(dir) ? dir + " is not a directory" : "no such directory: " + dir);
        }
        CsvSettings settings = csv.settings();
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
        // Every file is read and checked before anything is stored; the good ones are stored in one batch.
        Map<String, ArrayTimeSeries> batch = new LinkedHashMap<>();
        Map<String, Path> from = new HashMap<>();
        Map<Path, String> bad = new LinkedHashMap<>();
        try (ProgressBar progress = new ProgressBar(session(), "checking", entries.size())) {
            for (Entry e : entries) {
                try {
                    Map<String, ArrayTimeSeries> read = read(e, settings);
                    for (String id : read.keySet()) {
                        Path other = from.get(id);
                        if (other != null) {
                            throw new InvalidDataException(other + " and " + e.file() + " are both the series "
                                    + SeriesIds.quote(id));
                        }
                    }
                    for (String id : read.keySet()) {
                        from.put(id, e.file());
                    }
                    batch.putAll(read);
                } catch (InvalidDataException problem) {
                    bad.put(e.file(), problem.getMessage());
                }
                progress.step();
            }
        }
        for (Path s : skipped) {
            session().err().println("skipped " + s + (Files.isDirectory(s, LinkOption.NOFOLLOW_LINKS)
                    ? " (a directory; only the PIECE~ directories of long ids are read)"
                    : " (not a .npy or .csv file)"));
        }
        for (String problem : bad.values()) {
            session().err().println(spec.qualifiedName() + ": " + problem);
        }
        if (!bad.isEmpty() && !keepGoing) {
            session().err().println(spec.qualifiedName() + ": " + bad.size() + " of " + entries.size() + (entries.size() == 1 ? " file" : " files")
                    + " refused; nothing was imported (--keep-going imports the others)");
            return ExitCodes.DATA;
        }
        long points = 0;
        if (!batch.isEmpty()) {
            store.storeAll(batch);
        }
        for (ArrayTimeSeries series : batch.values()) {
            points += series.size();
        }
        session().out().println("imported " + batch.size() + " series (" + points + " points) from " + dir
                + (bad.isEmpty() ? "" : "; refused " + bad.size() + " of " + entries.size() + " files: "
                        + String.join(", ", bad.keySet().stream().map(Path::toString).toList())));
        return bad.isEmpty() ? ExitCodes.OK : ExitCodes.DATA;
    }

    private Map<String, ArrayTimeSeries> read(Entry e, CsvSettings settings) throws IOException {
        if (e.format() == SeriesFormat.NPY) {
            return Map.of(e.id(), NpyArrays.read(e.file()));
        }
        return SeriesInput.readCsv(session(), e.file().toString(), settings).series(e.id(), e.file().toString());
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
