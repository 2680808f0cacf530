package org.tsstore.storage.redis;

import org.tsstore.api.StorageException;

/**
 * A series refused because the value under one key is damaged; carries where that key is, so that
 * {@code verify()} reports the very key (a chunk's, not only the pointer's) that a read refused.
 */
final class DamagedKeyException extends StorageException {

    private static final long serialVersionUID = 1L;

    /** The node's address and the key name, as {@code verify()} reports it. */
    private final String location;

    DamagedKeyException(String message, String location, Throwable cause) {
        super(message, cause);
        this.location = location;
    }

    String location() {
        return location;
    }
}
