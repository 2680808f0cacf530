package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.tsstore.api.SizedContainerTimeSeries;

/**
 * Writes a series as an npy file: numpy's header, then the times, then the values, little-endian, read
 * from the series in chunks through its bulk accessors into one reusable direct buffer, whose bytes go to
 * the checksum and to the file. No other copy of the data is made.
 */
final class SeriesFileWriter {

    /** What was written. */
    record Written(long fileBytes, int crc) {}

    private SeriesFileWriter() {}

    /**
     * Writes a series to a file, replacing its contents.
     *
     * @param file the file; its directory must exist
     * @param series a valid series, not changing while written
     * @param buffer the I/O buffer to use
     * @param force whether to force the file to the device before returning
     */
    static Written write(Path file, SizedContainerTimeSeries series, IoBuffers.IoBuffer buffer, boolean force)
            throws IOException {
        int n = series.size();
        ByteBuffer b = buffer.bytes;
        b.clear();
        CRC32C crc = new CRC32C();
        long total = 0;
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
            b.put(NpyHeader.encode(n));
            double[] scratch = buffer.scratch;
            for (int row = 0; row < 2; row++) {
                int from = 0;
                while (from < n) {
                    int room = b.remaining() / Double.BYTES;
                    if (room == 0) {
                        total += drain(b, ch, crc);
                        continue;
                    }
                    int len = Math.min(Math.min(room, scratch.length), n - from);
                    if (row == 0) {
                        series.copyTimes(from, scratch, 0, len);
                    } else {
                        series.copyValues(from, scratch, 0, len);
                    }
                    b.asDoubleBuffer().put(scratch, 0, len);
                    b.position(b.position() + len * Double.BYTES);
                    from += len;
                }
            }
            total += drain(b, ch, crc);
            if (force) {
                ch.force(true);
            }
        }
        return new Written(total, (int) crc.getValue());
    }

    private static int drain(ByteBuffer b, FileChannel ch, CRC32C crc) throws IOException {
        b.flip();
        int bytes = b.remaining();
        crc.update(b);
        b.position(0);
        while (b.hasRemaining()) {
            ch.write(b);
        }
        b.clear();
        return bytes;
    }
}
