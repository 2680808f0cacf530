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
    static ArrayTimeSeries read(Path file, IndexEntry entry, IoBuffers.IoBuffer io, ReadChannels reads)
            throws IOException, SeriesFileException {
        try (SeriesFileReader reader = SeriesFileReader.open(file, io, reads)) {
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
     * What a whole read of a file found: the CRC-32C of every byte, and the table of its blocks as they are
     * (null for a file not in the layout of block tables).
     *
     * @param crc the whole file's CRC-32C
     * @param blocks its blocks as read
     */
    record Scanned(int crc, BlockTable blocks) {}

    /**
     * Reads a whole file without keeping its data, checking its shape against its entry but not its
     * checksum, which the caller compares.
     *
     * @param file the series file
     * @param entry what the index recorded for it
     * @param io the I/O buffer to read through
     * @param reads how the file is opened
     * @throws SeriesFileException if the file does not hold the points and length of its entry
     */
    static Scanned scan(Path file, IndexEntry entry, IoBuffers.IoBuffer io, ReadChannels reads)
            throws IOException, SeriesFileException {
        try (SeriesFileReader reader = SeriesFileReader.open(file, io, reads)) {
            checkShape(entry, reader);
            BlockTable.Scan blocks = BlockTable.isBlocked(reader, entry) ? new BlockTable.Scan(entry.points()) : null;
            int crc = reader.readData((chunk, offset) -> {
                if (blocks != null) {
                    blocks.accept(chunk, offset);
                }
            });
            return new Scanned(crc, blocks == null ? null : blocks.table(entry));
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
            throw new SeriesFileException.ChecksumMismatch(String.format("its CRC-32C is %08x but the index records"
                    + " %08x: the data is corrupt (or the file was changed outside the store)", crc, entry.crc()));
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
