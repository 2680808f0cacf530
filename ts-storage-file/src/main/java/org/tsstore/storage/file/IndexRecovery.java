package org.tsstore.storage.file;

import java.io.IOException;
import java.lang.System.Logger;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tsstore.api.SeriesIds;

/**
 * Opens a store's index: reads the snapshot and the journal, then checks the index against the series
 * directory and repairs what a crash can leave behind, logging every repair (the cases are listed in the
 * {@linkplain org.tsstore.storage.file package documentation}). When the journal or the snapshot is damaged
 * or missing the index may be incomplete, so every file is read and the index follows the files where
 * they differ.
 */
final class IndexRecovery {

    /**
     * The index as recovered.
     *
     * @param entries the entries by id
     * @param missing the ids whose files are missing
     * @param generation the generation of the snapshot and journal read
     * @param mustFold whether the state must be folded into a new snapshot before use
     * @param journal what the journal held
     * @param repairs what was repaired or reported
     */
    record Recovered(Map<String, IndexEntry> entries, Set<String> missing, long generation, boolean mustFold,
            Journal.Contents journal, List<Repair> repairs) {}

    private static final int MAX_DEPTH = 1 + (2 * org.tsstore.api.SeriesIds.MAX_UTF8_BYTES + SeriesPaths.CHUNK - 1)
            / SeriesPaths.CHUNK;

    private final Path directory;
    private final Path seriesDirectory;
    private final IoBuffers buffers;
    private final Logger log;
    private final List<Repair> repairs = new ArrayList<>();
    private final Map<String, IndexEntry> entries = new HashMap<>();
    private final Set<String> deleted = new HashSet<>();
    private boolean distrust;

    private IndexRecovery(Path directory, IoBuffers buffers, Logger log) {
        this.directory = directory;
        this.seriesDirectory = directory.resolve(SeriesPaths.SERIES_DIRECTORY);
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
        Files.createDirectories(seriesDirectory);
        Path snapshotFile = directory.resolve(IndexSnapshot.FILE_NAME);
        Path journalFile = directory.resolve(Journal.FILE_NAME);
        long generation = 0;
        boolean snapshotPresent = Files.exists(snapshotFile);
        boolean snapshotRead = false;
        if (snapshotPresent) {
            try {
                IndexSnapshot.Contents s = IndexSnapshot.read(snapshotFile);
                entries.putAll(s.entries());
                generation = s.generation();
                snapshotRead = true;
            } catch (SeriesFileException e) {
                Path aside = keepAside(snapshotFile);
                report(Repair.Kind.SNAPSHOT_DAMAGED, "", snapshotFile, e.getMessage() + "; kept as " + aside
                        + "; the index is rebuilt from the journal and the series files");
                distrust = true;
            }
        }
        Journal.Contents journal = Journal.read(journalFile);
        boolean mustFold = !journal.records().isEmpty() || journal.tail() != Journal.Tail.CLEAN;
        switch (journal.state()) {
            case ABSENT:
            case TORN:
                // A new store needs no snapshot until it holds something.
                mustFold = snapshotPresent || !entries.isEmpty();
                if (snapshotPresent && journal.state() == Journal.HeaderState.ABSENT) {
                    report(Repair.Kind.JOURNAL_MISSING, "", journalFile, "the snapshot has no journal beside it;"
                            + " records since the snapshot may be lost, so every series file is re-checked");
                    distrust = true;
                }
                break;
            case DAMAGED:
                mustFold = true;
                report(Repair.Kind.JOURNAL_DAMAGED, "", journalFile, journal.problem() + "; kept as "
                        + keepAside(journalFile) + "; every series file is re-checked");
                distrust = true;
                break;
            case VALID:
                if (snapshotRead && journal.generation() < generation) {
                    report(Repair.Kind.JOURNAL_STALE, "", journalFile, "the journal (generation "
                            + journal.generation() + ") is older than the snapshot (generation " + generation
                            + "): a fold was interrupted; its records are already in the snapshot");
                    mustFold = true;
                    break;
                }
                if (!snapshotRead && journal.generation() > 0 && !snapshotPresent) {
                    report(Repair.Kind.SNAPSHOT_MISSING, "", snapshotFile, "the journal continues snapshot generation "
                            + journal.generation() + ", which is missing; the index is rebuilt from the journal and"
                            + " the series files");
                    distrust = true;
                }
                if (snapshotRead && journal.generation() > generation) {
                    // A journal newer than its snapshot: the snapshot is not the one it continues.
                    report(Repair.Kind.SNAPSHOT_DAMAGED, "", snapshotFile, "the snapshot (generation " + generation
                            + ") is older than the journal (generation " + journal.generation()
                            + "); every series file is re-checked");
                    distrust = true;
                }
                generation = Math.max(generation, journal.generation());
                for (Journal.Record r : journal.records()) {
                    if (r.entry() == null) {
                        entries.remove(r.id());
                        deleted.add(r.id());
                    } else {
                        entries.put(r.id(), r.entry());
                        deleted.remove(r.id());
                    }
                }
                if (journal.tail() == Journal.Tail.TORN) {
                    report(Repair.Kind.JOURNAL_TORN, "", journalFile, journal.problem()
                            + ": a store or delete that never returned; ignored and cut off");
                } else if (journal.tail() == Journal.Tail.DAMAGED) {
                    report(Repair.Kind.JOURNAL_DAMAGED, "", journalFile, journal.problem() + "; kept as "
                            + keepAside(journalFile) + "; every series file is re-checked");
                    distrust = true;
                }
                break;
            default:
                throw new AssertionError(journal.state());
        }

        Map<String, Path> files = new TreeMap<>();
        List<Path> temporaries = new ArrayList<>();
        walk(seriesDirectory, 0, files, temporaries);
        for (Path temporary : temporaries) {
            finishOrDiscard(temporary, files);
        }
        for (Map.Entry<String, Path> f : files.entrySet()) {
            reconcile(f.getKey(), f.getValue());
        }
        Set<String> missing = new HashSet<>();
        for (Map.Entry<String, IndexEntry> e : new TreeMap<>(entries).entrySet()) {
            if (!files.containsKey(e.getKey())) {
                missing.add(e.getKey());
                report(Repair.Kind.FILE_MISSING, e.getKey(), SeriesPaths.file(directory, e.getKey()),
                        "the index records " + e.getValue().points() + " points but the file is missing;"
                                + " get and verify report it until the series is stored again or deleted");
            }
        }
        for (Repair r : repairs) {
            if (r.kind() != Repair.Kind.FILE_MISSING && r.kind() != Repair.Kind.FILE_IGNORED) {
                mustFold = true;
            }
        }
        return new Recovered(entries, missing, generation, mustFold, journal, List.copyOf(repairs));
    }

