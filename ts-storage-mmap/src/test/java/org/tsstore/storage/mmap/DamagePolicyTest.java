package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.StorageException;

/**
 * {@link DamagePolicy} alone, on entries in segments that need no files: a loss makes suspect exactly the
 * records before it in log order (segment number, then offset), a one-record loss only its own id, and a
 * store with no loss refuses nothing. The expected answers are worked out by hand from FORMAT.md,
 * "Lost records".
 */
class DamagePolicyTest {

    private static final Segment S1 = new Segment(1, Path.of("0000000001.seg"), 29, 0, 16);
    private static final Segment S2 = new Segment(2, Path.of("0000000002.seg"), 29, 0, 16);
    private static final Segment S3 = new Segment(3, Path.of("0000000003.seg"), 29, 0, 16);

    private static KeyDirectory.Entry entry(String id, Segment s, long offset) {
        return new KeyDirectory.Entry(id, s, offset, 1, false);
    }

    @Test
    void aStoreWithoutLossesRefusesNothing() {
        DamagePolicy none = new DamagePolicy(null, Map.of());
        assertFalse(none.damaged());
        assertTrue(none.servable(entry("a", S1, 16)));
        none.refuseIfSuspect(entry("a", S1, 16));
        none.refuseCompaction(Path.of("store"));
        assertNull(none.reportedDamage());
    }

    @Test
    void aLossMakesSuspectEveryRecordBeforeIt() {
        DamageFrontier lost = new DamageFrontier(2, 100, "segment file 0000000002.seg holds damaged bytes from offset 100 to 140");
        DamagePolicy policy = new DamagePolicy(lost, Map.of());
        assertTrue(policy.damaged());
        // before: an older segment at any offset, the same segment before the offset
        assertFalse(policy.servable(entry("a", S1, 1_000_000)));
        assertFalse(policy.servable(entry("b", S2, 16)));
        assertFalse(policy.servable(entry("c", S2, 99)));
        // at or after it: written later, so no lost record can override it
        assertTrue(policy.servable(entry("d", S2, 100)));
        assertTrue(policy.servable(entry("e", S2, 200)));
        assertTrue(policy.servable(entry("f", S3, 16)));

        StorageException e = assertThrows(StorageException.class, () -> policy.refuseIfSuspect(entry("b", S2, 16)));
        assertEquals("series \"b\" cannot be served: its record at offset 16 of segment file 0000000002.seg may be an"
                + " older version, because segment file 0000000002.seg holds damaged bytes from offset 100 to 140", e.getMessage());
        policy.refuseIfSuspect(entry("f", S3, 16));
    }

    @Test
    void aOneRecordLossMakesSuspectOnlyItsOwnId() {
        DamageFrontier lostB = new DamageFrontier(3, 64, "a record of series 'b'");
        DamagePolicy policy = new DamagePolicy(null, Map.of("b", lostB));
        assertTrue(policy.damaged());
        assertFalse(policy.servable(entry("b", S1, 16)));
        assertFalse(policy.servable(entry("b", S3, 16)));
        assertTrue(policy.servable(entry("b", S3, 64)));
        assertTrue(policy.servable(entry("a", S1, 16)), "another id before the loss");
        assertEquals(lostB, policy.lostAfter(entry("b", S3, 16)));
        assertNull(policy.lostAfter(entry("a", S1, 16)));
    }

    @Test
    void theLossForAllIdsAndAnIdsOwnLossBothCount() {
        DamageFrontier all = new DamageFrontier(1, 500, "all");
        DamageFrontier lostB = new DamageFrontier(3, 64, "b's");
        DamagePolicy policy = new DamagePolicy(all, Map.of("b", lostB));
        assertEquals(all, policy.lostAfter(entry("b", S1, 16)), "the loss for all ids is looked at first");
        assertEquals(lostB, policy.lostAfter(entry("b", S2, 16)));
        assertNull(policy.lostAfter(entry("a", S2, 16)));
    }

