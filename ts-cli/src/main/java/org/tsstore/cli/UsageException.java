package org.tsstore.cli;

/**
 * The command line asks for something that cannot be done as asked: a bad argument, a missing option, an
 * unknown format. Exit code 2, like picocli's own usage errors.
 */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
