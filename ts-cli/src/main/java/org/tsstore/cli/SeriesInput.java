package org.tsstore.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tsstore.core.ArrayTimeSeries;

/** Reads a series from a CSV, JSON or npy file, or from standard input when the file is {@code -}. */
final class SeriesInput {

    /** The file name that means standard input (or, for output, standard output). */
    static final String STANDARD_STREAM = "-";

    private SeriesInput() {}

    static CsvTable.Data readCsv(Session session, String file, CsvSettings settings) throws IOException {
        if (file.equals(STANDARD_STREAM)) {
            Reader in = new InputStreamReader(session.in(), StandardCharsets.UTF_8);
            return CsvTable.read(in, "standard input", settings);
        }
        try (Reader in = new InputStreamReader(Files.newInputStream(existing(file)),
                StandardCharsets.UTF_8.newDecoder())) {
            return CsvTable.read(in, file, settings);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidDataException(file + ": not UTF-8 text", e);
        }
    }

    static ArrayTimeSeries readJson(Session session, String file) throws IOException {
        if (file.equals(STANDARD_STREAM)) {
            return JsonSeries.read(new BufferedReader(new InputStreamReader(session.in(), StandardCharsets.UTF_8)),
                    "standard input");
        }
        try (BufferedReader in = Files.newBufferedReader(existing(file), StandardCharsets.UTF_8)) {
            return JsonSeries.read(in, file);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidDataException(file + ": not UTF-8 text", e);
        }
    }

    static ArrayTimeSeries readNpy(Session session, String file) throws IOException {
        if (file.equals(STANDARD_STREAM)) {
            return NpyArrays.read(session.in(), "standard input");
        }
        return NpyArrays.read(existing(file));
    }

    private static Path existing(String file) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new InvalidDataException(Files.isDirectory(path) ? file + " is a directory, not a file"
                    : "no such file: " + file);
        }
        return path;
    }
}
