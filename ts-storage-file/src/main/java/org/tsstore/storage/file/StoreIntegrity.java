package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.tsstore.api.IntegrityReport;
import org.tsstore.api.RepairReport;

/**
 * {@code verify()} and {@code repair()} of the file backend.
 *
 * <p>{@link #verify} reports every {@link Held} id (naming the damaged index file and offset) and every
 * series file that does not match its index entry (read whole, checked against its CRC-32C).
 *
 * <p>{@link #repair} settles every held id by its file: one whose checksum matches an entry the id is
 * known to have had (its last surviving entry, or one salvaged from the damaged records) is kept; a
 * valid series file that nothing proves is kept too, and reported ({@link RepairReport.Outcome#REVERTED}:
 * the version served may not be the last acknowledged one); an id without a valid file is dropped. Every
 * series file that fails its entry is dropped, except a file whose entry's bytes are whole and that only
 * has bytes after them (cut back, kept). A dropped id's file is moved, never deleted, to
 * {@code damaged/} in the store directory (its path under {@code series/} kept). The order survives a kill
 * at any point: files are moved aside or completed first, then one journal record holds every change, then
 * the index is folded; until that record, the next open holds and reports what it held before, and a
 * second repair finishes the work.
 */
final class StoreIntegrity {

    /** Where repair moves the files of dropped series, under the store directory. */
    static final String DAMAGED_DIRECTORY = "damaged";

    private final Path directory;
    private final Index index;
    private final SeriesFiles files;
    private final SeriesCache cache;
    private final IoBuffers buffers;

    StoreIntegrity(Path directory, Index index, SeriesFiles files, SeriesCache cache, IoBuffers buffers) {
        this.directory = directory;
        this.index = index;
        this.files = files;
        this.cache = cache;
        this.buffers = buffers;
    }

    /**
     * Checks every held id and every series file.
     *
     * @param locks the store's locks, each id read under its own
     */
    IntegrityReport verify(StoreLocks locks) {
        IntegrityReport.Builder report = IntegrityReport.builder();
        for (String id : new TreeSet<>(index.heldIds())) {
            Held held = index.held(id);
            if (held != null) {
                report.damaged(new IntegrityReport.Damage(id, held.location(directory),
                        held.refusal(directory, id).getMessage()));
            }
        }
        for (String id : new TreeSet<>(index.ids())) {
            locks.read(id, () -> {
                IndexEntry entry = index.get(id);
                if (entry != null) {
                    SeriesFiles.Problem problem = files.check(id, entry);
                    report.checked(entry.fileBytes());
                    if (problem != null) {
                        report.damaged(new IntegrityReport.Damage(id, problem.location().toString(),
                                problem.problem()));
                    }
                }
                return null;
            });
        }
        return report.build();
    }

    /**
     * Repairs the store; the caller excludes every other operation meanwhile.
     *
     * @return what was kept and what was lost
     */
    RepairReport repair() throws IOException {
        List<Journal.Record> changes = new ArrayList<>();
        List<RepairReport.Loss> lost = new ArrayList<>();
        long kept = 0;
        long bytes = 0;
        for (String id : new TreeSet<>(index.heldIds())) {
            Held held = index.held(id);
            Path file = files.file(id);
            completeOrDiscard(id, held, file);
            String where = held.location(directory);
            SeriesReconciliation.Inspection in = Files.exists(file) ? SeriesReconciliation.inspect(file, buffers)
                    : null;
            if (in == null) {
                changes.add(new Journal.Record(id, null));
                lost.add(new RepairReport.Loss(id, where, held.problem() + "; no file holds it: dropped",
                        RepairReport.Outcome.DROPPED));
            } else if (in.entry() == null) {
                Path aside = moveAside(file);
                changes.add(new Journal.Record(id, null));
                lost.add(new RepairReport.Loss(id, where, held.problem() + "; its file " + file + " is not a valid"
                        + " series (" + in.problem() + "): dropped, the file moved to " + aside,
                        RepairReport.Outcome.DROPPED));
            } else {
                changes.add(new Journal.Record(id, in.entry()));
                if (held.candidates().contains(in.entry())) {
                    kept++;
                    bytes += 16L * in.entry().points();
                } else {
                    lost.add(new RepairReport.Loss(id, where, held.problem() + "; kept the " + in.entry().points()
                            + " points its file " + file + " holds, which no surviving checksum proves: they may"
                            + " not be the last acknowledged version", RepairReport.Outcome.REVERTED));
                }
            }
        }
        IoBuffers.IoBuffer io = buffers.take();
        try {
            for (String id : new TreeSet<>(index.ids())) {
                IndexEntry entry = index.get(id);
                SeriesFiles.Problem problem = files.check(id, entry);
                Path file = files.file(id);
                if (problem != null && problem.series() && Files.exists(file) && Files.size(file) > entry.fileBytes()
                        && TailAppend.cutBack(file, entry, io, false)) {
                    // Only bytes after the entry's end: the series itself is whole.
                    problem = files.check(id, entry);
                }
                if (problem != null && !problem.series()) {
                    // Only the block sidecar is wrong: derived data, rebuilt by the next range read.
                    files.dropBlocks(id);
                    problem = null;
                }
                if (problem == null) {
                    kept++;
                    bytes += 16L * entry.points();
                    continue;
                }
                String moved = Files.exists(file) ? "; the file moved to " + moveAside(file) : "";
                changes.add(new Journal.Record(id, null));
                lost.add(new RepairReport.Loss(id, file.toString(), problem.problem() + ": dropped" + moved,
                        RepairReport.Outcome.DROPPED));
            }
        } finally {
            buffers.give(io);
        }
        if (!changes.isEmpty()) {
            index.logBatch(changes);
            for (Journal.Record r : changes) {
                cache.invalidate(r.id());
                if (r.entry() == null) {
                    index.remove(r.id());
                    files.removed(r.id(), files.file(r.id()));
                } else {
                    index.put(r.id(), r.entry());
                    files.kept(r.id());
                }
            }
        }
        index.fold();
        return new RepairReport(kept, bytes, lost);
    }

    /** A held id's temporary file: renamed into place if a candidate proves it (a store journaled), else removed. */
    private void completeOrDiscard(String id, Held held, Path file) throws IOException {
        Path temporary = SeriesPaths.temporary(file);
        if (!Files.exists(temporary)) {
            return;
        }
        SeriesReconciliation.Inspection in = SeriesReconciliation.inspect(temporary, buffers);
        if (in.entry() != null && held.candidates().contains(in.entry())) {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            // Never renamed, so never acknowledged: a store returns after its rename.
            Files.deleteIfExists(temporary);
        }
    }

    /** Moves a dropped series' file under {@value #DAMAGED_DIRECTORY}/, keeping its path; returns where. */
    private Path moveAside(Path file) throws IOException {
        Path relative = directory.resolve(SeriesPaths.SERIES_DIRECTORY).relativize(file);
        Path target = directory.resolve(DAMAGED_DIRECTORY).resolve(relative);
        Files.createDirectories(target.getParent());
        for (int n = 1; Files.exists(target); n++) {
            target = target.resolveSibling(relative.getFileName() + "." + n);
        }
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
