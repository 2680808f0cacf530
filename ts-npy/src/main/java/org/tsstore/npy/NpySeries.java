package org.tsstore.npy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.zip.Checksum;

/**
 * A series as an npy array: shape {@code (2, N)}, float64, row 0 the times and row 1 the values, what
 * {@code numpy.save(f, numpy.vstack([t, v]))} writes and {@code numpy.load(f)} reads.
 *
 * <p>Writing produces {@code numpy.save}'s bytes for a little-endian array, in C order ({@link #write}) or
 * in Fortran order ({@link #writeFortran}, whose points can be added at the end). Reading accepts
 * whatever {@link NpyHeader#parse} accepts with that shape: either byte order, either memory order (in
 * Fortran order the time and value of each point are side by side). Data moves in chunks through a buffer
 * the caller may reuse; nothing is allocated from what an input declares.
 */
public final class NpySeries {

    /** The most points a series may have: Java's array limit. */
    public static final int MAX_POINTS = Integer.MAX_VALUE - 8;

    /** The length of every {@link #fortranHeader}: the data starts at this offset. */
    public static final int FORTRAN_HEADER_BYTES = 128;

    private static final int POINT_BYTES = 2 * Double.BYTES;
    private static final int STREAM_CHUNK_BYTES = 1 << 16;

    private NpySeries() {}

    /**
     * Receives the data of a series in order, in chunks of whole points.
     *
     * @param <X> the exception the consumer may refuse the data with
     */
    @FunctionalInterface
    public interface DataConsumer<X extends Exception> {
        /**
         * Takes one chunk.
         *
         * @param chunk the bytes, from position to limit, a multiple of 16, in the file's byte order
         * @param offset where the chunk starts, counted in bytes from the start of the data
         * @throws X if the consumer refuses the data
         */
        void accept(ByteBuffer chunk, long offset) throws X;
    }

    /** Where the writer takes a series' rows from. */
    @FunctionalInterface
    public interface Rows {
        /**
         * Copies part of a row.
         *
         * @param row 0 for the times, 1 for the values
         * @param from the first point to copy
         * @param into where to copy to
         * @param at the index in {@code into} of the first copied point
         * @param length how many points to copy
         */
        void copy(int row, int from, double[] into, int at, int length);
    }

    /**
     * The header {@code numpy.save} writes for a little-endian C-order series.
     *
     * @param points N, not negative
     * @return the header
     */
    public static NpyHeader header(int points) {
        if (points < 0) {
            throw new IllegalArgumentException("points must not be negative: " + points);
        }
        return NpyHeader.of(ByteOrder.LITTLE_ENDIAN, false, 2, points);
    }

    /**
     * The header {@code numpy.save} writes for a little-endian Fortran-order series, in which the time and
     * the value of each point are side by side, so that points are added by writing after the end. Its
     * {@linkplain NpyHeader#encode encoding} is {@value #FORTRAN_HEADER_BYTES} bytes for every N up to
     * {@link #MAX_POINTS}, so that it can be rewritten in place for a new N. For N of 0 or 1 the array is
     * C-contiguous too and numpy writes {@code 'fortran_order': False}; so does this, the bytes being the
     * same in both orders.
     *
     * @param points N, not negative
     * @return the header
     */
    public static NpyHeader fortranHeader(int points) {
        if (points < 0) {
            throw new IllegalArgumentException("points must not be negative: " + points);
        }
        return NpyHeader.of(ByteOrder.LITTLE_ENDIAN, points > 1, 2, points);
    }

    /**
     * Checks that a header describes a series and returns its number of points.
     *
     * @param header a header
     * @return N
     * @throws NpyFormatException {@link NpyFormatException.Problem#SHAPE} if the shape is not {@code (2, N)},
     *     {@link NpyFormatException.Problem#TOO_LARGE} if N is over {@link #MAX_POINTS}
     */
    public static int points(NpyHeader header) throws NpyFormatException {
        long[] dims = header.shape();
        String repr = header.shapeRepr();
        if (dims.length != 2 || dims[0] != 2) {
            throw new NpyFormatException(NpyFormatException.Problem.SHAPE, "the array's shape is " + repr
                    + "; a series file holds a (2, N) array, times in row 0 and values in row 1", -1, repr);
        }
        if (dims[1] > MAX_POINTS) {
            throw new NpyFormatException(NpyFormatException.Problem.TOO_LARGE, "the shape " + repr
                    + " has more points than a series can hold (" + MAX_POINTS + ")", -1, repr);
        }
        return (int) dims[1];
    }

