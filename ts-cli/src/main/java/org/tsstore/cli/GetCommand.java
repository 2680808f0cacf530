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

    @Override
    StoreAccess.Mode access() {
        return StoreAccess.Mode.READ;
    }

    @Parameters(index = "0", paramLabel = "ID", description = "The series id.")
    private String id;

    @Mixin
    private TimeRange range;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "csv, json or npy. Default: from the -o file's extension (.txt is csv, another extension is refused), else csv.")
    private String format;

    @Option(names = "--time-format", paramLabel = "number|iso",
            description = "Times as numbers (epoch seconds for dates; the default) or as ISO-8601 dates in UTC (CSV "
                    + "and JSON; put reads both back).")
    private String timeFormat;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to FILE instead of standard output (- is standard output). A regular file is replaced"
                    + " whole when complete; a device or pipe is written to; a symbolic link's target is written.")
    private Path output;

    @Option(names = "--head", paramLabel = "N", description = "Only the first N points (of the range).")
    private Integer head;

    @Option(names = "--tail", paramLabel = "N", description = "Only the last N points (of the range).")
    private Integer tail;

    @Override
    int run(StorageManager store) throws Exception {
        if ((head != null && head < 0) || (tail != null && tail < 0) || (head != null && tail != null)) {
            throw new UsageException(head != null && tail != null ? "--head and --tail cannot be given together"
                    : "--head and --tail take a count of points, 0 or more");
        }
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
        SizedContainerTimeSeries series = part(range.read(store, id));
        if (output == null) {
            f.write(id, series, session().binaryOut(), dates);
        } else {
            SizedContainerTimeSeries selected = series;
            OutputFiles.write(output, out -> f.write(id, selected, out, dates));
        }
        return ExitCodes.OK;
    }

    /**
     * The points --head or --tail asks for, as a {@code slice} of the series (a view where the backend's series
     * is one, no copy); the series itself without them. Times in a series rise strictly, so the time of the
     * first point left out bounds the head, and the time of the first point kept begins the tail.
     */
    private SizedContainerTimeSeries part(SizedContainerTimeSeries series) {
        if (head == null && tail == null) {
            return series;
        }
        int size = series.size();
        int n = Math.min(size, head != null ? head : tail);
        if (n == size) {
            return series;
        }
        if (head != null) {
            return series.slice(series.time(0), series.time(n));
        }
        double from = n == 0 ? Double.POSITIVE_INFINITY : series.time(size - n);
        return series.slice(from, Double.POSITIVE_INFINITY);
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
        String name = output == null || output.getFileName() == null ? "" : output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (byName == null && dot > 0 && dot < name.length() - 1 && !name.substring(dot + 1).equalsIgnoreCase("txt")) {
            // out.parquet is not silently CSV: the user meant some format, and it is not one get writes
            throw new UsageException("-o " + output + ": get writes csv, json or npy, not '" + name.substring(dot + 1)
                    + "'; name the file .csv (or .txt), .json or .npy, or give --format");
        }
        return byName != null ? byName : SeriesFormat.CSV;
    }
}
