package org.tsstore.storage.file;

import java.io.IOException;
import java.lang.System.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tsstore.api.SeriesIds;

/**
 * Opens a store's index: reads the snapshot and the journal, works out what may have been lost, then has
 * {@link SeriesReconciliation} check the index against the series directory and repair what a crash can
 * leave behind, logging every repair (the cases are listed in the {@linkplain org.tsstore.storage.file
 * package documentation}).
 *
 * <p>What may have been lost is kept as <b>losses</b>, each at a position in the index's order: the
 * snapshot's entries are at position 0, a journal record at its offset. A damaged or missing snapshot is a
 * loss at 0; lost journal records ({@link JournalReader}) are a loss at their offset; a missing or
 * unreadable journal beside a snapshot is a loss after everything. An id whose last surviving record comes
 * after every loss is <i>proven</i>: its state is known and the ordinary crash rules apply to it. Any other
 * id may have had records among the lost ones, and only its own file, checked against an entry it is known
 * to have had, can prove its state; otherwise it is {@link Held}.
 */
final class IndexRecovery {

    /** Where every id is when the journal or the snapshot cannot say: after every record. */
    static final long EVERYWHERE = Long.MAX_VALUE;

    /**
     * The index as recovered.
     *
     * @param entries the entries by id
     * @param held the ids refused until they are stored again or the store is repaired
     * @param generation the generation of the snapshot and journal read
     * @param mustFold whether the state must be folded into a new snapshot before use
     * @param journal what the journal held
     * @param repairs what was repaired or reported
     */
    record Recovered(Map<String, IndexEntry> entries, Map<String, Held> held, long generation, boolean mustFold,
            Journal.Contents journal, List<Repair> repairs) {}

    /**
     * Something that may have taken records with it.
     *
     * @param position where in the index's order: 0 for the snapshot, a journal offset, or {@link #EVERYWHERE}
     * @param file the damaged file, relative to the store directory
     * @param offset where the damage starts in the file, or -1
     * @param problem what is wrong
     */
    record Loss(long position, String file, long offset, String problem) {}

    /** What the index side of recovery found, for {@link SeriesReconciliation}. */
    static final class Found {
        final Map<String, IndexEntry> entries = new HashMap<>();
        final Map<String, Held> held = new HashMap<>();
        /** Ids whose last surviving record is a delete. */
        final Set<String> deleted = new HashSet<>();
        /** Where each id's last surviving record is. */
        final Map<String, Long> positions = new HashMap<>();
        final List<Loss> losses = new ArrayList<>();
        /** Changes salvaged from lost journal records, by id: their records were cut. */
        final Map<String, List<IndexEntry>> cut = new HashMap<>();
        /** Entries salvaged from a damaged snapshot, by id: candidates only. */
        final Map<String, IndexEntry> salvaged = new HashMap<>();

        /** Whether an id's state is known: its last surviving record comes after every loss. */
        boolean proven(String id) {
            if (losses.isEmpty()) {
                return true;
            }
            long last = positions.getOrDefault(id, -1L);
            for (Loss l : losses) {
                if (l.position() >= last) {
                    return false;
                }
            }
            return true;
        }

        /** The first loss that may hold records of an id. */
        Loss lossOf(String id) {
            long last = positions.getOrDefault(id, -1L);
            for (Loss l : losses) {
                if (l.position() >= last) {
                    return l;
                }
            }
            return losses.get(losses.size() - 1);
        }
    }

    private final Path directory;
    private final IoBuffers buffers;
    private final Logger log;
    private final List<Repair> repairs = new ArrayList<>();
    private final Found found = new Found();

    private IndexRecovery(Path directory, IoBuffers buffers, Logger log) {
        this.directory = directory;
        this.buffers = buffers;
        this.log = log;
    }

    /**
     * Recovers the index of a store directory, repairing what needs it.
     *
     * @param directory the store directory, locked by the caller
     * @param buffers I/O buffers for reading series files
     * @param log where repairs are logged
     */
    static Recovered recover(Path directory, IoBuffers buffers, Logger log) throws IOException {
        return new IndexRecovery(directory, buffers, log).run();
    }

