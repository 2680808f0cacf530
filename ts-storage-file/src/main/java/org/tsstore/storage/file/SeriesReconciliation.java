package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tsstore.api.SeriesIds;
import org.tsstore.core.backend.DirectorySync;

/**
 * The directory side of opening a store: walks {@code series/}, then settles each id against what
 * {@link IndexRecovery} found, by these rules.
 * <ul>
 *   <li>A {@link Held} id from the snapshot: its files are left as they are; it stays held.</li>
 *   <li>A temporary file: renamed into place when it matches the id's entry, or an entry salvaged from its
 *       lost records (a store journaled but not yet renamed); otherwise removed, which is safe: a store
 *       returns only after its rename, so a temporary file is never an acknowledged series.</li>
 *   <li>A <i>proven</i> id (its last record after every loss) follows the crash rules: a file whose id was
 *       last journaled as deleted is removed (a delete cut short); a file longer than its entry is cut back
 *       when the entry's bytes still match (an append cut before its record); a file without any record is
 *       adopted when valid (written by numpy while the store was closed); an entry without a file is
 *       reported ({@code FILE_MISSING}).</li>
 *   <li>Any other id is settled only by its file's own checksum: read whole, it must match the entry the
 *       surviving records give it (or one salvaged from a damaged snapshot), and no lost record may name it.
 *       Then it is served as it is. Otherwise it is held, and its file is never removed, cut or replaced:
 *       except for the bytes an append wrote after the end while the header still counts the old points,
 *       which no journal record can have acknowledged.</li>
 * </ul>
 */
final class SeriesReconciliation {

    /** Takes a repair to report. */
    @FunctionalInterface
    interface Reporter {
        void report(Repair.Kind kind, String id, Path file, String detail);
    }

    private static final int MAX_DEPTH = 1 + (2 * SeriesIds.MAX_UTF8_BYTES + SeriesPaths.CHUNK - 1)
            / SeriesPaths.CHUNK;

    private final Path directory;
    private final Path seriesDirectory;
    private final IoBuffers buffers;
    private final IndexRecovery.Found found;
    private final Reporter reporter;
    private final Map<String, Path> files = new TreeMap<>();
    private final Map<String, Path> temporaries = new TreeMap<>();
    private final Map<String, Path> sidecars = new TreeMap<>();
    /** Directories whose entries recovery changed (a store completed, a delete completed). */
    private final Set<Path> changed = new LinkedHashSet<>();
    /** Ids whose temporary file was completed from a salvaged entry: their records were cut. */
    private final TreeSet<String> completedFromSalvage = new TreeSet<>();

    SeriesReconciliation(Path directory, IoBuffers buffers, IndexRecovery.Found found, Reporter reporter) {
        this.directory = directory;
        this.seriesDirectory = directory.resolve(SeriesPaths.SERIES_DIRECTORY);
        this.buffers = buffers;
        this.found = found;
        this.reporter = reporter;
    }

    /** Walks the directory and settles every id. */
    void run() throws IOException {
        walk(seriesDirectory, 0);
        for (Map.Entry<String, Path> t : temporaries.entrySet()) {
            if (!found.held.containsKey(t.getKey())) {
                finishOrDiscard(t.getKey(), t.getValue());
            }
        }
        TreeSet<String> ids = new TreeSet<>(files.keySet());
        ids.addAll(found.entries.keySet());
        ids.addAll(found.cut.keySet());
        ids.addAll(found.held.keySet());
        for (String id : ids) {
            Held h = found.held.get(id);
            if (h != null) {
                reporter.report(Repair.Kind.HELD, id, SeriesPaths.file(directory, id), "still held: "
                        + h.location(directory) + ": " + h.problem());
            } else if (found.proven(id)) {
                settleProven(id, files.get(id));
            } else {
                settleSuspect(id, files.get(id));
            }
        }
        for (Map.Entry<String, Path> s : sidecars.entrySet()) {
            String id = s.getKey();
            if (!found.entries.containsKey(id) && !found.held.containsKey(id)) {
                // Derived data of a series that is gone: a delete cut short, or a crash before the sidecar went.
                Files.deleteIfExists(s.getValue());
            }
        }
    }

    /**
     * Forces the directories whose entries {@link #run} changed: the fold that follows forgets the records
     * that justified each change, so a change the power could still undo would then be read as damage.
     */
    void forceChanges() throws IOException {
        for (Path d : changed) {
            DirectorySync.force(d);
        }
    }

    /** The sidecars found, by id, for the caller to trust only after checking each against its entry. */
    Map<String, Path> sidecars() {
        return sidecars;
    }

