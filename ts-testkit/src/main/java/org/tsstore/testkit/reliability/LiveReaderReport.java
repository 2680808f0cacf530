package org.tsstore.testkit.reliability;

import java.net.URI;

/**
 * What a {@link LiveReaderCheck} run did, for the test log: its {@link #toString()} is one line.
 *
 * @param location the store's URI
 * @param seed the seed of the writer's operations
 * @param acked operations the writer acknowledged before it was killed
 * @param inFlight operations begun but not acknowledged at the kill (0 or 1)
 * @param compactions compactions among the writer's operations
 * @param readers how many readers read (JVMs and threads)
 * @param reads reads judged, all of them
 * @param found of those, how many returned a series (every point checked)
 * @param absent of those, how many found no series, each where the id was or may have been deleted
 * @param readsAfterKill reads begun after the writer was killed
 */
public record LiveReaderReport(URI location, long seed, int acked, int inFlight, int compactions, int readers,
        long reads, long found, long absent, long readsAfterKill) {

    /**
     * One line: the location, the seed and every count.
     *
     * @return the summary
     */
    @Override
    public String toString() {
        return "LiveReaderCheck " + location + " seed=" + seed + ": " + acked + " writes acknowledged (" + compactions
                + " compactions), " + inFlight + " in flight at the SIGKILL; " + readers + " readers made " + reads
                + " reads (" + found + " found, " + absent + " not found, " + readsAfterKill
                + " after the kill), no violation";
    }
}
