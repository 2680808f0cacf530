package org.tsstore.cli;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tsstore plot}: draws a series as a PNG or SVG line chart. */
@Command(
        name = "plot",
        header = "Draw a series as a line chart: PNG or SVG, chosen by the file's extension.",
        description = "Axes with tick labels (dates in UTC when the times look like epoch seconds, 1980..2100), the "
                + "id as title, the number of points and of missing values "
                + "below it. Missing values (NaN, infinities) break the line.")
final class PlotCommand extends StoreCommand {

    @Override
    StoreAccess.Mode access() {
        return StoreAccess.Mode.READ;
    }

    @Parameters(index = "0", paramLabel = "ID", description = "The series id.")
    private String id;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "The image file: FILE.png or FILE.svg.")
    private Path output;

    @Option(names = "--width", paramLabel = "PIXELS", defaultValue = "900", description = "Default: ${DEFAULT-VALUE}.")
    private int width;

    @Option(names = "--height", paramLabel = "PIXELS", defaultValue = "450", description = "Default: ${DEFAULT-VALUE}.")
    private int height;

    @Option(names = "--title", paramLabel = "TEXT", description = "The title. Default: the id.")
    private String title;

    @Option(names = "--x-label", paramLabel = "TEXT",
            description = "The x axis title. Default: none, or \"time (UTC)\" on a date axis.")
    private String xLabel;

    @Option(names = "--y-label", paramLabel = "TEXT", description = "The y axis title. Default: none.")
    private String yLabel;

    @Mixin
    private TimeRange range;

    @Override
    int run(StorageManager store) throws Exception {
        checkId(id);
        String name = output.getFileName() == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean svg = name.endsWith(".svg");
        if (!svg && !name.endsWith(".png")) {
            throw new UsageException("-o " + output + ": the file must end with .png or .svg");
        }
        if (width < 200 || width > 10_000 || height < 150 || height > 10_000) {
            throw new UsageException("--width " + width + " --height " + height
                    + ": the size must be 200 to 10000 by 150 to 10000 pixels");
        }
        SizedContainerTimeSeries series = range.read(store, id);
        Chart chart = new Chart(series, title != null ? title : id, xLabel, yLabel, width, height);
        if (svg) {
            OutputFiles.write(output, out -> {
                Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                SvgChart.write(chart, writer);
                writer.flush();
            });
        } else {
            OutputFiles.write(output, out -> PngChart.write(chart, out));
        }
        session().out().println("plotted " + org.tsstore.api.SeriesIds.quote(id) + " (" + series.size()
                + (series.size() == 1 ? " point" : " points") + ") to " + output);
        return ExitCodes.OK;
    }
}
