package org.tsstore.api;

/**
 * A storage operation failed: an I/O error, a corrupt or foreign file, a lost connection. The message
 * names the id and the file (or node) at fault.
 *
 * <p>Unchecked, so that the API stays free of checked exceptions; the {@link java.io.IOException}
 * behind it, if any, is the cause.
 */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what failed, naming the id and the file
     */
    public StorageException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what failed, naming the id and the file
     * @param cause the underlying failure
     */
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