    @Test
    void aDamagedStoreIsNotCompactedAndReportsTheLoss() {
        DamageFrontier lost = new DamageFrontier(2, Long.MAX_VALUE, "segment file 0000000002.seg has lost its header");
        DamagePolicy policy = new DamagePolicy(lost, Map.of());
        StorageException e = assertThrows(StorageException.class, () -> policy.refuseCompaction(Path.of("store")));
        assertEquals("the mmap store store is not compacted while it is damaged (segment file 0000000002.seg has lost"
                + " its header): compaction would delete the evidence that verify() reports; repair() it first",
                e.getMessage());
        assertEquals(new IntegrityReport.Damage("", "0000000002.seg", "segment file 0000000002.seg has lost its header"),
                policy.reportedDamage());

        DamagePolicy onlyAnId = new DamagePolicy(null, Map.of("b", new DamageFrontier(3, 64, "b's record")));
        assertEquals(new IntegrityReport.Damage("", "0000000003.seg", "b's record"), onlyAnId.reportedDamage());
        assertThrows(StorageException.class, () -> onlyAnId.refuseCompaction(Path.of("store")));
    }

    @Test
    void lookupsAndListedIdsLeaveOutWhatALossMakesSuspect() {
        KeyDirectory keys = new KeyDirectory();
        keys.put(entry("old", S1, 16));
        keys.put(entry("new", S3, 16));
        keys.put(entry("b", S3, 32));
        DamagePolicy policy = new DamagePolicy(new DamageFrontier(2, 16, "lost"),
                Map.of("b", new DamageFrontier(3, 40, "b's record")));
        assertEquals(Set.of("new"), policy.ids(keys));
        assertEquals(keys.get("new"), policy.lookup(keys, "new"));
        assertThrows(StorageException.class, () -> policy.lookup(keys, "never stored"), "it may have been lost");
        assertThrows(StorageException.class, () -> policy.lookup(keys, "old"));
        assertThrows(StorageException.class, () -> policy.lookup(keys, "b"));
        assertEquals(Set.of("old", "new", "b"), new DamagePolicy(null, Map.of()).ids(keys));
        assertNull(new DamagePolicy(null, Map.of()).lookup(keys, "never stored"));
    }

    /**
     * An id without an entry is absent for certain only when no loss could hold a record of it, or its tombstone
     * follows every loss that could: the loss for all ids, and the loss of one of its own records.
     */
    @Test
    void anIdWithoutAnEntryIsAbsentOnlyWhenItsTombstoneFollowsTheLoss() {
        DamageFrontier all = new DamageFrontier(2, 100, "segment file 0000000002.seg holds damaged bytes from offset 100");
        DamageFrontier ownB = new DamageFrontier(3, 64, "b's record at offset 64");
        DamagePolicy policy = new DamagePolicy(all, Map.of("b", ownB),
                Map.of("before", new LogPlace(2, 50), "after", new LogPlace(2, 140), "b", new LogPlace(3, 16)));
        assertEquals(all, policy.mayHaveLost("never stored"));
        assertEquals(all, policy.mayHaveLost("before"), "its tombstone precedes the loss");
        assertNull(policy.mayHaveLost("after"), "its tombstone follows the loss");
        assertEquals(ownB, policy.mayHaveLost("b"), "its tombstone follows the loss for all but not its own");
        StorageException e = assertThrows(StorageException.class, () -> policy.refuseIfMaybeLost("before"));
        assertTrue(e.getMessage().startsWith("series \"before\" cannot be answered"), e.getMessage());
        assertTrue(e.getMessage().contains("0000000002.seg holds damaged bytes from offset 100"), e.getMessage());

        policy.deleted("never stored", S3, 500);
        assertNull(policy.mayHaveLost("never stored"), "deleted after every loss");
        policy.deleted("b", S3, 500);
        assertNull(policy.mayHaveLost("b"));

        DamagePolicy onlyB = new DamagePolicy(null, Map.of("b", ownB));
        assertEquals(ownB, onlyB.mayHaveLost("b"), "its only record is damaged: not absent");
        assertNull(onlyB.mayHaveLost("a"), "the damaged record is b's: no other id can be in it");

        policy.clear();
        assertFalse(policy.damaged());
        assertNull(policy.mayHaveLost("before"));
    }

    @Test
    void aRecordFailingItsFirstReadIsNamedWithItsPlace() {
        StorageException e = DamagePolicy.damagedRecord(entry("a", S2, 88), "its end mark is missing");
        assertEquals("series \"a\" is damaged: the record at offset 88 of segment file 0000000002.seg cannot be served,"
                + " its end mark is missing", e.getMessage());
    }
}
