package org.tsstore.storage.mmap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchGate} alone, on record headers decoded from {@link RecordModel}'s bytes: records of a batch
 * pass only with a matching commit, an open batch says where it began, and a broken one is one damaged
 * stretch from its begin record.
 */
class BatchGateTest {

    private static final double[] T = {1.0};
    private static final double[] V = {2.0};

    /** What the gate handed on, as "record kind@offset" and "damaged from-to" lines. */
    private final List<String> seen = new ArrayList<>();
    private final BatchGate gate = new BatchGate(new SegmentScanner.Visitor() {
        @Override
        public void record(RecordHeader header) {
            seen.add("record " + header.kind + "@" + header.offset);
        }

        @Override
        public void damaged(long from, long to, String id, String problem) {
            seen.add("damaged " + from + "-" + to + (id == null ? "" : " " + id));
        }
    });

    private static RecordHeader header(byte[] record, long offset) throws CorruptRecordException {
        return RecordHeader.decode(record, record.length, offset);
    }

    private static RecordHeader frame(int kind, int count, long offset) throws CorruptRecordException {
        return header(RecordModel.frame(kind, count, 0), offset);
    }

    private static RecordHeader store(String id, long offset) throws CorruptRecordException {
        return header(RecordModel.record(1, id, T, V, 0), offset);
    }

    @Test
    void recordsOutsideABatchPassAtOnce() throws CorruptRecordException {
        gate.record(store("a", 16), null);
        gate.record(store("b", 72), "data checksum mismatch");
        assertEquals(List.of("record 1@16", "damaged 72-128 b", "record 1@72"), seen);
        assertEquals(-1, gate.openAt());
    }

    @Test
    void aCommittedBatchPassesWholeAtItsCommit() throws CorruptRecordException {
        gate.record(frame(5, 2, 16), null);
        gate.record(store("a", 48), null);
        gate.record(store("b", 104), null);
        assertEquals(List.of(), seen, "nothing before the commit");
        assertEquals(16, gate.openAt());
        gate.record(frame(6, 2, 160), null);
        assertEquals(List.of("record 5@16", "record 1@48", "record 1@104", "record 6@160"), seen);
        assertEquals(-1, gate.openAt());
    }

    @Test
    void anOpenBatchIsHeldBack() throws CorruptRecordException {
        gate.record(store("a", 16), null);
        gate.record(frame(5, 3, 72), null);
        gate.record(store("b", 104), null);
        assertEquals(List.of("record 1@16"), seen);
        assertEquals(72, gate.openAt());
    }

    @Test
    void aCommitWithAnotherCountBreaksTheBatch() throws CorruptRecordException {
        gate.record(frame(5, 2, 16), null);
        gate.record(store("a", 48), null);
        gate.record(frame(6, 3, 104), null);
        assertEquals(List.of("damaged 16-104", "record 6@104"), seen);
        assertEquals(-1, gate.openAt());
    }

    @Test
    void damageInsideABatchBreaksItFromItsBegin() throws CorruptRecordException {
        gate.record(frame(5, 2, 16), null);
        gate.record(store("a", 48), null);
        gate.damaged(104, 160, "b", "no end mark");
        gate.record(store("c", 160), null);
        assertEquals(List.of("damaged 16-160", "record 1@160"), seen);
        assertEquals(-1, gate.openAt());
    }

    @Test
    void aNewBeginInsideABatchBreaksTheFirst() throws CorruptRecordException {
        gate.record(frame(5, 2, 16), null);
        gate.record(store("a", 48), null);
        gate.record(frame(5, 2, 104), null);
        assertEquals(List.of("damaged 16-104"), seen);
        assertEquals(104, gate.openAt());
    }
}
