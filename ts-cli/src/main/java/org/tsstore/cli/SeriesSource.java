package org.tsstore.cli;

import java.io.IOException;
import java.util.Map;
import org.tsstore.core.ArrayTimeSeries;
import picocli.CommandLine.Option;

/** The input of {@code put} and {@code append}: one of {@code --csv}, {@code --json} or {@code --npy}. */
final class SeriesSource {

    @Option(names = "--csv", paramLabel = "FILE", required = true, description = "Read CSV (- for standard input).")
    private String csv;

    @Option(names = "--json", paramLabel = "FILE", required = true, description = "Read JSON (- for standard input).")
    private String json;

    @Option(names = "--npy", paramLabel = "FILE", required = true, description = "Read npy (- for standard input).")
    private String npy;

    /**
     * Reads and checks the whole input: the series by id, {@code id} itself, or {@code id/COLUMN} for each
     * value column of a CSV file with several.
     */
    Map<String, ArrayTimeSeries> read(Session session, String id, CsvSettings settings) throws IOException {
        return csv != null ? SeriesInput.readCsv(session, csv, settings).series(id, sourceName(csv))
                : Map.of(id, json != null ? SeriesInput.readJson(session, json) : SeriesInput.readNpy(session, npy));
    }

    private static String sourceName(String file) {
        return file.equals(SeriesInput.STANDARD_STREAM) ? "standard input" : file;
    }
}
