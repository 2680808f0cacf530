package org.tsstore.testkit.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.api.StorageException;
import org.tsstore.api.StorageManager;
import org.tsstore.core.ForwardingStorageManager;
import org.tsstore.core.InMemoryStorageManager;

/**
 * The crash model as the power-loss check uses it: with {@code durability=os} (olderAllowed) any state an id
 * had may be served, or refused, and losses are counted by kind; several states of one crash are judged
 * without settling the model. Stores are set by hand to what a power loss may leave.
 */
class CrashModelPowerLossTest {

    private static String line(String s) {
        return CrashChild.PREFIX + s;
    }

    private static String e(String id) {
        return CrashChild.encode(id);
    }

    /** Stores a at version 1 (3 points), then at version 2 (5 points), then a batch of a and b at version 3. */
    private static List<String> history(boolean batchAcknowledged) {
        List<String> lines = new ArrayList<>();
        lines.add(line("READY"));
        lines.add(line("BEGIN 0 STORE " + e("a") + " 1 3"));
        lines.add(line("ACK 0"));
        lines.add(line("BEGIN 1 STORE " + e("a") + " 2 5"));
        lines.add(line("ACK 1"));
        lines.add(line("BEGIN 2 STOREALL 2 " + e("a") + " 3 4 " + e("b") + " 3 6"));
        if (batchAcknowledged) {
            lines.add(line("ACK 2"));
        }
        return lines;
    }

    private static InMemoryStorageManager store(long aVersion, int aSize, long bVersion, int bSize) {
        InMemoryStorageManager s = new InMemoryStorageManager();
        if (aVersion > 0) {
            s.store("a", CrashSeries.of("a", aVersion, aSize));
        }
        if (bVersion > 0) {
            s.store("b", CrashSeries.of("b", bVersion, bSize));
        }
        return s;
    }

    /** A store holding the batch (a and b at version 3) whose {@code get} refuses the ids {@code refused} accepts. */
    private static StorageManager refusing(Predicate<String> refused) {
        StorageManager delegate = store(3, 4, 3, 6);
        return new ForwardingStorageManager() {
            @Override
            protected StorageManager delegate() {
                return delegate;
            }

            @Override
            public SizedContainerTimeSeries get(String id) {
                if (refused.test(id)) {
                    throw new StorageException(id + " is damaged");
                }
                return super.get(id);
            }
        };
    }

    private static CrashModel model(boolean olderAllowed, boolean acknowledged) {
        CrashModel m = new CrashModel(true, olderAllowed);
        assertTrue(m.apply(history(acknowledged), 0));
        return m;
    }

    @Test
    void withOsAnOlderVersionOrAbsenceIsALossNotAViolation() {
        CrashModel os = model(true, true);
        os.check(store(1, 3, 0, 0), 0, false); // a at its first version, b absent: the whole batch lost
        assertEquals(List.of(), os.violations());
        assertEquals(1, os.lostOlder);
        assertEquals(1, os.lostAbsent);
        CrashModel sync = model(false, true);
        sync.check(store(1, 3, 0, 0), 0, false);
        assertEquals(2, sync.violations().size(), sync.violations()::toString);
    }

    @Test
    void aVersionNeverWrittenIsAlwaysAViolation() {
        CrashModel os = model(true, true);
        os.check(store(7, 3, 3, 6), 0, false);
        assertEquals(1, os.violations().size(), os.violations()::toString);
        assertTrue(os.violations().get(0).contains("reads back wrong"), os.violations()::toString);
        CrashModel size = model(true, true);
        size.check(store(2, 4, 3, 6), 0, false); // version 2 at 4 points: a torn version, not one it had
        assertEquals(1, size.violations().size(), size.violations()::toString);
    }

    @Test
    void aRefusalIsALossWithOsAndAViolationWithSync() {
        StorageManager refusing = refusing("a"::equals);
        CrashModel os = model(true, true);
        os.check(refusing, 0, false);
        assertEquals(List.of(), os.violations());
        assertEquals(1, os.lostRefused);
        CrashModel sync = model(false, true);
        sync.check(refusing, 0, false);
        assertEquals(1, sync.violations().size(), sync.violations()::toString);
        assertTrue(sync.violations().get(0).contains("refused"), sync.violations()::toString);
    }

