package org.tsstore.cli;

/**
 * Input data that cannot become a series: a bad CSV line, a malformed npy file, an export file name that
 * does not decode to an id. The message names the file and, where there is one, the line. Exit code 1.
 */
final class InvalidDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidDataException(String message) {
        super(message);
    }

    InvalidDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
