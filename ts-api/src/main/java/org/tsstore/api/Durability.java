package org.tsstore.api;

import java.util.Locale;

/**
 * How far a write has gone when {@link StorageManager#store} returns, for backends that persist. Chosen
 * with the option {@code durability=os} or {@code durability=sync}.
 */
public enum Durability {
    /**
     * The data has been handed to the operating system: it survives the process being killed, but not a
     * power loss or kernel crash before the OS writes it back. The default.
     */
    OS,
    /**
     * The data, the index entry and the directory entry have been forced to the device ({@code fsync}):
     * the write survives a power loss.
     */
    SYNC;

    /**
     * The option spelling of this level: {@code os} or {@code sync}.
     *
     * @return the lower-case name
     */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
