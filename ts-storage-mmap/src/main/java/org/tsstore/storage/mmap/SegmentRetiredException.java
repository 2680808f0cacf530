package org.tsstore.storage.mmap;

/**
 * A segment was compacted away after a reader found it in the key directory; the reader looks the id up
 * again. Internal; never reaches callers.
 */
final class SegmentRetiredException extends Exception {

    private static final long serialVersionUID = 1L;

    SegmentRetiredException(String message) {
        super(message, null, false, false);
    }
}