    private void walk(Path dir, int depth, Map<String, Path> files, List<Path> temporaries) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                // Names say what an entry is; only the others cost a stat.
                if (depth > 0 && name.endsWith(SeriesPaths.TEMPORARY_SUFFIX)) {
                    temporaries.add(p);
                } else if (depth > 0 && name.endsWith(SeriesPaths.SUFFIX)) {
                    String id = SeriesPaths.idOf(seriesDirectory, p);
                    if (id == null) {
                        report(Repair.Kind.FILE_IGNORED, "", p, "its name is not the name of any id's file");
                    } else {
                        files.put(id, p);
                    }
                } else if (depth < MAX_DEPTH && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    walk(p, depth + 1, files, temporaries);
                } else {
                    report(Repair.Kind.FILE_IGNORED, "", p, "not a series file");
                }
            }
        }
    }

    private void finishOrDiscard(Path temporary, Map<String, Path> files) throws IOException {
        String id = SeriesPaths.idOf(seriesDirectory, temporary);
        if (id == null) {
            report(Repair.Kind.FILE_IGNORED, "", temporary, "its name is not the name of any id's temporary file");
            return;
        }
        IndexEntry entry = entries.get(id);
        Inspection found = inspect(temporary);
        if (entry != null && entry.equals(found.entry)) {
            Path file = SeriesPaths.file(directory, id);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            files.put(id, file);
            report(Repair.Kind.STORE_COMPLETED, id, file, "the store of " + entry.points()
                    + " points was journaled but not yet renamed into place; completed");
        } else {
            String what = "an unfinished store that was never journaled ("
                    + (found.entry != null ? found.entry.points() + " points" : found.problem) + ")";
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // The old series is intact either way; the stray file is only in the way of the next store.
                report(Repair.Kind.FILE_IGNORED, id, temporary, what + " that cannot be removed: " + e);
                return;
            }
            report(Repair.Kind.STORE_DISCARDED, id, temporary, what + "; removed");
        }
    }

    private void reconcile(String id, Path file) throws IOException {
        IndexEntry entry = entries.get(id);
        if (entry == null && deleted.contains(id)) {
            Files.deleteIfExists(file);
            report(Repair.Kind.DELETE_COMPLETED, id, file, "the delete was journaled but the file not yet removed;"
                    + " completed");
            return;
        }
        if (entry != null && Files.size(file) > entry.fileBytes()) {
            cutBack(id, file, entry);
        }
        if (entry != null && !distrust) {
            return;
        }
        Inspection found = inspect(file);
        if (found.entry == null) {
            if (entry == null) {
                report(Repair.Kind.FILE_IGNORED, id, file, "not in the index and not a valid series: " + found.problem);
            }
            // An indexed file that fails: get and verify report it.
            return;
        }
        if (entry == null) {
            entries.put(id, found.entry);
            report(Repair.Kind.ADOPTED, id, file, "a valid series file of " + found.entry.points()
                    + " points that the index did not list (written outside the store, or its record was lost);"
                    + " added to the index");
        } else if (!entry.equals(found.entry)) {
            entries.put(id, found.entry);
            report(Repair.Kind.INDEX_CORRECTED, id, file, "the file (" + found.entry.points()
                    + " points) differs from the index (" + entry.points() + " points), which is incomplete;"
                    + " the index now follows the file");
        }
    }

    /** Undoes an append that a crash stopped before its journal record, when the rest is intact. */
    private void cutBack(String id, Path file, IndexEntry entry) throws IOException {
        IoBuffers.IoBuffer io = buffers.take();
        try {
            if (TailAppend.cutBack(file, entry, io)) {
                report(Repair.Kind.APPEND_DISCARDED, id, file, "an append after point " + entry.points()
                        + " that was never journaled; cut off");
            }
        } finally {
            buffers.give(io);
        }
    }

    /** A file's entry when it is a valid series, else what is wrong with it. */
    private record Inspection(IndexEntry entry, String problem) {}

    private Inspection inspect(Path file) {
        IoBuffers.IoBuffer io = buffers.take();
        try (SeriesFileReader reader = SeriesFileReader.open(file, io)) {
            int crc = reader.readData(SeriesFileReader.timeRule(reader.header()));
            return new Inspection(new IndexEntry(reader.points(), reader.fileBytes(), crc), "");
        } catch (SeriesFileException e) {
            return new Inspection(null, e.getMessage());
        } catch (IOException e) {
            return new Inspection(null, "it cannot be read: " + e);
        } finally {
            buffers.give(io);
        }
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
