package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * Encodes records into a file channel through one reusable direct buffer: header, times, values and
 * trailer stream out in buffer-sized writes, each time chunk checked against the value rules and the data
 * checksummed on the way. Records written between {@link #start} and {@link #end} go out back to back,
 * so that a batch of small records is one write. Records of at most {@link #BUFFER_BYTES} in all can be
 * encoded without a channel ({@code start(null, position)}): they are then checked whole before anything
 * reaches the file, and {@link #writeBuffered} writes them. Whatever the caller's series throws while read
 * comes out as a {@link SeriesFailure} carrying it. Owned by one writer at a time; not thread-safe.
 */
final class RecordWriter {

    static final int BUFFER_BYTES = 1 << 20;

    /** The smallest buffer: a record header with the longest id and a trailer. */
    static final int MIN_BUFFER_BYTES = RecordFormat.MAX_HEADER_BYTES + RecordFormat.TRAILER_BYTES;

    private final ByteBuffer buffer;
    private final DoubleBuffer doubles;
    private final double[] chunk;
    private final byte[] header = new byte[RecordFormat.MAX_HEADER_BYTES];
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer zeros;

    private FileChannel channel;
    private long filePosition;
    private boolean checkTimes = true;

    /** A writer with a buffer of {@link #BUFFER_BYTES}. */
    RecordWriter() {
        this(BUFFER_BYTES);
    }

    /**
     * A writer with a smaller buffer, for records without points (seals, frames, tombstones) or small ones.
     *
     * @param bufferBytes at least {@link #MIN_BUFFER_BYTES}, a multiple of 8
     */
    RecordWriter(int bufferBytes) {
        if (bufferBytes < MIN_BUFFER_BYTES || bufferBytes % 8 != 0) {
            throw new IllegalArgumentException("buffer of " + bufferBytes + " bytes");
        }
        buffer = ByteBuffer.allocateDirect(bufferBytes).order(ByteOrder.LITTLE_ENDIAN);
        doubles = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        chunk = new double[bufferBytes / 8];
        zeros = ByteBuffer.allocateDirect(Math.min(bufferBytes, 64 * 1024));
    }
    /**
     * Stops checking times: in a compressed store a record's points carry encoded blocks ({@link EncodedPoints}),
     * whose points were checked before they were encoded.
     *
     * @param encoded whether the records this writer writes hold encoded points
     * @return this writer
     */
    RecordWriter encodedPoints(boolean encoded) {
        checkTimes = !encoded;
        return this;
    }

    private int dataMark;
    private long writtenEnd;
    private int headerCrc;

    /**
     * The file offset after the last byte that may have reached the file in the last call, complete or
     * not: what a failed write leaves behind and the next write must clear.
     */
    long writtenEnd() {
        return writtenEnd;
    }

    /** The header checksum of the record written last. */
    int headerCrc() {
        return headerCrc;
    }

    /**
     * Writes a store record: the series' times are checked while they stream out.
     *
     * @throws IllegalArgumentException if the series breaks a value rule or changes its size while read;
     *     bytes may have been written up to {@link #writtenEnd()}
     * @throws IOException if the channel fails; bytes may have been written up to {@link #writtenEnd()}
     */
    void writeStore(FileChannel channel, long position, byte[] id, long sequence, SizedContainerTimeSeries series,
            int points) throws IOException {
        start(channel, position);
        points(RecordFormat.STORE, id, sequence, series, points);
        end();
    }

    /**
     * Starts writing records back to back at {@code position}: {@link #points} and {@link #marker} add
     * them to the buffer, which goes out whenever it is full and at {@link #end()}, so that a batch of small
     * records is one write. With a {@code null} channel the records stay in the buffer (they must fit it)
     * until {@link #writeBuffered}.
     */
    void start(FileChannel channel, long position) {
        this.channel = channel;
        this.filePosition = position;
        this.writtenEnd = position;
        buffer.clear();
        dataMark = 0;
    }

    /** Writes out what the buffer holds of the records since {@link #start}; without a channel, keeps it. */
    void end() throws IOException {
        if (channel == null) {
            checksumData();
            return;
        }
        flush();
    }

    /**
     * Writes the records encoded without a channel to {@code channel}, at the position given to
     * {@link #start}; {@link #writtenEnd()} then says how far they may have reached.
     */
    void writeBuffered(FileChannel channel) throws IOException {
        this.channel = channel;
        flush();
    }

    /**
     * Adds a record with points (a store or an extent) after the previous one; the series' times are
     * checked while they stream out.
     *
     * @throws IllegalArgumentException if the series breaks a value rule or changes its size while read
     */
    void points(byte kind, byte[] id, long sequence, SizedContainerTimeSeries series, int points) throws IOException {
        header(kind, id, points, sequence);
        double previous = Double.NEGATIVE_INFINITY;
        for (int from = 0; from < points;) {
            int len = room(points - from);
            if (len == 0) {
                flush();
                continue;
            }
            copy(series, true, from, len, points);
            previous = checkTimes ? checkTimes(len, from, previous) : previous;
            put(len);
            from += len;
        }
        for (int from = 0; from < points;) {
            int len = room(points - from);
            if (len == 0) {
                flush();
                continue;
            }
            copy(series, false, from, len, points);
            put(len);
            from += len;
        }
        int now = sizeOf(series);
        if (now != points) {
            throw new IllegalArgumentException("series changed its size while read: " + points + " points, then " + now);
        }
        trailer();
    }

    /**
     * Adds a record without data after the previous one: a tombstone (with the id), a seal (empty id), or
     * a batch frame (empty id, {@code count} records).
     */
    void marker(byte kind, byte[] id, int count, long sequence) throws IOException {
        header(kind, id, count, sequence);
        trailer();
    }

    /**
     * Reads a chunk of the caller's series; a series that cannot give the points it claimed is refused, and
     * anything else it throws is carried out as the caller's own ({@link SeriesFailure}).
     */
    private void copy(SizedContainerTimeSeries series, boolean times, int from, int len, int points) {
        try {
            if (times) {
                series.copyTimes(from, chunk, 0, len);
            } else {
                series.copyValues(from, chunk, 0, len);
            }
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("series " + series.getClass().getName() + " reports " + points
                    + " points but cannot give its " + (times ? "times" : "values") + " from index " + from + ": "
                    + e.getMessage(), e);
        } catch (Exception e) { // RuntimeExceptions, and checked ones a series may throw undeclared
            throw new SeriesFailure(e);
        }
    }

    /** The size the caller's series reports now; whatever it throws is carried out as its own. */
    private static int sizeOf(SizedContainerTimeSeries series) {
        try {
            return series.size();
        } catch (Exception e) {
            throw new SeriesFailure(e);
        }
    }

    /** Writes a record without points: a tombstone (with the id) or a seal (empty id). */
    void writeMarker(FileChannel channel, long position, byte kind, byte[] id, long sequence) throws IOException {
        start(channel, position);
        marker(kind, id, 0, sequence);
        end();
    }

    /** Overwrites {@code [from, to)} with zeros. */
    void zero(FileChannel channel, long from, long to) throws IOException {
        long position = from;
        while (position < to) {
            zeros.clear();
            if (to - position < zeros.capacity()) {
                zeros.limit((int) (to - position));
            }
            position += channel.write(zeros, position);
        }
    }

    private void header(byte kind, byte[] id, int points, long sequence) throws IOException {
        int headerLength = RecordFormat.encodeHeader(header, kind, id, points, sequence);
        if (buffer.remaining() < headerLength) {
            flush();
        }
        crc.reset();
        buffer.put(header, 0, headerLength);
        headerCrc = ByteBuffer.wrap(header, 12, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        dataMark = buffer.position();
    }

    /** How many doubles fit in the buffer now, at most {@code wanted}. */
    private int room(int wanted) {
        return Math.min((buffer.capacity() - buffer.position()) >>> 3, wanted);
    }

    private void put(int len) {
        doubles.put(buffer.position() >>> 3, chunk, 0, len);
        buffer.position(buffer.position() + (len << 3));
    }

    private double checkTimes(int len, int base, double previous) {
        double p = previous;
        for (int i = 0; i < len; i++) {
            double t = chunk[i];
            if (!(t > p) || t == Double.POSITIVE_INFINITY) {
                int index = base + i;
                if (!Double.isFinite(t)) {
                    throw new IllegalArgumentException("time at index " + index + " is not finite: " + t);
                }
                throw new IllegalArgumentException("times must be strictly increasing, but time at index " + index
                        + " (" + t + ") is not greater than time at index " + (index - 1) + " (" + p + ")");
            }
            p = t;
        }
        return p;
    }

    private void trailer() throws IOException {
        if (buffer.remaining() < RecordFormat.TRAILER_BYTES) {
            flush();
        }
        checksumData();
        buffer.putInt((int) crc.getValue());
        buffer.putInt(RecordFormat.END_MARK);
        dataMark = buffer.position();
    }

    private void checksumData() {
        int end = buffer.position();
        if (end > dataMark) {
            buffer.limit(end).position(dataMark);
            crc.update(buffer);
            buffer.limit(buffer.capacity());
        }
        dataMark = end;
    }

    private void flush() throws IOException {
        if (channel == null) {
            throw new IllegalStateException("records encoded without a channel must fit the buffer");
        }
        checksumData();
        int end = buffer.position();
        buffer.flip();
        writtenEnd = Math.max(writtenEnd, filePosition + end);
        while (buffer.hasRemaining()) {
            channel.write(buffer, filePosition + buffer.position());
        }
        filePosition += end;
        buffer.clear();
        dataMark = 0;
    }
}
