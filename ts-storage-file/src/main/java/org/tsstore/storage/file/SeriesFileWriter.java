package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.npy.NpySeries;

/**
 * Writes a series as a Fortran-order npy file ({@link NpySeries#writeFortran}), the layout an append
 * extends, through one reusable direct buffer, whose bytes go to the checksum and to the file. No other
 * copy of the data is made.
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
        return write(file, series, buffer, force, new CRC32C());
    }

    /**
     * Writes a series to a file, replacing its contents, every byte going through a checksum too (a
     * {@link BlockTable.Builder}, which keeps each block's CRC as well as the whole file's).
     *
     * @param crc takes every byte written; its value is the file's CRC-32C
     */
    static Written write(Path file, SizedContainerTimeSeries series, IoBuffers.IoBuffer buffer, boolean force,
            java.util.zip.Checksum crc) throws IOException {
        long total;
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
            total = NpySeries.writeFortran(ch, series.size(), (row, from, into, at, length) -> {
                if (row == 0) {
                    series.copyTimes(from, into, at, length);
                } else {
                    series.copyValues(from, into, at, length);
                }
            }, buffer.bytes, buffer.scratch, crc);
            if (force) {
                ch.force(true);
            }
        }
        return new Written(total, (int) crc.getValue());
    }
}
