package org.tsstore.storage.file;

/**
 * A series file is not a valid series: a foreign or damaged npy header, too few or too many bytes, a
 * checksum that does not match, times that break the rules. The message says what is wrong but not which
 * file: the caller, who knows the file and the id, adds them when it turns this into a
 * {@link org.tsstore.api.StorageException}.
 */
class SeriesFileException extends Exception {

    private static final long serialVersionUID = 1L;

    SeriesFileException(String problem) {
        super(problem);
    }

    /** The file's bytes do not have the CRC-32C its index entry records: its data (or header) changed. */
    static final class ChecksumMismatch extends SeriesFileException {
        private static final long serialVersionUID = 1L;

        ChecksumMismatch(String problem) {
            super(problem);
        }
    }
}
