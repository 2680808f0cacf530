package org.tsstore.storage.mmap;

import com.google.common.collect.ImmutableSet;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.StorageException;
import org.tsstore.core.backend.IdSnapshot;

/**
 * What the damage recovery found means for reads and maintenance (FORMAT.md, "Lost records"): an entry
 * whose record precedes a loss that affects it may be an older version, and an id with no entry may have had
 * a record among those lost, unless a tombstone of it follows the loss; so {@code get}, {@code size},
 * {@code contains} and {@code append} refuse both (never answering "absent" for a series the store may have
 * lost) and {@code ids()} leaves them out. A damaged store writes no hint and is not compacted, so that the
 * next open and {@code verify()} find the damage again. Also words the error for a record that fails its
 * first-read check.
 *
 * <p>The losses are fixed when the store opens; what is written afterwards follows every one of them, so a
 * store or a delete of an id lifts its refusal (the writer reports deletes through {@link #deleted}).
 * {@link #clear()} forgets everything once a repair has rewritten the store. Thread-safe: readers consult it
 * without a lock.
 */
final class DamagePolicy {

    private static final System.Logger LOG = System.getLogger(MmapStorageManager.class.getName());

    /** The last loss that affects every id, or {@code null}. */
    private volatile DamageFrontier frontier;
    /** Per id, the last loss of one of its records whose header is intact. */
    private final Map<String, DamageFrontier> damagedIds;
    /** Per id without an entry: where its last tombstone lies, when that follows a loss. */
    private final Map<String, LogPlace> deletedAfter;
    /** Per id: a live record found damaged while the store is open (by compaction), refused while it is live. */
    private final Map<String, Found> found = new ConcurrentHashMap<>();

    /** A live series' store record found damaged while the store is open, and what is wrong with it. */
    private static final class Found {
        final Segment segment;
        final long offset;
        final String problem;

        Found(Segment segment, long offset, String problem) {
            this.segment = segment;
            this.offset = offset;
            this.problem = problem;
        }

        boolean is(KeyDirectory.Entry e) {
            return e.segment == segment && e.offset() == offset;
        }
    }

    DamagePolicy(DamageFrontier frontier, Map<String, DamageFrontier> damagedIds) {
        this(frontier, damagedIds, Map.of());
    }

    DamagePolicy(DamageFrontier frontier, Map<String, DamageFrontier> damagedIds, Map<String, LogPlace> deletedAfter) {
        this.frontier = frontier;
        this.damagedIds = new ConcurrentHashMap<>(damagedIds);
        this.deletedAfter = new ConcurrentHashMap<>(deletedAfter);
    }

    /** Whether records were found lost or damaged: then no hint is written and nothing is compacted. */
    boolean damaged() {
        return frontier != null || !damagedIds.isEmpty() || !found.isEmpty();
    }

    /**
     * Notes that a live series' record was found damaged while the store is open (by compaction, which leaves
     * it where it is): the series is refused while its entry points at that version.
     */
    void found(KeyDirectory.Entry e, String problem) {
        found.put(e.id, new Found(e.segment, e.offset(), problem));
    }

    /** The records found damaged while the store is open, as {@code verify()} reports them. */
    List<IntegrityReport.Damage> foundDamage() {
        List<IntegrityReport.Damage> out = new ArrayList<>();
        found.forEach((id, f) -> out.add(new IntegrityReport.Damage(id, f.segment + " at offset " + f.offset,
                f.problem)));
        return out;
    }

    /** The loss after an entry's record that may hide a newer record of its id, or {@code null}. */
    DamageFrontier lostAfter(KeyDirectory.Entry e) {
        DamageFrontier all = frontier;
        if (all != null && all.precedes(e)) {
            return all;
        }
        DamageFrontier own = damagedIds.get(e.id);
        return own != null && own.precedes(e) ? own : null;
    }

    /**
     * The loss that may have hidden a record of an id that has no entry, or {@code null} when the id is absent
     * for certain: no loss could hold a record of it, or its tombstone follows every loss that could.
     */
    DamageFrontier mayHaveLost(String id) {
        DamageFrontier all = frontier;
        DamageFrontier own = damagedIds.get(id);
        if (all == null && own == null) {
            return null;
        }
        LogPlace tombstone = deletedAfter.get(id);
        if (tombstone == null) {
            return DamageFrontier.later(all, own);
        }
        if (own != null && tombstone.before(own)) {
            return own;
        }
        return all != null && tombstone.before(all) ? all : null;
    }

    /** Whether an entry may be served (and listed). */
    boolean servable(KeyDirectory.Entry e) {
        return lostAfter(e) == null && !foundDamaged(e);
    }

    private boolean foundDamaged(KeyDirectory.Entry e) {
        if (found.isEmpty()) {
            return false;
        }
        Found f = found.get(e.id);
        return f != null && f.is(e);
    }

    /**
     * The entry to serve for an id.
     *
     * @return the entry, or {@code null} when none is stored, for certain
     * @throws StorageException if a loss after its record makes it suspect, or if it has no entry and a loss
     *     may have hidden one
     */
    KeyDirectory.Entry lookup(KeyDirectory keys, String id) {
        KeyDirectory.Entry e = keys.get(id);
        if (e != null) {
            refuseIfSuspect(e);
        } else {
            refuseIfMaybeLost(id);
        }
        return e;
    }

    /**
     * Refuses an id without an entry that a loss may have held.
     *
     * @throws StorageException naming the id and the loss
     */
    void refuseIfMaybeLost(String id) {
        DamageFrontier d = mayHaveLost(id);
        if (d != null) {
            throw new StorageException("series " + SeriesIds.quote(id) + " cannot be answered: it has no record after"
                    + " the damage, and one may have been among the records lost there (" + d.problem + "); it is"
                    + " refused until it is stored or deleted again, or the store is repaired");
        }
    }

    /**
     * Writer-only: a tombstone of {@code id} was written at {@code offset} of {@code segment}, after every loss,
     * so the id is absent for certain from now on.
     */
    void deleted(String id, Segment segment, long offset) {
        if (damaged()) {
            deletedAfter.put(id, new LogPlace(segment.number, offset));
        }
    }

    /** Forgets every loss: a repair rewrote the store from the records that hold. */
    void clear() {
        frontier = null;
        damagedIds.clear();
        deletedAfter.clear();
        found.clear();
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
        if (foundDamaged(e)) {
            throw damagedRecord(e, "it was found damaged while the store was open: " + found.get(e.id).problem);
        }
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
        String problem = d != null ? d.problem : null;
        for (Found f : found.values()) {
            problem = problem != null ? problem : f.problem;
        }
        if (problem != null) {
            throw new StorageException("the mmap store " + directory + " is not compacted while it is damaged ("
                    + problem + "): compaction would delete the evidence that verify() reports; repair() it first");
        }
    }

    private DamageFrontier anyLoss() {
        DamageFrontier all = frontier;
        if (all != null) {
            return all;
        }
        for (DamageFrontier d : damagedIds.values()) {
            return d;
        }
        return null;
    }
}
