package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.file.Path;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.npy.NpyHeader;

/**
 * Reads a stored series' file and checks it against its index entry: points, length and the CRC-32C of
 * every byte. numpy files carry no checksum, so this is what keeps a corrupt file from ever being read as
 * a series.
 */
final class IndexedRead {

    private IndexedRead() {}

    /**
     * Reads the series, decoding straight into its new arrays, and checks it.
     *
     * @param file the series file
     * @param entry what the index recorded for it
     * @param io the I/O buffer to read through
     * @return the series
     * @throws SeriesFileException if the file does not match the entry or is not a valid series
     */
    static ArrayTimeSeries read(Path file, IndexEntry entry, IoBuffers.IoBuffer io)
            throws IOException, SeriesFileException {
        try (SeriesFileReader reader = SeriesFileReader.open(file, io)) {
            NpyHeader header = reader.header();
            checkShape(entry, reader);
            try {
                return ArrayTimeSeries.fill(reader.points(), (times, values) -> {
                    try {
                        checkCrc(entry, reader.readData(SeriesFileReader.decoder(header, times, values)));
                    } catch (IOException | SeriesFileException e) {
                        throw new ReadFailure(e);
                    }
                });
            } catch (ReadFailure e) {
                e.rethrow();
                throw new AssertionError(e);
            } catch (IllegalArgumentException e) {
                throw new SeriesFileException("its data breaks the series rules: " + e.getMessage());
            }
        }
    }

    /**
     * Checks the file without keeping its data.
     *
     * @param file the series file
     * @param entry what the index recorded for it
     * @param io the I/O buffer to read through
     * @throws SeriesFileException if the file does not match the entry
     */
    static void verify(Path file, IndexEntry entry, IoBuffers.IoBuffer io) throws IOException, SeriesFileException {
        try (SeriesFileReader reader = SeriesFileReader.open(file, io)) {
            checkShape(entry, reader);
            checkCrc(entry, reader.readData((chunk, offset) -> { }));
        }
    }

    /** Checks that a file holds the points and length its entry records. */
    static void checkShape(IndexEntry entry, SeriesFileReader reader) throws SeriesFileException {
        if (reader.points() != entry.points() || reader.fileBytes() != entry.fileBytes()) {
            throw new SeriesFileException("it holds " + reader.points() + " points in "
                    + reader.fileBytes() + " bytes but the index records " + entry.points() + " points in "
                    + entry.fileBytes() + " bytes (changed outside the store?)");
        }
    }

    /** Checks a whole-file CRC-32C against the entry. */
    static void checkCrc(IndexEntry entry, int crc) throws SeriesFileException {
        if (crc != entry.crc()) {
            throw new SeriesFileException(String.format("its CRC-32C is %08x but the index records %08x: the data is"
                    + " corrupt (or the file was changed outside the store)", crc, entry.crc()));
        }
    }

    /** Carries a checked failure out of an {@link ArrayTimeSeries.Filler}. */
    private static final class ReadFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReadFailure(Exception cause) {
            super(cause);
        }

        void rethrow() throws IOException, SeriesFileException {
            Throwable c = getCause();
            if (c instanceof IOException) {
                throw (IOException) c;
            }
            throw (SeriesFileException) c;
        }
    }
}
