package org.tsstore.storage.mmap;

import java.util.ArrayList;
import java.util.List;

/**
 * Holds back the records of a batch until its commit record (FORMAT.md, "Batches"): between a begin
 * record and the commit record that closes it, complete records are kept, and handed to the visitor,
 * frame records included, only when the commit arrives with the count the begin announced. A batch that
 * is still open when the scan ends is a write a crash cut short: {@link #openAt()} says where it began,
 * and the segment's records end there. A batch broken by damage, or by a record the writer never puts
 * inside one (another begin, a seal, more records than announced), is reported as one damaged stretch
 * from its begin record. One per scan.
 */
final class BatchGate {

    private final SegmentScanner.Visitor visitor;
    private RecordHeader begin;
    private final List<RecordHeader> held = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    BatchGate(SegmentScanner.Visitor visitor) {
        this.visitor = visitor;
    }

    /** The offset of the begin record of the batch still open, or -1 when none is. */
    long openAt() {
        return begin == null ? -1 : begin.offset;
    }

    /**
     * A complete record in file order.
     *
     * @param dataProblem why its data fails the checksum, or {@code null}
     */
    void record(RecordHeader h, String dataProblem) {
        if (begin == null) {
            if (h.kind == RecordFormat.BATCH_BEGIN) {
                begin = h;
            } else {
                deliver(h, dataProblem);
            }
            return;
        }
        if (h.kind == RecordFormat.BATCH_COMMIT && h.points == begin.points && held.size() == begin.points) {
            visitor.record(begin);
            for (int i = 0; i < held.size(); i++) {
                deliver(held.get(i), problems.get(i));
            }
            visitor.record(h);
            drop();
            return;
        }
        if (h.kind == RecordFormat.BATCH_BEGIN || h.kind == RecordFormat.BATCH_COMMIT
                || h.kind == RecordFormat.SEAL || held.size() == begin.points) {
            broken(h.offset, "its records are followed by " + h + " instead of its commit record");
            record(h, dataProblem);
            return;
        }
        held.add(h);
        problems.add(dataProblem);
    }

    /**
     * A damaged stretch {@code [from, to)}: inside an open batch the batch is reported broken from its
     * begin record to {@code to}; otherwise the stretch goes to the visitor as it is.
     */
    void damaged(long from, long to, String id, String problem) {
        if (begin == null) {
            visitor.damaged(from, to, id, problem);
        } else {
            broken(to, "damaged bytes " + from + " to " + to + " inside it (" + problem + ")");
        }
    }

    private void broken(long to, String why) {
        long from = begin.offset;
        String problem = "the batch of " + begin.points + " records opened at offset " + from + " is broken: " + why;
        drop();
        visitor.damaged(from, to, null, problem);
    }

    private void deliver(RecordHeader h, String dataProblem) {
        if (dataProblem != null) {
            visitor.damaged(h.offset, h.end(), h.id, dataProblem);
        }
        visitor.record(h);
    }

    private void drop() {
        begin = null;
        held.clear();
        problems.clear();
    }
}