    /**
     * Streams a series' data to a consumer.
     *
     * @param channel the input, at the byte after those in {@code buffer}
     * @param header the input's header, checked by {@link #points}
     * @param buffer the bytes already read, from the first byte of data at its position to its limit; its
     *     capacity at least 16; used for the rest and left in no particular state
     * @param consumer takes the data
     * @param <X> what the consumer may throw
     * @throws NpyFormatException {@link NpyFormatException.Problem#LENGTH} if the input ends early
     * @throws IOException if reading fails
     * @throws X if the consumer refuses the data
     */
    public static <X extends Exception> void readData(ReadableByteChannel channel, NpyHeader header,
            ByteBuffer buffer, DataConsumer<X> consumer) throws IOException, X {
        long remaining = header.dataBytes();
        long offset = 0;
        ByteBuffer b = buffer;
        while (true) {
            int available = b.remaining();
            int usable = (int) Math.min(available - available % POINT_BYTES, remaining);
            if (usable > 0) {
                consumer.accept(b.slice(b.position(), usable).order(header.byteOrder()), offset);
                b.position(b.position() + usable);
                offset += usable;
                remaining -= usable;
            }
            if (remaining == 0) {
                return;
            }
            b.compact();
            if (channel.read(b) < 0) {
                throw new NpyFormatException(NpyFormatException.Problem.LENGTH, "the file ended after "
                        + (header.dataOffset() + offset + b.position()) + " bytes while being read; its header"
                        + " declares " + header.fileBytes());
            }
            b.flip();
        }
    }

    /**
     * A consumer that decodes a series' data into its arrays.
     *
     * @param header the header, checked by {@link #points}
     * @param times receives row 0, at least N long
     * @param values receives row 1, at least N long
     * @return the consumer
     */
    public static DataConsumer<RuntimeException> decoder(NpyHeader header, double[] times, double[] values) {
        long n = header.shape()[1];
        if (header.fortranOrder()) {
            return (chunk, offset) -> {
                DoubleBuffer d = chunk.asDoubleBuffer();
                int first = (int) (offset / POINT_BYTES);
                int count = d.remaining() / 2;
                for (int i = first; i < first + count; i++) {
                    times[i] = d.get();
                    values[i] = d.get();
                }
            };
        }
        return (chunk, offset) -> {
            DoubleBuffer d = chunk.asDoubleBuffer();
            long index = offset / Double.BYTES;
            int count = d.remaining();
            if (index < n) {
                int k = (int) Math.min(count, n - index);
                d.get(times, (int) index, k);
                count -= k;
                index += k;
            }
            if (count > 0) {
                d.get(values, (int) (index - n), count);
            }
        };
    }

    /**
     * Reads a whole series from a channel: header, checks, data.
     *
     * @param channel the input, at its first byte
     * @param inputBytes the input's length
     * @return the times and the values, as two arrays
     * @throws NpyFormatException saying what is wrong
     * @throws IOException if reading fails
     */
    public static double[][] read(ReadableByteChannel channel, long inputBytes) throws IOException {
        NpyHeader header = NpyHeader.read(channel, inputBytes);
        int n = points(header);
        header.checkLength(inputBytes);
        double[] times = new double[n];
        double[] values = new double[n];
        readData(channel, header, ByteBuffer.allocate(STREAM_CHUNK_BYTES).flip(), decoder(header, times, values));
        return new double[][] {times, values};
    }

