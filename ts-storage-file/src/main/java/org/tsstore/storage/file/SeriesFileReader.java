package org.tsstore.storage.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.tsstore.npy.NpyFormatException;
import org.tsstore.npy.NpyHeader;
import org.tsstore.npy.NpySeries;

/**
 * Reads a series file through a reusable direct buffer: {@link #open} reads and checks the header, and
 * {@link #readData} streams the data, checksummed, to a consumer: the decoder that fills a series' new
 * arrays (the one copy a read makes), the rule check of a file being adopted, or nothing, for
 * verification. The npy format itself is ts-npy's; this adds the checksum and the series rules.
 */
final class SeriesFileReader implements Closeable {

    /** Receives the data in order, in chunks of whole points, as {@link NpySeries#readData} gives them. */
    @FunctionalInterface
    interface DataConsumer extends NpySeries.DataConsumer<SeriesFileException> {}

    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final NpyHeader header;
    private final int points;
    private final long fileBytes;
    private final CRC32C crc = new CRC32C();

    private SeriesFileReader(FileChannel channel, ByteBuffer buffer, NpyHeader header, int points,
            long fileBytes) {
        this.channel = channel;
        this.buffer = buffer;
        this.header = header;
        this.points = points;
        this.fileBytes = fileBytes;
    }

    /**
     * Opens a file and reads its header.
     *
     * @param file the file
     * @param io the buffer to read through, owned by this reader until closed
     */
    static SeriesFileReader open(Path file, IoBuffers.IoBuffer io) throws IOException, SeriesFileException {
        return open(file, io, ReadChannels.PLAIN);
    }

    /**
     * Opens a file through a {@link ReadChannels} and reads its header.
     *
     * @param file the file
     * @param io the buffer to read through, owned by this reader until closed
     * @param reads how the file is opened
     */
    static SeriesFileReader open(Path file, IoBuffers.IoBuffer io, ReadChannels reads)
            throws IOException, SeriesFileException {
        FileChannel ch = reads.open(file);
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
            NpyHeader header;
            int points;
            try {
                header = NpyHeader.parse(b, size);
                points = NpySeries.points(header);
                header.checkLength(size);
            } catch (NpyFormatException e) {
                throw new SeriesFileException(e.getMessage());
            }
            SeriesFileReader reader = new SeriesFileReader(ch, b, header, points, size);
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

    /** N, the number of points the header declares. */
    int points() {
        return points;
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
        try {
            NpySeries.readData(channel, header, buffer, (chunk, offset) -> {
                crc.update(chunk.duplicate());
                consumer.accept(chunk, offset);
            });
        } catch (NpyFormatException e) {
            throw new SeriesFileException(e.getMessage());
        }
        return (int) crc.getValue();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A consumer that decodes the data into a series' arrays. */
    static DataConsumer decoder(NpyHeader header, double[] times, double[] values) {
        NpySeries.DataConsumer<RuntimeException> decoder = NpySeries.decoder(header, times, values);
        return decoder::accept;
    }

    /**
     * A consumer that checks the times against the series rules (finite, strictly increasing) without
     * keeping the data: for files adopted from outside the store.
     */
    static DataConsumer timeRule(NpyHeader header) {
        long n = header.shape()[1];
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
