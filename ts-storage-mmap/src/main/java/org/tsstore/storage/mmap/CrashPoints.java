package org.tsstore.storage.mmap;

import java.io.IOException;

/**
 * The steps of a compaction or a repair between which a crash leaves the files in a distinct state: tests
 * look at the files (or copy them) at each, as a crash there would leave them. A no-op outside tests.
 */
@FunctionalInterface
interface CrashPoints {

    /** Does nothing. */
    CrashPoints NONE = step -> { };

    /**
     * The operation reached a step; the files are as a crash now would leave them.
     *
     * @param step what was just done, for the test's messages
     */
    void reached(String step) throws IOException;
}