    @Test
    void aDeleteOfAnIdNeverWrittenMayFindALostRecordOnlyAfterARefusal() {
        StorageManager refusing = refusing(id -> true);
        List<String> deleteOfC = List.of(line("READY"), line("BEGIN 3 DELETE " + e("c")), line("ACK 3 true"));
        CrashModel afterRefusal = model(true, true);
        afterRefusal.check(refusing, 0, true);
        assertTrue(afterRefusal.apply(deleteOfC, 1));
        assertEquals(List.of(), afterRefusal.violations());
        CrashModel afterClean = model(true, true);
        afterClean.check(store(3, 4, 3, 6), 0, true);
        afterClean.apply(deleteOfC, 1);
        assertEquals(1, afterClean.violations().size(), afterClean.violations()::toString);
        assertTrue(afterClean.violations().get(0).contains("delete(\"c\") returned true"),
                afterClean.violations()::toString);
    }

    @Test
    void anAcknowledgedBatchHalfThereIsCountedUnlessDeclaredAtomicEvenUnforced() {
        CrashModel counted = model(true, true);
        counted.check(store(3, 4, 0, 0), 0, false); // a from the batch, b absent as before it
        assertEquals(List.of(), counted.violations());
        assertEquals(1, counted.halfBatches);
        assertTrue(counted.halfBatchExample.contains("acknowledged"), counted.halfBatchExample);
        CrashModel strict = model(true, true);
        strict.acknowledgedBatchesAtomic = true;
        strict.check(store(3, 4, 0, 0), 0, false);
        assertEquals(1, strict.violations().size(), strict.violations()::toString);
        assertTrue(strict.violations().get(0).contains("half there"), strict.violations()::toString);
    }

    @Test
    void theBatchInFlightMustBeWholeOrAbsentWithOsTooUnlessDeclaredOtherwise() {
        CrashModel os = model(true, false);
        os.check(store(2, 5, 3, 6), 0, false); // b from the batch, a as before it
        assertEquals(1, os.violations().size(), os.violations()::toString);
        assertTrue(os.violations().get(0).contains("in flight"), os.violations()::toString);
        CrashModel relaxed = model(true, false);
        relaxed.inFlightBatchesAtomic = false;
        relaxed.check(store(2, 5, 3, 6), 0, false);
        assertEquals(List.of(), relaxed.violations());
        assertEquals(1, relaxed.halfBatches);
        CrashModel whole = model(true, false);
        whole.check(store(3, 4, 3, 6), 0, false);
        whole.check(store(2, 5, 0, 0), 0, false);
        whole.check(store(1, 3, 0, 0), 0, false); // an older a still is no half batch: b says nothing landed
        assertEquals(List.of(), whole.violations());
        assertEquals(3, whole.inFlightChecked);
        assertEquals(1, whole.inFlightLanded);
    }

    @Test
    void statesJudgedWithoutSettlingLeaveTheModelAsItWas() {
        CrashModel sync = model(false, false);
        sync.check(store(3, 4, 3, 6), 0, false); // landed
        sync.check(store(2, 5, 0, 0), 0, false); // did not: both are fine, neither settles
        assertEquals(List.of(), sync.violations());
        sync.check(store(2, 5, 0, 0), 0, true); // settles: the batch did not land
        sync.check(store(3, 4, 3, 6), 1, true);
        assertEquals(2, sync.violations().size(), "after settling, the batch is no longer possible: " + sync.violations());
    }

    @Test
    void checkReopenedCountsDamageWhereItIsAllowed() {
        StorageManager damaged = new ForwardingStorageManager() {
            private final StorageManager delegate = CrashModelPowerLossTest.store(3, 4, 3, 6);

            @Override
            protected StorageManager delegate() {
                return delegate;
            }

            @Override
            public IntegrityReport verify() {
                return new IntegrityReport(2, 0, List.of(new IntegrityReport.Damage("a", "somewhere", "torn")));
            }
        };
        CrashModel os = model(true, true);
        os.checkReopened(damaged, 0, false, true, "the power loss");
        assertEquals(List.of(), os.violations());
        assertEquals(1, os.damageReported);
        CrashModel sync = model(false, true);
        sync.checkReopened(damaged, 0, false, false, "the power loss");
        assertEquals(1, sync.violations().size(), sync.violations()::toString);
        assertTrue(sync.violations().get(0).contains("verify() reports damage after the power loss"),
                sync.violations()::toString);
    }
}
