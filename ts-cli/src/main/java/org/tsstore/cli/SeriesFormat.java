package org.tsstore.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.tsstore.api.SizedContainerTimeSeries;

/** The file formats a series is written in. */
enum SeriesFormat {
    /** {@link CsvSeries}. */
    CSV,
    /** {@link JsonSeries}. */
    JSON,
    /** {@link NpyArrays}. */
    NPY;

    /** The file extension, without the dot. */
    String extension() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean binary() {
        return this == NPY;
    }

    /** The format a file name's extension names, or {@code null}. */
    static SeriesFormat ofFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (SeriesFormat f : values()) {
            if (lower.endsWith("." + f.extension())) {
                return f;
            }
        }
        return null;
    }

    void write(String id, SizedContainerTimeSeries series, OutputStream out) throws IOException {
        write(id, series, out, false);
    }

    /** Writes the series; with {@code dates}, CSV and JSON times as ISO-8601 dates in UTC (npy has none). */
    void write(String id, SizedContainerTimeSeries series, OutputStream out, boolean dates) throws IOException {
        if (this == NPY) {
            NpyArrays.write(series, out);
            return;
        }
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        if (this == CSV) {
            CsvSeries.write(series, writer, dates);
        } else {
            JsonSeries.write(id, series, writer, dates);
        }
        writer.flush();
    }
}
