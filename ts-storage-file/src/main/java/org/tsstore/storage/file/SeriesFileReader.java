package org.tsstore.storage.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads a series file through a reusable direct buffer: {@link #open} reads and checks the header, and
 * {@link #readData} streams the data, checksummed, to a consumer: the decoder that fills a series' new
 * arrays (the one copy a read makes), the rule check of a file being adopted, or nothing, for
 * verification. Nothing is allocated from what the file declares until the header has been checked
 * against the file's length.
 */
final class SeriesFileReader implements Closeable {

    /** Receives the data in order, in chunks of whole points. */
    @FunctionalInterface
    interface DataConsumer {
        /**
         * Takes one chunk.
         *
         * @param chunk the bytes, from position to limit, a multiple of 16, in the file's byte order
         * @param offset where the chunk starts, counted from the start of the data
         */
        void accept(ByteBuffer chunk, long offset) throws SeriesFileException;
    }

    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final NpyHeader header;
    private final long fileBytes;
    private final CRC32C crc = new CRC32C();

    private SeriesFileReader(FileChannel channel, ByteBuffer buffer, NpyHeader header, long fileBytes) {
        this.channel = channel;
        this.buffer = buffer;
        this.header = header;
        this.fileBytes = fileBytes;
    }

    /**
     * Opens a file and reads its header.
     *
     * @param file the file
     * @param io the buffer to read through, owned by this reader until closed
     */
    static SeriesFileReader open(Path file, IoBuffers.IoBuffer io) throws IOException, SeriesFileException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            ByteBuffer b = io.bytes;
            b.clear();
            b.limit((int) Math.min(b.capacity(), size));
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    break;
                }
            }
            b.flip();
            NpyHeader header = NpyHeader.parse(b, size);
            SeriesFileReader reader = new SeriesFileReader(ch, b, header, size);
            reader.crc.update(b.slice(0, header.dataOffset()));
            b.position(header.dataOffset());
            return reader;
        } catch (IOException | SeriesFileException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The header read by {@link #open}. */
    NpyHeader header() {
        return header;
    }

    /** The file's length when it was opened. */
    long fileBytes() {
        return fileBytes;
    }

    /**
     * Streams the data to a consumer and returns the CRC-32C of the whole file.
     *
     * @param consumer takes the data
     * @return the checksum of every byte of the file, header included
     */
    int readData(DataConsumer consumer) throws IOException, SeriesFileException {
        ByteOrder order = header.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long remaining = header.dataBytes();
        long offset = 0;
        ByteBuffer b = buffer;
        while (true) {
            int available = b.remaining();
            int usable = (int) Math.min(available - available % 16, remaining);
            if (usable > 0) {
                ByteBuffer chunk = b.slice(b.position(), usable);
                crc.update(chunk);
                chunk.position(0);
                consumer.accept(chunk.order(order), offset);
                b.position(b.position() + usable);
                offset += usable;
                remaining -= usable;
            }
            if (remaining == 0) {
                return (int) crc.getValue();
            }
            b.compact();
            if (channel.read(b) < 0) {
                throw new SeriesFileException("the file ended after " + (header.dataOffset() + offset + b.position())
                        + " bytes while being read; its header declares " + header.fileBytes());
            }
            b.flip();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A consumer that decodes the data into a series' arrays. */
    static DataConsumer decoder(NpyHeader header, double[] times, double[] values) {
        int n = header.points();
        if (header.fortranOrder()) {
            // Column-major (2, N): time and value of each point side by side.
            return (chunk, offset) -> {
                DoubleBuffer d = chunk.asDoubleBuffer();
                int first = (int) (offset / 16);
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
     * A consumer that checks the times against the series rules (finite, strictly increasing) without
     * keeping the data: for files adopted from outside the store.
     */
    static DataConsumer timeRule(NpyHeader header) {
        int n = header.points();
        boolean interleaved = header.fortranOrder();
        double[] previous = {Double.NEGATIVE_INFINITY};
        return (chunk, offset) -> {
            DoubleBuffer d = chunk.asDoubleBuffer();
            long index = interleaved ? offset / 16 : offset / Double.BYTES;
            while (d.hasRemaining() && index < n) {
                double t = d.get();
                if (interleaved) {
                    d.get();
                }
                if (!(t > previous[0]) || t == Double.POSITIVE_INFINITY) {
                    throw new SeriesFileException(Double.isFinite(t)
                            ? "times must be strictly increasing, but time at index " + index + " (" + t
                                    + ") is not greater than time at index " + (index - 1) + " (" + previous[0] + ")"
                            : "time at index " + index + " is not finite: " + t);
                }
                previous[0] = t;
                index++;
            }
        };
    }
}