    private Recovered run() throws IOException {
        Files.createDirectories(directory.resolve(SeriesPaths.SERIES_DIRECTORY));
        Path snapshotFile = directory.resolve(IndexSnapshot.FILE_NAME);
        Path journalFile = directory.resolve(Journal.FILE_NAME);
        long generation = 0;
        boolean snapshotPresent = Files.exists(snapshotFile);
        IndexSnapshot.Contents snapshot = null;
        if (snapshotPresent) {
            try {
                snapshot = IndexSnapshot.read(snapshotFile);
                generation = snapshot.generation();
            } catch (SeriesFileException e) {
                Path aside = keepAside(snapshotFile);
                IndexSnapshot.Contents salvage = IndexSnapshot.salvage(snapshotFile);
                found.salvaged.putAll(salvage.entries());
                salvage.held().forEach((id, h) -> found.held.put(id, h));
                lose(0, IndexSnapshot.FILE_NAME, -1, Repair.Kind.SNAPSHOT_DAMAGED, snapshotFile, e.getMessage()
                        + "; kept as " + aside + "; its entries are lost, and an id whose file its salvaged entry"
                        + " (" + salvage.entries().size() + " read) does not prove is held");
            }
        }
        Journal.Contents journal = Journal.read(journalFile);
        boolean mustFold = !journal.records().isEmpty() || journal.tail() != Journal.Tail.CLEAN || journal.legacy();
        boolean useSnapshot = snapshot != null;
        switch (journal.state()) {
            case ABSENT:
            case TORN:
                // A new store needs no snapshot until it holds something.
                mustFold = snapshotPresent;
                if (snapshotPresent) {
                    lose(EVERYWHERE, Journal.FILE_NAME, -1, journal.state() == Journal.HeaderState.ABSENT
                            ? Repair.Kind.JOURNAL_MISSING : Repair.Kind.JOURNAL_TORN, journalFile,
                            journal.state() == Journal.HeaderState.ABSENT ? "the snapshot has no journal beside it"
                                    : journal.problem() + " (a fold was cut short, or the journal was cut)");
                }
                break;
            case DAMAGED:
                mustFold = true;
                cut(journal.salvaged());
                lose(EVERYWHERE, Journal.FILE_NAME, 0, Repair.Kind.JOURNAL_DAMAGED, journalFile, journal.problem()
                        + "; kept as " + keepAside(journalFile));
                break;
            case VALID:
                if (snapshot != null && journal.generation() < generation) {
                    report(Repair.Kind.JOURNAL_STALE, "", journalFile, "the journal (generation "
                            + journal.generation() + ") is older than the snapshot (generation " + generation
                            + "): a fold was interrupted; its records are already in the snapshot");
                    mustFold = true;
                    break;
                }
                if (snapshot == null && journal.generation() > 0 && !snapshotPresent) {
                    lose(0, IndexSnapshot.FILE_NAME, -1, Repair.Kind.SNAPSHOT_MISSING, snapshotFile,
                            "the journal continues snapshot generation " + journal.generation()
                                    + ", which is missing; its entries are lost");
                }
                if (snapshot != null && journal.generation() > generation) {
                    // A journal newer than its snapshot: the snapshot is not the one it continues.
                    useSnapshot = false;
                    found.salvaged.putAll(snapshot.entries());
                    lose(0, IndexSnapshot.FILE_NAME, -1, Repair.Kind.SNAPSHOT_DAMAGED, snapshotFile, "the snapshot"
                            + " (generation " + generation + ") is older than the journal (generation "
                            + journal.generation() + "); its entries are candidates only");
                }
                generation = Math.max(generation, journal.generation());
                if (useSnapshot) {
                    load(snapshot);
                    useSnapshot = false;
                }
                replay(journal);
                if (journal.tail() == Journal.Tail.TORN) {
                    report(Repair.Kind.JOURNAL_TORN, "", journalFile, journal.problem()
                            + ", after the last record written whole: a store or delete that never returned; ignored"
                            + " and cut off");
                } else if (journal.tail() == Journal.Tail.DAMAGED) {
                    Path aside = keepAside(journalFile);
                    cut(journal.salvaged());
                    for (Journal.Loss l : journal.losses()) {
                        lose(l.from(), Journal.FILE_NAME, l.from(), Repair.Kind.JOURNAL_DAMAGED, journalFile,
                                l.problem() + "; kept as " + aside);
                    }
                }
                break;
            default:
                throw new AssertionError(journal.state());
        }
        if (useSnapshot) {
            load(snapshot);
        }
        SeriesReconciliation reconciliation = new SeriesReconciliation(directory, buffers, found, this::report);
        reconciliation.run();
        reconciliation.forceChanges();
        for (Repair r : repairs) {
            if (r.kind().changesState()) {
                mustFold = true;
            }
        }
        return new Recovered(found.entries, found.held, generation, mustFold, journal, List.copyOf(repairs));
    }

    private void load(IndexSnapshot.Contents snapshot) {
        found.entries.putAll(snapshot.entries());
        found.held.putAll(snapshot.held());
        for (String id : snapshot.entries().keySet()) {
            found.positions.put(id, 0L);
        }
    }

    private void replay(Journal.Contents journal) {
        List<Journal.Record> records = journal.records();
        for (int i = 0; i < records.size(); i++) {
            Journal.Record r = records.get(i);
            found.held.remove(r.id());
            found.positions.put(r.id(), journal.offsets().get(i));
            if (r.entry() == null) {
                found.entries.remove(r.id());
                found.deleted.add(r.id());
            } else {
                found.entries.put(r.id(), r.entry());
                found.deleted.remove(r.id());
            }
        }
    }

    /** Notes the ids whose records were among the lost ones, with the entries they still name. */
    private void cut(List<Journal.Record> salvaged) {
        for (Journal.Record r : salvaged) {
            List<IndexEntry> entries = found.cut.computeIfAbsent(r.id(), k -> new ArrayList<>());
            if (r.entry() != null && !entries.contains(r.entry())) {
                entries.add(r.entry());
            }
        }
    }

    private void lose(long position, String file, long offset, Repair.Kind kind, Path path, String detail) {
        found.losses.add(new Loss(position, file, offset, detail));
        report(kind, "", path, detail);
    }

    private Path keepAside(Path file) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".damaged");
        Files.copy(file, aside, StandardCopyOption.REPLACE_EXISTING);
        return aside;
    }

    private void report(Repair.Kind kind, String id, Path file, String detail) {
        Repair r = new Repair(kind, id, file, detail);
        repairs.add(r);
        log.log(kind.level(), () -> "store " + directory + ": " + kind + (id.isEmpty() ? "" : " series "
                + SeriesIds.quote(id)) + ", " + file + ": " + detail);
    }
}
