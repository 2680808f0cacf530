package org.tsstore.core.backend;

import org.tsstore.api.spi.StorageOptions;

/**
 * How a directory store is opened, the option {@code mode}: {@code write} (the default) takes the directory's
 * lock and may change every file in it; {@code read} takes no lock, writes nothing in the directory and refuses
 * every write, so it can run beside a live writer in another process (or this one). One rule, and one refusal
 * message, for every backend that offers it.
 */
public enum OpenMode {
    /** Reads and writes; one writer per directory (the lock). */
    WRITE,
    /** Reads only, beside any writer; every write method is refused. */
    READ;

    /** The option's name. */
    public static final String OPTION = "mode";

    /**
     * The mode the options ask for.
     *
     * @param options the checked options of a backend that knows {@link #OPTION}
     * @return {@link #WRITE} when the option is absent
     * @throws IllegalArgumentException if the value is neither {@code read} nor {@code write}, naming the option
     */
    public static OpenMode of(StorageOptions options) {
        return options.getEnum(OPTION, OpenMode.class, WRITE);
    }

    /**
     * The exception a read-only store throws for a write.
     *
     * @param store the store, for the message (such as {@code "the mmap store /data/ts"})
     * @param operation the refused method, such as {@code "store"}
     * @return an exception saying the store was opened read-only
     */
    public static UnsupportedOperationException refused(String store, String operation) {
        return new UnsupportedOperationException("cannot " + operation + ": " + store
                + " was opened read-only (mode=read)");
    }
}
