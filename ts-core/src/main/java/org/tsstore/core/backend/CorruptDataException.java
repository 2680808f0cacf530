package org.tsstore.core.backend;

/**
 * Bytes that fail their checks: a checksum that does not match, a foreign magic number, a version this
 * code does not read, a length out of range. Checked, so that a backend cannot forget to turn it into a
 * {@link org.tsstore.api.StorageException} that names the id and the file (or key) at fault; the message
 * here says only what is wrong.
 */
public final class CorruptDataException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param problem what is wrong, without the file or id (the caller adds those)
     */
    public CorruptDataException(String problem) {
        super(problem);
    }
}
