package org.tsstore.testkit.reliability;

import org.tsstore.api.Durability;

/**
 * What a {@link PowerLossCheck} run did, for the test log: its {@link #toString()} is one line that also
 * says how to rerun it.
 *
 * @param backend the fixture's name
 * @param durability what the states were judged against: {@code SYNC} (nothing acknowledged lost) or
 *     {@code OS} (only acknowledged-or-older versions, losses counted)
 * @param seed the seed that reproduces the run
 * @param states power-loss states materialized, opened and checked
 * @param crashes simulated power losses (each gave several states)
 * @param stores fresh stores the crashes were spread over (each crash after the first of a store starts
 *     from a state the previous one left, so recovery itself loses power too)
 * @param crashesBeforeReady power losses while the store was still opening (or recovering)
 * @param changes file-system changes the stores made (writes, forces, creations, renames, deletions)
 * @param ackedStores stores acknowledged before a power loss
 * @param ackedAppends appends acknowledged
 * @param ackedBatches {@code storeAll} and {@code appendAll} calls acknowledged
 * @param ackedDeletes deletes acknowledged
 * @param inFlightChecked states checked with a call in flight at the power loss
 * @param inFlightLanded of those, how many found it had taken effect
 * @param lostAbsent with {@code OS}: times an id whose last acknowledged write was a series was found absent
 * @param lostOlder with {@code OS}: times an id was found in an older state than its last acknowledged one
 *     (a deleted series back included)
 * @param lostRefused with {@code OS}: times a read was refused with a {@code StorageException}
 * @param damageReported with {@code OS}: states whose {@code verify()} reported damage
 * @param halfBatches with {@code OS} and atomic batches: times an unforced batch was found half there
 *     (an acknowledged one unless {@code PowerLossCheck.Builder#acknowledgedBatchesAtomic}; the one in flight
 *     only where {@code PowerLossCheck.Builder#inFlightBatchesAtomic} is false)
 * @param idChecks how many times an id was checked against the model
 * @param pointsChecked how many points were read back and compared
 * @param millis how long the run took
 */
public record PowerLossReport(String backend, Durability durability, long seed, int states, int crashes, int stores,
        int crashesBeforeReady, long changes, long ackedStores, long ackedAppends, long ackedBatches,
        long ackedDeletes, long inFlightChecked, long inFlightLanded, long lostAbsent, long lostOlder,
        long lostRefused, long damageReported, long halfBatches, long idChecks, long pointsChecked, long millis) {

    /**
     * One line: the backend, the seed and every count.
     *
     * @return the summary
     */
    @Override
    public String toString() {
        return "PowerLossCheck " + backend + " durability=" + durability.name().toLowerCase() + " seed=" + seed + ": "
                + states + " power-loss states of " + crashes + " crashes in " + stores + " stores (" + crashesBeforeReady
                + " while opening), " + changes + " file-system changes, " + ackedStores + " acked stores, "
                + ackedAppends + " appends, " + ackedBatches + " batches, " + ackedDeletes + " deletes; in flight in "
                + inFlightChecked + " states (" + inFlightLanded + " landed); lost: " + lostAbsent + " absent, "
                + lostOlder + " older, " + lostRefused + " refused, " + halfBatches + " unforced batches half there, "
                + damageReported + " states with damage reported; "
                + idChecks + " id checks, " + pointsChecked + " points compared, " + millis + " ms, no violation";
    }
}
