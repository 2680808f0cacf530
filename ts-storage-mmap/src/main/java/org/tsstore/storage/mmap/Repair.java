package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tsstore.api.RepairReport;

/**
 * {@code repair()} of an mmap store (FORMAT.md, "Repair"): reads every segment to the end of its file past any
 * damage ({@link RepairScan}), keeps every series whose records hold (reverting or dropping the damaged ones),
 * copies what it keeps into new segments checked record by record ({@link Compaction}), then replaces the log
 * with them: the copies are renamed into place (numbered above every old segment, so they win over anything
 * left of the old ones), the key directory is rebuilt from them, the old segments are deleted oldest first, and
 * a hint is written. A crash at any moment leaves a store that opens: before the copies are in place, as it was
 * (the damage still reported); after, every id either as the repair left it or, while old segments remain, as
 * it was before. Runs with the write lock held and no compaction running; readers are not blocked.
 */
final class Repair {

    private final Path directory;
    private final MmapConfig config;
    private final KeyDirectory keys;
    private final DamagePolicy damage;
    private final SegmentLog log;
    private final CrashPoints crashPoints;

    Repair(Path directory, MmapConfig config, KeyDirectory keys, DamagePolicy damage, SegmentLog log,
            CrashPoints crashPoints) {
        this.directory = directory;
        this.config = config;
        this.keys = keys;
        this.damage = damage;
        this.log = log;
        this.crashPoints = crashPoints;
    }

    private void crash(String step) throws IOException {
        crashPoints.reached("repair " + step);
    }

    /** Repairs; the caller holds the write lock and the compaction lock. */
    RepairReport run() throws IOException {
        RepairScan scan = new RepairScan();
        scan.scan(log.segments());
        RecordCopier checker = new RecordCopier(new RecordWriter(RecordWriter.MIN_BUFFER_BYTES));
        for (KeyDirectory.Entry e : keys.entries()) {
            if (scan.keeps(e)) {
                continue;
            }
            if (damage.servable(e) && checker.check(e) == null) {
                scan.keepServed(e); // what the store serves, and holds: kept as it is
            } else {
                scan.lostServedVersion(e); // the version the store served is gone: say so, naming the id
            }
        }
        List<KeyDirectory.Entry> salvaged = scan.salvaged();
        Compaction copy = new Compaction(directory, config, () -> false);
        long bytes = 0;
        int folds = 0;
        for (KeyDirectory.Entry e : salvaged) {
            bytes += Compaction.copyLength(e);
            folds += e.chain() == null ? 0 : 1;
        }
        int segments = copy.segmentsAtMost(salvaged.size(), bytes);
        SegmentLog.CompactionStart start = log.beginCompaction(salvaged, segments, segments + (long) folds);
        crash("started");
        try {
            copy.run(Compaction.inLogOrder(salvaged), start.firstNumber, start.numberLimit, start.firstSequence,
                    start.sequenceLimit);
            crash("copied");
            copy.publish();
        } catch (IOException | RuntimeException | Error e) {
            copy.discard();
            throw e;
        }
        crash("published");
        Map<String, String> failed = new HashMap<>();
        for (Compaction.Damaged d : copy.damaged()) {
            failed.put(d.entry.id, d.problem); // damaged since the scan read it: dropped
        }
        log.insertCopies(start, copy.segments());
        Set<String> kept = new HashSet<>();
        for (Compaction.Moved m : copy.moved()) {
            keys.put(m.to);
            kept.add(m.to.id);
        }
        for (KeyDirectory.Entry e : keys.entries()) {
            if (!kept.contains(e.id)) {
                keys.remove(e.id);
            }
        }
        List<Segment> dropped = log.finishCompaction(start, keys, null);
        damage.clear();
        crash("switched");
        SegmentLog.delete(directory, dropped, crashPoints);
        log.flush(keys, true);
        crash("finished");
        long seriesKept = 0;
        long bytesKept = 0;
        for (Compaction.Moved m : copy.moved()) {
            if (scan.keptWhole(m.to.id)) {
                seriesKept++;
                bytesKept += 16L * m.to.size;
            }
        }
        return new RepairReport(seriesKept, bytesKept, scan.losses(failed));
    }
}
