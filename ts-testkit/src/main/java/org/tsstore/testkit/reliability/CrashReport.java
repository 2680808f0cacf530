package org.tsstore.testkit.reliability;

import java.net.URI;

/**
 * What a {@link CrashHarness} run did, for the test log: its {@link #toString()} is one line that also
 * says how to rerun it.
 *
 * @param location the store's URI
 * @param seed the seed that reproduces the run's operations and kill points
 * @param cycles how many times a child JVM was started and killed
 * @param verifiedCycles after how many kills the store was opened and checked (the others leave the crashed
 *     store to the next child, so that recovery itself is interrupted too; the last kill is always checked)
 * @param killsBeforeReady how many children were killed before the store had opened (during start-up or
 *     recovery)
 * @param ackedStores stores the children acknowledged, every one of them checked
 * @param ackedDeletes deletes the children acknowledged, every one of them checked
 * @param ackedAppends appends the children acknowledged, every one of them checked
 * @param ackedBatches {@code storeAll} and {@code appendAll} calls the children acknowledged, every entry
 *     checked
 * @param inFlight operations begun but not acknowledged when the child was killed
 * @param inFlightLanded of those, how many had taken effect
 * @param idChecks how many times an id was checked against the model after a kill
 * @param pointsChecked how many points were read back and compared
 */
public record CrashReport(URI location, long seed, int cycles, int verifiedCycles, int killsBeforeReady,
        long ackedStores, long ackedDeletes, long ackedAppends, long ackedBatches, int inFlight, int inFlightLanded, long idChecks, long pointsChecked) {

    /**
     * One line: the location, the seed and every count.
     *
     * @return the summary
     */
    @Override
    public String toString() {
        return "CrashHarness " + location + " seed=" + seed + ": " + cycles + " SIGKILL cycles (" + verifiedCycles
                + " checked, " + killsBeforeReady + " before the store opened), " + ackedStores + " acked stores, "
                + ackedAppends + " appends, " + ackedBatches + " batches and " + ackedDeletes + " deletes all intact, " + inFlight + " in flight at the kill (" + inFlightLanded
                + " landed), " + idChecks + " id checks, " + pointsChecked + " points compared, no violation";
    }
}
