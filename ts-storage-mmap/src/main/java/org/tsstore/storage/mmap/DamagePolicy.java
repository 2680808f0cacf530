package org.tsstore.storage.mmap;

import com.google.common.collect.ImmutableSet;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.StorageException;
import org.tsstore.core.backend.IdSnapshot;

/**
 * What the damage recovery found means for reads and maintenance (FORMAT.md, "Lost records"): an entry
 * whose record precedes a loss that affects it may be an older version, so {@code get}, {@code size} and
 * {@code contains} refuse it and {@code ids()} leaves it out; a damaged store writes no hint and is not
 * compacted, so that the next open and {@code verify()} find the damage again. Also words the error for a
 * record that fails its first-read check. Immutable; fixed when the store opens.
 */
final class DamagePolicy {

    private static final System.Logger LOG = System.getLogger(MmapStorageManager.class.getName());

    /** The last loss that affects every id, or {@code null}. */
    private final DamageFrontier frontier;
    /** Per id, the last loss of one of its records whose header is intact. */
    private final Map<String, DamageFrontier> damagedIds;

    DamagePolicy(DamageFrontier frontier, Map<String, DamageFrontier> damagedIds) {
        this.frontier = frontier;
        this.damagedIds = Map.copyOf(damagedIds);
    }

    /** Whether recovery found records lost: then no hint is written and nothing is compacted. */
    boolean damaged() {
        return frontier != null || !damagedIds.isEmpty();
    }

    /** The loss after an entry's record that may hide a newer record of its id, or {@code null}. */
    DamageFrontier lostAfter(KeyDirectory.Entry e) {
        if (frontier != null && frontier.precedes(e)) {
            return frontier;
        }
        DamageFrontier own = damagedIds.get(e.id);
        return own != null && own.precedes(e) ? own : null;
    }

    /** Whether an entry may be served (and listed). */
    boolean servable(KeyDirectory.Entry e) {
        return lostAfter(e) == null;
    }

    /**
     * The entry to serve for an id.
     *
     * @return the entry, or {@code null} when none is stored
     * @throws StorageException if a loss after its record makes it suspect
     */
    KeyDirectory.Entry lookup(KeyDirectory keys, String id) {
        KeyDirectory.Entry e = keys.get(id);
        if (e != null) {
            refuseIfSuspect(e);
        }
        return e;
    }

    /** The ids to list: a snapshot of the key directory without the suspect entries. */
    Set<String> ids(KeyDirectory keys) {
        ImmutableSet.Builder<String> ids = ImmutableSet.builder();
        for (KeyDirectory.Entry e : keys.entries()) {
            if (servable(e)) {
                ids.add(e.id);
            }
        }
        return IdSnapshot.of(ids.build());
    }

    /**
     * Refuses an entry that a loss after it makes suspect.
     *
     * @throws StorageException naming the record and the loss
     */
    void refuseIfSuspect(KeyDirectory.Entry e) {
        DamageFrontier d = lostAfter(e);
        if (d != null) {
            throw new StorageException("series " + SeriesIds.quote(e.id) + " cannot be served: its record at offset "
                    + e.offset() + " of segment file " + e.segment + " may be an older version, because "
                    + d.problem);
        }
    }

    /**
     * The error for a live record that fails its first-read check, logged as it is made.
     *
     * @param problem what is wrong with the record, starting with "its" or "it"
     */
    static StorageException damagedRecord(KeyDirectory.Entry e, String problem) {
        return damagedRecord(e.id, e.segment, e.offset(), problem);
    }

    /** As {@link #damagedRecord(KeyDirectory.Entry, String)}, for any record of a series' chain. */
    static StorageException damagedRecord(String id, Segment segment, long offset, String problem) {
        String message = "series " + SeriesIds.quote(id) + " is damaged: the record at offset " + offset
                + " of segment file " + segment + " cannot be served, " + problem;
        LOG.log(Level.WARNING, message);
        return new StorageException(message);
    }

    /**
     * The loss recovery found, as {@code verify()} reports it when its own scan no longer sees it.
     *
     * @return the damage, or {@code null} when none was found
     */
    IntegrityReport.Damage reportedDamage() {
        DamageFrontier d = anyLoss();
        return d == null ? null : new IntegrityReport.Damage("", Segment.fileName(d.segment), d.problem);
    }

    /**
     * Refuses to compact a damaged store: compaction would delete the evidence {@code verify()} reports.
     *
     * @throws StorageException if recovery found records lost
     */
    void refuseCompaction(Path directory) {
        DamageFrontier d = anyLoss();
        if (d != null) {
            throw new StorageException("the mmap store " + directory + " is not compacted while it is damaged ("
                    + d.problem + "): compaction would delete the evidence that verify() reports");
        }
    }

    private DamageFrontier anyLoss() {
        if (frontier != null) {
            return frontier;
        }
        return damagedIds.isEmpty() ? null : damagedIds.values().iterator().next();
    }
}
