package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** A damaged stretch of one segment, for refusing the live series whose records it holds. */
    private static final class Stretch {
        final long from;
        final long to;
        final String problem;

        Stretch(long from, long to, String problem) {
            this.from = from;
            this.to = to;
            this.problem = problem;
        }
    }

    /**
     * Checks every record of the segments, live or dead, in log order (the last one is the newest). Never throws
     * for damage: a file cut short, unreadable or gone is reported like any other. A live series with a record in
     * damaged bytes is refused from then on ({@link DamagePolicy#found}), even if it was read intact before.
     *
     * @return store records checked, their bytes, and each damaged record or stretch
     */
    IntegrityReport verify(List<Segment> segments) {
        IntegrityReport.Builder report = IntegrityReport.builder();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        Map<Segment, List<Stretch>> damaged = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            List<Stretch> stretches = new ArrayList<>();
            try {
                verifySegment(s, i == segments.size() - 1, buffer, report, stretches);
            } catch (IOException e) {
                String problem = "segment file " + s + " cannot be read to its end: " + e;
                report.damaged(new IntegrityReport.Damage("", s.toString(), problem));
                stretches.add(new Stretch(0, Long.MAX_VALUE, problem));
            }
            if (!stretches.isEmpty()) {
                damaged.put(s, stretches);
            }
        }
        IntegrityReport built = report.build();
        refuseDamagedLiveSeries(damaged);
        IntegrityReport.Damage lost = damage.reportedDamage();
        if (built.isClean() && lost != null) {
            // what recovery found must be reported even if the scan above no longer sees it
            report.damaged(lost);
        }
        for (IntegrityReport.Damage d : damage.foundDamage()) {
            if (built.damage().stream().noneMatch(r -> r.location().equals(d.location()) && r.id().equals(d.id()))) {
                report.damaged(d); // a live series in damaged bytes, or one compaction found damaged
            }
        }
        return report.build();
    }

    /** Refuses from now on every live series with a record in a damaged stretch. */
    private void refuseDamagedLiveSeries(Map<Segment, List<Stretch>> damaged) {
        if (damaged.isEmpty()) {
            return;
        }
        for (KeyDirectory.Entry e : keys.entries()) {
            Extents chain = e.chain();
            int idLength = SeriesIdBytes.length(e.id);
            records:
            for (int k = 0; k < e.records(); k++) {
                Segment s = chain == null ? e.segment : chain.segment(k);
                List<Stretch> stretches = damaged.get(s);
                if (stretches == null) {
                    continue;
                }
                long from = chain == null ? e.offset() : chain.offset(k);
                long to = from + RecordFormat.recordLength(idLength, chain == null ? e.size : chain.points(k));
                for (Stretch d : stretches) {
                    if (from < d.to && d.from < to) {
                        damage.found(e, "its record at offset " + from + " of segment file " + s + " lies in damaged"
                                + " bytes: " + d.problem);
                        break records;
                    }
                }
            }
        }
    }

    private void verifySegment(Segment s, boolean newest, ByteBuffer buffer, IntegrityReport.Builder report,
            List<Stretch> stretches) throws IOException {
        FileChannel ch = s.channel();
        long size = ch.size();
        if (!Files.exists(s.path)) {
            String problem = "segment file " + s + " is gone from the directory: its records are still read through"
                    + " the file this store holds open, and are lost once it closes";
            report.damaged(new IntegrityReport.Damage("", s.toString(), problem));
            stretches.add(new Stretch(0, Long.MAX_VALUE, problem));
        }
        SegmentHeader header = SegmentHeader.read(ch);
        if (!header.valid()) {
            report.damaged(new IntegrityReport.Damage("", s + " at offset 0",
                    "the segment header is missing or damaged; records in the segment may have been lost"));
            if (!header.complete()) {
                stretches.add(new Stretch(0, Long.MAX_VALUE, "segment file " + s + " is " + size + " bytes long"));
                return;
            }
        }
        int witness = header.witness();
        // a segment recovery found damaged was left as it was: check all of it
        long limit = s.damaged ? size : s.end;
        if (size < limit) {
            String problem = "segment file " + s + " ends at offset " + size + ", before the end " + limit
                    + " of its records: it was cut short, and what lay after offset " + size + " is lost";
            report.damaged(new IntegrityReport.Damage("", s + " at offset " + size, problem));
            stretches.add(new Stretch(size, Long.MAX_VALUE, problem));
            limit = size;
        }
        long end = limit;
        SegmentScanner scanner = new SegmentScanner(new SegmentReader(ch, limit, buffer));
        long[] damagedRecord = {-1};
        boolean[] witnessReached = {false};
        SegmentScanner.End scanned = scanner.scan(RecordFormat.SEGMENT_HEADER_BYTES, true, new SegmentScanner.Visitor() {
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
                String what = problem + " (" + (to - from) + " bytes)";
                report.damaged(new IntegrityReport.Damage(id == null ? "" : id, s + " at offset " + from, what));
                stretches.add(new Stretch(from, to, "segment file " + s + " at offset " + from + ": " + what));
            }
        });
        if (scanned.kind == SegmentScanner.EndKind.TORN || !s.damaged && scanned.offset != s.end && end == s.end) {
            String problem = "no valid record in the " + (end - scanned.offset) + " bytes up to the end of the segment";
            report.damaged(new IntegrityReport.Damage("", s + " at offset " + scanned.offset, problem));
            stretches.add(new Stretch(scanned.offset, Long.MAX_VALUE, "segment file " + s + " at offset "
                    + scanned.offset + ": " + problem));
        }
        String lost = SegmentTail.lost(s, newest, scanned, witness, witnessReached[0]);
        if (lost != null) {
            report.damaged(new IntegrityReport.Damage("", s + " at offset " + scanned.offset, lost));
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
     * The first-read check of one record of a live series: the segment file must still reach the record's end
     * (a file cut short by another process would fault, or read as zeros, through the mapping), its header must
     * decode and match the entry (kind, id, points) and its end mark be in place; with {@code checkData} its
     * data checksum must match too.
     */
    private static void checkRecord(KeyDirectory.Entry e, Segment s, long offset, byte kind, int points,
            boolean checkData) throws IOException, SegmentRetiredException {
        int headerLength = RecordFormat.headerLength(SeriesIdBytes.length(e.id));
        long end = offset + RecordFormat.recordLength(SeriesIdBytes.length(e.id), points);
        long size = s.fileSize();
        if (size < end) {
            throw DamagePolicy.damagedRecord(e.id, s, offset, "the segment file ends at offset " + size
                    + ", before the record's end at " + end + ": it was cut short");
        }
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
