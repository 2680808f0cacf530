package org.tsstore.storage.mmap;

/** A record header or record that fails its checks; internal, turned into damage reports or scan ends. */
final class CorruptRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    CorruptRecordException(String problem) {
        super(problem);
    }
}
