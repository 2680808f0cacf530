package org.tsstore.cli;

import java.nio.file.Path;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tsstore get}: writes a series, or the part of it in a time range, as CSV, JSON or npy. */
@Command(
        name = "get",
        header = "Write a series (or a time range of it) as CSV, JSON or npy.",
        description = {
            "CSV has the header line time,value. JSON is {\"id\", \"size\", \"time\": [...], \"value\": [...]}, "
                    + "with NaN as null and infinities as 1e999/-1e999. npy is a (2, N) float64 array for "
                    + "numpy.load.",
            "Binary npy goes to standard output only when it is not a terminal; else use -o FILE."
        })
final class GetCommand extends StoreCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The series id.")
    private String id;

    @Mixin
    private TimeRange range;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "csv, json or npy. Default: from the -o file's extension, else csv.")
    private String format;

    @Option(names = "--time-format", paramLabel = "number|iso",
            description = "Times as numbers (epoch seconds for dates; the default) or as ISO-8601 dates in UTC (CSV "
                    + "and JSON; put reads both back).")
    private String timeFormat;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to FILE instead of standard output (- is standard output).")
    private Path output;

    @Override
    int run(StorageManager store) throws Exception {
        checkId(id);
        if (output != null && output.toString().equals(SeriesInput.STANDARD_STREAM)) {
            output = null;
        }
        SeriesFormat f = chooseFormat();
        boolean dates = dates(f);
        range.check();
        if (output == null && f.binary() && session().interactive()) {
            throw new UsageException("npy is binary: write it to a file with -o FILE, or redirect standard output");
        }
        SizedContainerTimeSeries series = range.read(store, id);
        if (output == null) {
            f.write(id, series, session().binaryOut(), dates);
        } else {
            SizedContainerTimeSeries selected = series;
            OutputFiles.write(output, out -> f.write(id, selected, out, dates));
        }
        return ExitCodes.OK;
    }

    private boolean dates(SeriesFormat f) {
        if (timeFormat == null || timeFormat.equalsIgnoreCase("number")) {
            return false;
        }
        if (!timeFormat.equalsIgnoreCase("iso")) {
            throw new UsageException("--time-format " + timeFormat + " is not one of number, iso");
        }
        if (f.binary()) {
            throw new UsageException("--time-format iso is for CSV and JSON; npy holds float64 times only");
        }
        return true;
    }

    private SeriesFormat chooseFormat() {
        if (format != null) {
            for (SeriesFormat f : SeriesFormat.values()) {
                if (f.extension().equalsIgnoreCase(format.trim())) {
                    return f;
                }
            }
            throw new UsageException("--format " + format + " is not one of csv, json, npy");
        }
        SeriesFormat byName = output == null ? null : SeriesFormat.ofFileName(output.toString());
        return byName != null ? byName : SeriesFormat.CSV;
    }
}
