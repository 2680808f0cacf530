package org.tsstore.bench;

/**
 * One store under test, ours or a peer, reduced to what the workloads do: store the times and values of a
 * series by id, read them back, and make writes durable.
 */
interface Subject extends AutoCloseable {

    /** Stores one series; with a sync subject it is on the device when this returns. */
    void store(String id, double[] times, double[] values);

    /**
     * Ends a batch of stores so that everything is at least in the OS (a commit, a batch write); a no-op for
     * stores whose {@link #store} already got that far. Timed together with the stores.
     */
    void settle();

    /** Forces everything written so far to the device. */
    void flush();

    /** Reads a series back in the subject's natural form (a series view, arrays, a mapped buffer). */
    Object get(String id);

    /** Reads a series back and returns the mean of its values. */
    double getMean(String id);

    @Override
    void close();
}
