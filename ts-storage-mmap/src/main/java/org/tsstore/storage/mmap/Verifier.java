package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.List;
import org.tsstore.api.IntegrityReport;
import org.tsstore.core.backend.Checksums;

/**
 * Checks records against FORMAT.md and says what is damaged, never repairing anything: all of a store for
 * {@code verify()}, and one live record on its first read. A segment is checked by the rules recovery
 * applies ({@link SegmentHeader}, {@link SegmentScanner}, {@link SegmentTail}), with every data checksum.
 * Live records that pass count as checked for later reads.
 */
final class Verifier {

    private final KeyDirectory keys;
    private final DamagePolicy damage;

    Verifier(KeyDirectory keys, DamagePolicy damage) {
        this.keys = keys;
        this.damage = damage;
    }

    /**
     * Checks every record of the segments, live or dead, in log order (the last one is the newest).
     *
     * @return store records checked, their bytes, and each damaged record or stretch
     */
    IntegrityReport verify(List<Segment> segments) throws IOException {
        IntegrityReport.Builder report = IntegrityReport.builder();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        for (int i = 0; i < segments.size(); i++) {
            verifySegment(segments.get(i), i == segments.size() - 1, buffer, report);
        }
        IntegrityReport built = report.build();
        IntegrityReport.Damage lost = damage.reportedDamage();
        if (built.isClean() && lost != null) {
            // what recovery found must be reported even if the scan above no longer sees it
            report.damaged(lost);
        }
        for (IntegrityReport.Damage d : damage.foundDamage()) {
            if (built.damage().stream().noneMatch(r -> r.location().equals(d.location()))) {
                report.damaged(d); // found by compaction, where the scan no longer sees it
            }
        }
        return report.build();
    }

    private void verifySegment(Segment s, boolean newest, ByteBuffer buffer, IntegrityReport.Builder report)
            throws IOException {
        FileChannel ch = s.channel();
        SegmentHeader header = SegmentHeader.read(ch);
        if (!header.valid()) {
            report.damaged(new IntegrityReport.Damage("", s + " at offset 0",
                    "the segment header is missing or damaged; records in the segment may have been lost"));
            if (!header.complete()) {
                return;
            }
        }
        int witness = header.witness();
        // a segment recovery found damaged was left as it was: check all of it
        long limit = s.damaged ? ch.size() : s.end;
        SegmentScanner scanner = new SegmentScanner(new SegmentReader(ch, limit, buffer));
        long[] damagedRecord = {-1};
        boolean[] witnessReached = {false};
        SegmentScanner.End end = scanner.scan(RecordFormat.SEGMENT_HEADER_BYTES, true, new SegmentScanner.Visitor() {
            @Override
            public void record(RecordHeader r) {
                witnessReached[0] |= RecordFormat.witnessOf(r.end()) == witness;
                if (!r.holdsPoints()) {
                    return;
                }
                report.checked(r.length);
                KeyDirectory.Entry e = keys.get(r.id);
                // a chain counts as checked when read (its records may lie in several segments)
                if (e != null && e.chain() == null && e.segment == s && e.offset() == r.offset
                        && damagedRecord[0] != r.offset) {
                    keys.markVerified(e);
                }
            }

            @Override
            public void damaged(long from, long to, String id, String problem) {
                damagedRecord[0] = from;
                // a stretch the scan reported (and accounted for) reaches the witnessed end too
                witnessReached[0] |= RecordFormat.witnessOf(to) == witness;
                report.damaged(new IntegrityReport.Damage(id == null ? "" : id, s + " at offset " + from,
                        problem + " (" + (to - from) + " bytes)"));
            }
        });
        if (end.kind == SegmentScanner.EndKind.TORN || !s.damaged && end.offset != s.end) {
            report.damaged(new IntegrityReport.Damage("", s + " at offset " + end.offset,
                    "no valid record in the " + (limit - end.offset) + " bytes up to the end of the segment"));
        }
        String lost = SegmentTail.lost(s, newest, end, witness, witnessReached[0]);
        if (lost != null) {
            report.damaged(new IntegrityReport.Damage("", s + " at offset " + end.offset, lost));
        }
    }

    /**
     * The first-read check of a live series: each of its records (one, or a store record and its extents)
     * is checked by {@link #checkRecord}.
     *
     * @throws org.tsstore.api.StorageException saying what is damaged (see {@link DamagePolicy#damagedRecord})
     */
    static void checkRecords(KeyDirectory.Entry e, boolean checkData) throws IOException, SegmentRetiredException {
        Extents chain = e.chain();
        if (chain == null) {
            checkRecord(e, e.segment, e.offset(), RecordFormat.STORE, e.size, checkData);
            return;
        }
        for (int k = 0; k < chain.count; k++) {
            checkRecord(e, chain.segment(k), chain.offset(k), k == 0 ? RecordFormat.STORE : RecordFormat.EXTENT,
                    chain.points(k), checkData);
        }
    }

    /**
     * The first-read check of one record of a live series: its header must decode and match the entry
     * (kind, id, points) and its end mark be in place; with {@code checkData} its data checksum must match
     * too.
     */
    private static void checkRecord(KeyDirectory.Entry e, Segment s, long offset, byte kind, int points,
            boolean checkData) throws IOException, SegmentRetiredException {
        int headerLength = RecordFormat.headerLength(SeriesIdBytes.length(e.id));
        byte[] bytes = new byte[headerLength];
        s.read(offset, bytes, headerLength);
        RecordHeader h;
        try {
            h = RecordHeader.decode(bytes, headerLength, offset);
        } catch (CorruptRecordException ex) {
            throw DamagePolicy.damagedRecord(e.id, s, offset, "its header is damaged: " + ex.getMessage());
        }
        if (h.kind != kind || !h.id.equals(e.id) || h.points != points) {
            throw DamagePolicy.damagedRecord(e.id, s, offset, "it holds " + h + " instead");
        }
        byte[] trailer = new byte[RecordFormat.TRAILER_BYTES];
        s.read(h.trailerOffset(), trailer, trailer.length);
        ByteBuffer t = ByteBuffer.wrap(trailer).order(ByteOrder.LITTLE_ENDIAN);
        if (t.getInt(4) != RecordFormat.END_MARK) {
            throw DamagePolicy.damagedRecord(e.id, s, offset, "its end mark is missing");
        }
        if (checkData) {
            int computed = s.crc(h.dataOffset(), h.trailerOffset());
            if (computed != t.getInt(0)) {
                throw DamagePolicy.damagedRecord(e.id, s, offset, "its data fails the checksum (stored "
                        + Checksums.hex(t.getInt(0))
                        + ", computed " + Checksums.hex(computed) + ")");
            }
        }
    }
}