    /**
     * Writes a series: {@link #header}'s bytes, then the times, then the values, little-endian.
     *
     * @param channel where to write
     * @param points N
     * @param rows where the data comes from
     * @param buffer the buffer to write through, its capacity at least 256 bytes; left in no particular state
     * @param scratch the array rows are copied through, at least 1 long
     * @param checksum takes every byte written, or null
     * @return the number of bytes written
     * @throws IOException if writing fails
     */
    public static long write(WritableByteChannel channel, int points, Rows rows, ByteBuffer buffer,
            double[] scratch, Checksum checksum) throws IOException {
        ByteBuffer b = buffer.clear().order(ByteOrder.LITTLE_ENDIAN);
        b.put(header(points).encode());
        long total = 0;
        for (int row = 0; row < 2; row++) {
            int from = 0;
            while (from < points) {
                int room = b.remaining() / Double.BYTES;
                if (room == 0) {
                    total += drain(b, channel, checksum);
                    continue;
                }
                int length = Math.min(Math.min(room, scratch.length), points - from);
                rows.copy(row, from, scratch, 0, length);
                b.asDoubleBuffer().put(scratch, 0, length);
                b.position(b.position() + length * Double.BYTES);
                from += length;
            }
        }
        return total + drain(b, channel, checksum);
    }

    /**
     * Writes a series in Fortran order: {@link #fortranHeader}'s bytes, then each point's time and value,
     * little-endian.
     *
     * @param channel where to write
     * @param points N
     * @param rows where the data comes from
     * @param buffer the buffer to write through, its capacity at least 256 bytes; left in no particular state
     * @param scratch the array rows are copied through, at least 2 long
     * @param checksum takes every byte written, or null
     * @return the number of bytes written
     * @throws IOException if writing fails
     */
    public static long writeFortran(WritableByteChannel channel, int points, Rows rows, ByteBuffer buffer,
            double[] scratch, Checksum checksum) throws IOException {
        ByteBuffer b = buffer.clear().order(ByteOrder.LITTLE_ENDIAN);
        b.put(fortranHeader(points).encode());
        return writePoints(channel, 0, points, rows, b, scratch, checksum);
    }

    /**
     * Writes points in Fortran order without a header: each point's time and value, little-endian, the
     * data to add after the end of a {@link #fortranHeader} file.
     *
     * @param channel where to write, at the end of the existing data
     * @param from the first point of {@code rows} to write
     * @param to the point after the last to write
     * @param rows where the data comes from
     * @param buffer the buffer to write through, its capacity at least 256 bytes; left in no particular state
     * @param scratch the array rows are copied through, at least 2 long
     * @param checksum takes every byte written, or null
     * @return the number of bytes written
     * @throws IOException if writing fails
     */
    public static long writeFortranData(WritableByteChannel channel, int from, int to, Rows rows,
            ByteBuffer buffer, double[] scratch, Checksum checksum) throws IOException {
        return writePoints(channel, from, to, rows, buffer.clear().order(ByteOrder.LITTLE_ENDIAN), scratch,
                checksum);
    }

    private static long writePoints(WritableByteChannel channel, int from, int to, Rows rows, ByteBuffer b,
            double[] scratch, Checksum checksum) throws IOException {
        int half = scratch.length / 2;
        long total = 0;
        int next = from;
        while (next < to) {
            int room = b.remaining() / POINT_BYTES;
            if (room == 0) {
                total += drain(b, channel, checksum);
                continue;
            }
            int length = Math.min(Math.min(room, half), to - next);
            rows.copy(0, next, scratch, 0, length);
            rows.copy(1, next, scratch, half, length);
            for (int i = 0; i < length; i++) {
                b.putDouble(scratch[i]).putDouble(scratch[half + i]);
            }
            next += length;
        }
        return total + drain(b, channel, checksum);
    }

    /**
     * Writes a series to a stream, as {@link #write(WritableByteChannel, int, Rows, ByteBuffer, double[],
     * Checksum)} does, and flushes it.
     *
     * @param out where to write; left open
     * @param points N
     * @param rows where the data comes from
     * @throws IOException if writing fails
     */
    public static void write(OutputStream out, int points, Rows rows) throws IOException {
        write(Channels.newChannel(out), points, rows, ByteBuffer.allocate(STREAM_CHUNK_BYTES),
                new double[STREAM_CHUNK_BYTES / Double.BYTES], null);
        out.flush();
    }

    private static int drain(ByteBuffer b, WritableByteChannel channel, Checksum checksum) throws IOException {
        b.flip();
        int bytes = b.remaining();
        if (checksum != null) {
            checksum.update(b.duplicate());
        }
        while (b.hasRemaining()) {
            channel.write(b);
        }
        b.clear();
        return bytes;
    }
}
