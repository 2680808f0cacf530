package org.tsstore.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.npy.NpyFormatException;
import org.tsstore.npy.NpyHeader;
import org.tsstore.npy.NpySeries;

/**
 * The {@code npy} format of the commands: a series as the {@code (2, N)} float64 array {@link NpySeries}
 * reads and writes. This class adds what a command needs: files and standard input, the series rules, and
 * messages that name the source and say how to fix the array.
 */
final class NpyArrays {

    private static final int CHUNK_BYTES = 1 << 16;

    private NpyArrays() {}

    /** Reads a series from a file. */
    static ArrayTimeSeries read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(ch, ch.size(), file.toString());
        }
    }

    /**
     * Reads a series from a stream of unknown length (standard input): the stream is read whole first,
     * so that its length bounds what the header may declare.
     */
    static ArrayTimeSeries read(InputStream in, String source) throws IOException {
        byte[] all = in.readAllBytes();
        return read(Channels.newChannel(new ByteArrayInputStream(all)), all.length, source);
    }

    private static ArrayTimeSeries read(ReadableByteChannel ch, long size, String source) throws IOException {
        NpyHeader header;
        int n;
        try {
            header = NpyHeader.read(ch, size);
            n = NpySeries.points(header);
        } catch (NpyFormatException e) {
            throw invalid(source, size, e);
        }
        long dataBytes = header.dataBytes();
        long present = size - header.dataOffset();
        if (present != dataBytes) {
            throw new InvalidDataException(source + ": the npy header declares shape " + header.shapeRepr() + ", "
                    + dataBytes + " bytes of data, but the file holds " + present
                    + (present < dataBytes ? " (truncated)" : " (trailing bytes)"));
        }
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES).flip();
        try {
            return ArrayTimeSeries.fill(n, (t, v) -> {
                try {
                    NpySeries.readData(ch, header, buffer, NpySeries.decoder(header, t, v));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NpyFormatException) {
                throw invalid(source, size, (NpyFormatException) e.getCause());
            }
            throw e.getCause();
        } catch (IllegalArgumentException e) {
            // the series rules: times not finite or not increasing
            throw new InvalidDataException(source + ": " + e.getMessage(), e);
        }
    }

    /** The command's wording of what is wrong with an input. */
    private static InvalidDataException invalid(String source, long size, NpyFormatException e) {
        String found = e.found();
        String problem;
        switch (e.problem()) {
            case TRUNCATED:
                problem = size < 8 ? "truncated in the npy preamble" : "truncated in the npy header length";
                break;
            case NOT_NPY:
                problem = "not an npy file (the magic string \\x93NUMPY is missing)";
                break;
            case VERSION:
                problem = "npy format version " + found + " is not supported (versions 1.0 to 3.0 are)";
                break;
            case HEADER_LENGTH:
                problem = "the npy header declares " + found + " bytes, more than the " + size
                        + " bytes of the input";
                break;
            case MALFORMED:
                problem = "malformed npy header (" + (e.position() < 0 ? "not UTF-8"
                        : "unexpected value at character " + e.position()) + "): " + found.trim();
                break;
            case FIELDS:
                problem = "the npy header lacks descr, fortran_order or shape: " + found.trim();
                break;
            case DTYPE:
                problem = "dtype " + found + " is not float64 ('<f8' or '>f8'); convert it with a.astype('<f8')";
                break;
            case SHAPE:
                problem = "shape " + found + " is not (2, N) with times in row 0 and values in row 1"
                        + (found.matches("\\(\\d+, 2\\)") ? "; transpose it, or save numpy.vstack([t, v])" : "");
                break;
            case TOO_LARGE:
                problem = "shape " + found + " has more points than one series may hold";
                break;
            default:
                problem = "truncated in npy data";
                break;
        }
        return new InvalidDataException(source + ": " + problem, e);
    }

    /** Writes a series as a version 1.0, little-endian, C-order {@code (2, N)} float64 array. */
    static void write(SizedContainerTimeSeries series, OutputStream out) throws IOException {
        NpySeries.write(out, series.size(), (row, from, into, at, length) -> {
            if (row == 0) {
                series.copyTimes(from, into, at, length);
            } else {
                series.copyValues(from, into, at, length);
            }
        });
    }
}
