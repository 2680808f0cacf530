package org.tsstore.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;

/**
 * What {@link StorageManager#repair()} did: how many series it kept intact and every series it could not.
 *
 * @param seriesKept how many series are served after the repair exactly as before it
 * @param bytesKept how many bytes of series data those hold
 * @param lost the series the repair could not keep as they were, in the order found; empty when nothing was lost
 */
public record RepairReport(long seriesKept, long bytesKept, List<Loss> lost) {

    /**
     * Creates a report.
     *
     * @param seriesKept how many series were kept
     * @param bytesKept how many bytes they hold
     * @param lost what was lost; copied
     */
    public RepairReport {
        if (seriesKept < 0 || bytesKept < 0) {
            throw new IllegalArgumentException("negative counts: " + seriesKept + ", " + bytesKept);
        }
        lost = List.copyOf(lost);
    }

    /**
     * Whether the repair kept everything: nothing was damaged, or only bytes that held no series.
     *
     * @return {@code true} when {@link #lost()} is empty
     */
    public boolean isLossless() {
        return lost.isEmpty();
    }

    /**
     * The repair any store can do through its interface: {@link StorageManager#verify()}, then delete every
     * series it names as damaged (DROPPED) and report damage it cannot attribute to an id (UNATTRIBUTED).
     * The default of {@link StorageManager#repair()}, and what a forwarding wrapper calls to repair through
     * its own {@code verify} and {@code delete}.
     *
     * @param store the store to repair
     * @return what was kept and what was lost
     */
    public static RepairReport byDeletingDamaged(StorageManager store) {
        IntegrityReport found = store.verify();
        List<Loss> lost = new ArrayList<>();
        Set<String> dropped = new HashSet<>();
        for (IntegrityReport.Damage d : found.damage()) {
            if (d.id().isEmpty()) {
                lost.add(new Loss("", d.location(), d.problem(), Outcome.UNATTRIBUTED));
            } else if (dropped.add(d.id())) {
                store.delete(d.id());
                lost.add(new Loss(d.id(), d.location(), d.problem(), Outcome.DROPPED));
            }
        }
        long kept = 0;
        long bytes = 0;
        for (String id : store.ids()) {
            try {
                bytes += 16L * store.size(id);
                kept++;
            } catch (NoSuchSeriesException e) {
                // deleted since the snapshot of ids
            }
        }
        return new RepairReport(kept, bytes, lost);
    }

    /** What became of a series the repair could not keep. */
    public enum Outcome {
        /** Nothing is stored under the id any more: every version of it was damaged or lost. */
        DROPPED,
        /** The newest version was damaged; an older intact version is served in its place. */
        REVERTED,
        /**
         * The damage took the record that said which id it belonged to: the id is not known. Its points are
         * gone; the location says where they were.
         */
        UNATTRIBUTED
    }

    /**
     * One series, or one unattributable record, that the repair could not keep.
     *
     * @param id the id of the series, or the empty string for {@link Outcome#UNATTRIBUTED}
     * @param location the file and offset (or key) of the damaged record, or the empty string when not known
     * @param problem what was wrong with it
     * @param outcome what the repair did about it
     */
    public record Loss(String id, String location, String problem, Outcome outcome) {
        /**
         * Creates a loss entry.
         *
         * @param id the id, or empty
         * @param location the location, or empty
         * @param problem what was wrong
         * @param outcome what was done
         */
        public Loss {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(outcome, "outcome");
        }
    }
}