    private void walk(Path dir, int depth) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                // Names say what an entry is; only the others cost a stat.
                SeriesPaths.Kind kind = depth > 0 ? SeriesPaths.kindOf(name) : null;
                if (kind != null) {
                    String id = SeriesPaths.idOf(seriesDirectory, p);
                    if (id == null) {
                        reporter.report(Repair.Kind.FILE_IGNORED, "", p, "its name is not the name of any id's file");
                    } else if (kind == SeriesPaths.Kind.SERIES) {
                        files.put(id, p);
                    } else if (kind == SeriesPaths.Kind.TEMPORARY) {
                        temporaries.put(id, p);
                    } else {
                        sidecars.put(id, p);
                    }
                } else if (depth < MAX_DEPTH && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    walk(p, depth + 1);
                } else {
                    reporter.report(Repair.Kind.FILE_IGNORED, "", p, "not a series file");
                }
            }
        }
    }

    private void finishOrDiscard(String id, Path temporary) throws IOException {
        IndexEntry entry = found.entries.get(id);
        Inspection in = inspect(temporary);
        boolean salvaged = in.entry != null && !found.proven(id)
                && found.cut.getOrDefault(id, List.of()).contains(in.entry);
        if (in.entry != null && (in.entry.equals(entry) || salvaged)) {
            Path file = SeriesPaths.file(directory, id);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            changed.add(file.getParent());
            files.put(id, file);
            if (salvaged) {
                completedFromSalvage.add(id);
            }
            reporter.report(Repair.Kind.STORE_COMPLETED, id, file, "the store of " + in.entry.points()
                    + " points was journaled but not yet renamed into place; completed"
                    + (salvaged ? " (its record is among the lost ones, and the file's checksum matches it)" : ""));
            return;
        }
        String what = "an unfinished store that was never journaled ("
                + (in.entry != null ? in.entry.points() + " points" : in.problem) + ")";
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // The old series is intact either way; the stray file is only in the way of the next store.
            reporter.report(Repair.Kind.FILE_IGNORED, id, temporary, what + " that cannot be removed: " + e);
            return;
        }
        reporter.report(Repair.Kind.STORE_DISCARDED, id, temporary, what + "; removed");
    }

    /** The crash rules, for an id whose last record comes after every loss. */
    private void settleProven(String id, Path file) throws IOException {
        IndexEntry entry = found.entries.get(id);
        if (file == null) {
            if (entry != null) {
                reporter.report(Repair.Kind.FILE_MISSING, id, SeriesPaths.file(directory, id), "the index records "
                        + entry.points() + " points but the file is missing; get and verify report it until the"
                        + " series is stored again or deleted");
            }
            return;
        }
        if (entry == null && found.deleted.contains(id)) {
            Files.deleteIfExists(file);
            changed.add(file.getParent());
            reporter.report(Repair.Kind.DELETE_COMPLETED, id, file, "the delete was journaled but the file not yet"
                    + " removed; completed");
            return;
        }
        if (entry != null) {
            if (Files.size(file) > entry.fileBytes()) {
                cutBack(id, file, entry, false);
            }
            return;
        }
        Inspection in = inspect(file);
        if (in.entry == null) {
            reporter.report(Repair.Kind.FILE_IGNORED, id, file, "not in the index and not a valid series: "
                    + in.problem);
            return;
        }
        found.entries.put(id, in.entry);
        reporter.report(Repair.Kind.ADOPTED, id, file, "a valid series file of " + in.entry.points()
                + " points that the index did not list (written outside the store); added to the index");
    }

    /** For an id that may have had records among the lost ones: served only if its own file proves it. */
    private void settleSuspect(String id, Path file) throws IOException {
        IndexEntry entry = found.entries.get(id);
        IndexEntry salvaged = found.salvaged.get(id);
        List<IndexEntry> cut = found.cut.get(id);
        boolean recordsCut = cut != null || completedFromSalvage.contains(id);
        List<IndexEntry> candidates = new ArrayList<>();
        for (IndexEntry e : new IndexEntry[] {entry, salvaged}) {
            if (e != null) {
                candidates.add(e);
            }
        }
        if (cut != null) {
            candidates.addAll(cut);
        }
        if (file == null) {
            if (entry != null || recordsCut) {
                hold(id, entry != null ? "the index records " + entry.points() + " points for it but its file is"
                        + " missing, and a lost record may have deleted it" : "records of it are among the lost ones,"
                        + " and it has no file", candidates);
            }
            return;
        }
        if (entry != null && Files.size(file) > entry.fileBytes()) {
            // Points written after the end with the old header still in place: never journaled.
            cutBack(id, file, entry, true);
        }
        Inspection in = inspect(file);
        boolean matches = in.entry != null && (in.entry.equals(entry) || in.entry.equals(salvaged));
        if (matches && !recordsCut) {
            if (entry == null) {
                found.entries.put(id, salvaged);
                reporter.report(Repair.Kind.SALVAGED, id, file, "its entry was salvaged from the damaged snapshot"
                        + " and the file's checksum matches it: served");
            }
            return;
        }
        String state = in.entry == null ? "its file is not a valid series (" + in.problem + ")"
                : "its file holds " + in.entry.points() + " points" + (matches ? ", as its last surviving entry"
                        : ", which no surviving record proves");
        hold(id, (recordsCut ? "records of it are among the lost ones; " : "a lost record may have changed it; ")
                + state, candidates);
    }

    private void hold(String id, String why, List<IndexEntry> candidates) {
        IndexRecovery.Loss loss = found.lossOf(id);
        found.entries.remove(id);
        Held h = new Held(loss.file(), loss.offset(), why, candidates);
        found.held.put(id, h);
        reporter.report(Repair.Kind.HELD, id, SeriesPaths.file(directory, id), h.location(directory) + ": " + why
                + "; the file is kept as it is, and the id is refused until it is stored again or the store is"
                + " repaired");
    }

    /** Undoes an append that a crash stopped before its journal record, when the rest is intact. */
    private void cutBack(String id, Path file, IndexEntry entry, boolean oldHeaderOnly) throws IOException {
        IoBuffers.IoBuffer io = buffers.take();
        try {
            if (TailAppend.cutBack(file, entry, io, oldHeaderOnly)) {
                reporter.report(Repair.Kind.APPEND_DISCARDED, id, file, "an append after point " + entry.points()
                        + " that was never journaled; cut off");
            }
        } finally {
            buffers.give(io);
        }
    }

    /** A file's entry when it is a valid series, else what is wrong with it. */
    record Inspection(IndexEntry entry, String problem) {}

    /** Reads a whole file: its entry if it is a valid series, else what is wrong. */
    static Inspection inspect(Path file, IoBuffers buffers) {
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

    private Inspection inspect(Path file) {
        return inspect(file, buffers);
    }
}
