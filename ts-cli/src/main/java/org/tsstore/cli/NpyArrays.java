package org.tsstore.cli;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;

/**
 * A series as a numpy {@code .npy} array of shape {@code (2, N)} and dtype float64: row 0 the times,
 * row 1 the values, what {@code numpy.save(f, numpy.vstack([t, v]))} writes and {@code numpy.load(f)}
 * reads.
 *
 * <p>Writing produces a version 1.0 file, little-endian, C order, data starting on a 64-byte boundary.
 * Reading accepts versions 1.0 to 3.0, either byte order and either memory order, and refuses anything
 * else (another dtype, another shape, a truncated file) with a message naming the source and the
 * problem. A declared size is checked against the bytes present before anything is allocated for it.
 *
 * <p>The CLI keeps its own codec rather than reaching into a backend's: the command reads and writes
 * files for people and for numpy, whatever the store's format.
 */
final class NpyArrays {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final int CHUNK_BYTES = 1 << 16;
    private static final int MAX_HEADER = 1 << 20;

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
        ByteBuffer preamble = ByteBuffer.allocate(8);
        readFully(ch, preamble, 8, source, "the npy preamble");
        byte[] magic = new byte[6];
        preamble.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new InvalidDataException(source + ": not an npy file (the magic string \\x93NUMPY is missing)");
        }
        int major = preamble.get() & 0xff;
        int minor = preamble.get() & 0xff;
        if (major < 1 || major > 3) {
            throw new InvalidDataException(source + ": npy format version " + major + "." + minor
                    + " is not supported (versions 1.0 to 3.0 are)");
        }
        // Version 1.0 has a 2-byte header length; 2.0 and 3.0 a 4-byte one.
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer lengthField = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lengthField, lengthBytes, source, "the npy header length");
        long headerLength = major == 1 ? lengthField.getShort(0) & 0xffff : lengthField.getInt(0) & 0xffffffffL;
        int preambleLength = 8 + lengthBytes;
        if (headerLength > MAX_HEADER || preambleLength + headerLength > size) {
            throw new InvalidDataException(source + ": the npy header declares " + headerLength
                    + " bytes, more than the " + size + " bytes of the input");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(ch, headerBytes, (int) headerLength, source, "the npy header");
        String header = new String(headerBytes.array(),
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader h = NpyHeader.parse(header, source);
        long dataBytes = 16L * h.points;
        long present = size - preambleLength - headerLength;
        if (present != dataBytes) {
            throw new InvalidDataException(source + ": the npy header declares shape (2, " + h.points + "), "
                    + dataBytes + " bytes of data, but the file holds " + present
                    + (present < dataBytes ? " (truncated)" : " (trailing bytes)"));
        }
        int n = (int) h.points;
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(h.order);
        try {
            return ArrayTimeSeries.fill(n, (t, v) -> {
                try {
                    if (h.fortranOrder) {
                        readInterleaved(ch, chunk, t, v, source);
                    } else {
                        readRow(ch, chunk, t, source);
                        readRow(ch, chunk, v, source);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (IllegalArgumentException e) {
            // the series rules: times not finite or not increasing
            throw new InvalidDataException(source + ": " + e.getMessage(), e);
        }
    }

    private static void readRow(ReadableByteChannel ch, ByteBuffer chunk, double[] row, String source)
            throws IOException {
        for (int from = 0; from < row.length; ) {
            int len = Math.min(chunk.capacity() / 8, row.length - from);
            readFully(ch, chunk, len * 8, source, "npy data");
            chunk.asDoubleBuffer().get(row, from, len);
            from += len;
        }
    }

    private static void readInterleaved(ReadableByteChannel ch, ByteBuffer chunk, double[] t, double[] v,
            String source) throws IOException {
        for (int from = 0; from < t.length; ) {
            int len = Math.min(chunk.capacity() / 16, t.length - from);
            readFully(ch, chunk, len * 16, source, "npy data");
            for (int i = 0; i < len; i++) {
                t[from + i] = chunk.getDouble(16 * i);
                v[from + i] = chunk.getDouble(16 * i + 8);
            }
            from += len;
        }
    }

    /** Fills the buffer from its start with exactly {@code length} bytes, ready to be read from its start. */
    private static void readFully(ReadableByteChannel ch, ByteBuffer buffer, int length, String source, String what)
            throws IOException {
        buffer.clear().limit(length);
        while (buffer.hasRemaining()) {
            if (ch.read(buffer) < 0) {
                throw new InvalidDataException(source + ": truncated in " + what, new EOFException());
            }
        }
        buffer.flip();
    }

    /** Writes a series as a version 1.0, little-endian, C-order {@code (2, N)} float64 array. */
    static void write(SizedContainerTimeSeries series, OutputStream out) throws IOException {
        int n = series.size();
        out.write(header(n));
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        double[] row = new double[CHUNK_BYTES / 8];
        for (int pass = 0; pass < 2; pass++) {
            for (int from = 0; from < n; ) {
                int len = Math.min(row.length, n - from);
                if (pass == 0) {
                    series.copyTimes(from, row, 0, len);
                } else {
                    series.copyValues(from, row, 0, len);
                }
                chunk.clear();
                chunk.asDoubleBuffer().put(row, 0, len);
                out.write(chunk.array(), 0, len * 8);
                from += len;
            }
        }
        out.flush();
    }

    /** The preamble and header of a {@code (2, n)} array: magic, version, length, padded dictionary. */
    static byte[] header(int n) {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, " + n + "), }";
        int unpadded = 10 + dict.length() + 1;
        int padding = (ALIGN - unpadded % ALIGN) % ALIGN;
        String text = dict + " ".repeat(padding) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        b.put(text.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }
}
