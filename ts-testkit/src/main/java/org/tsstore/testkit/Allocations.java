package org.tsstore.testkit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Counts the bytes the current thread has allocated, so that a check can bound what one call may allocate
 * (a size read off damaged bytes, or claimed by a lying series, must not size the heap), whether or not the
 * heap is large enough to survive it.
 */
public final class Allocations {

    private Allocations() {}

    /**
     * The bytes this thread has allocated so far.
     *
     * @return the count, or -1 where the JVM does not count them
     */
    public static long ofThisThread() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads instanceof com.sun.management.ThreadMXBean) {
            return ((com.sun.management.ThreadMXBean) threads).getCurrentThreadAllocatedBytes();
        }
        return -1;
    }
}
