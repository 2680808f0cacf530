package org.tsstore.storage.file;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.tsstore.api.SeriesIds;

/**
 * A store's index: the id to entry map in memory, made durable by the journal and folded into a new
 * snapshot generation when the journal grows long. A change is journaled first ({@link #logPut},
 * {@link #logDelete}) and applied to the map ({@link #put}, {@link #remove}) once the file is in place;
 * {@link #undo} journals the old state again when it cannot be. Reads are lock-free; the caller excludes
 * {@link #fold} from changes (the face's state lock).
 */
final class Index implements Closeable {

    /** The journal is folded into the snapshot once it is this long, or longer than the snapshot. */
    static final long MIN_FOLD_BYTES = 4L << 20;

    private final Path directory;
    private final Journal journal;
    private final ConcurrentHashMap<String, IndexEntry> entries;
    /** Ids refused until stored again, deleted or repaired; never also in {@link #entries}. */
    private final ConcurrentHashMap<String, Held> held;
    private final List<Repair> repairs;
    private final Logger log;
    /** Guarded by the caller's exclusion of {@link #fold}. */
    private long generation;
    private volatile long foldBytes;

    private Index(Path directory, Journal journal, IndexRecovery.Recovered recovered, long generation,
            long snapshotBytes, Logger log) {
        this.directory = directory;
        this.journal = journal;
        this.entries = new ConcurrentHashMap<>(recovered.entries());
        this.held = new ConcurrentHashMap<>(recovered.held());
        this.repairs = recovered.repairs();
        this.generation = generation;
        this.foldBytes = Math.max(MIN_FOLD_BYTES, snapshotBytes);
        this.log = log;
    }

    /**
     * Recovers the index of a store directory ({@link IndexRecovery}) and opens its journal for appending,
     * first folding what recovery found into a new snapshot when it must.
     *
     * @param directory the store directory, locked by the caller
     * @param buffers I/O buffers for reading series files
     * @param sync whether every journal record is forced to the device
     * @param log where repairs and failed undos are logged
     */
    static Index open(Path directory, IoBuffers buffers, boolean sync, Logger log) throws IOException {
        IndexRecovery.Recovered recovered = IndexRecovery.recover(directory, buffers, log);
        long generation = recovered.generation();
        Path journalFile = directory.resolve(Journal.FILE_NAME);
        long snapshotBytes;
        Journal journal;
        if (recovered.mustFold()) {
            generation++;
            snapshotBytes = IndexSnapshot.write(directory, generation, recovered.entries(), recovered.held());
            journal = Journal.open(journalFile, 0, 0, generation, sync);
        } else {
            Path snapshot = directory.resolve(IndexSnapshot.FILE_NAME);
            snapshotBytes = Files.exists(snapshot) ? Files.size(snapshot) : 0;
            journal = Journal.open(journalFile, recovered.journal().goodBytes(),
                    recovered.journal().records().size(), generation, sync);
        }
        return new Index(directory, journal, recovered, generation, snapshotBytes, log);
    }

    /** The entry of an id, or null. */
    IndexEntry get(String id) {
        return entries.get(id);
    }

    /** Whether an id has an entry. */
    boolean contains(String id) {
        return entries.containsKey(id);
    }

    /** The ids with an entry: a live view. */
    Set<String> ids() {
        return entries.keySet();
    }

    /**
     * Why an id is refused, or null when it is not. Read before {@link #get}: a change of a held id puts its
     * entry before it lifts the hold, so a reader never finds neither.
     */
    Held held(String id) {
        return held.get(id);
    }

    /** The held ids: a live view. */
    Set<String> heldIds() {
        return held.keySet();
    }

    /** The store directory. */
    Path directory() {
        return directory;
    }

    /** What recovery repaired or reported when the index was opened. */
    List<Repair> repairs() {
        return repairs;
    }

    /** The journal file, for messages. */
    Path journalFile() {
        return directory.resolve(Journal.FILE_NAME);
    }

    /** Journals that an id now has an entry; the map is unchanged until {@link #put}. */
    void logPut(String id, IndexEntry entry) throws IOException {
        journal.appendPut(id, entry);
    }

    /** Journals that an id is deleted; the map is unchanged until {@link #remove}. */
    void logDelete(String id) throws IOException {
        journal.appendDelete(id);
    }

    /**
     * Journals several changes as one record, read back all or none; the map is unchanged until
     * {@link #put} and {@link #remove}.
     */
    void logBatch(List<Journal.Record> changes) throws IOException {
        journal.appendBatch(changes);
    }

    /** Applies a journaled put, lifting any hold of the id. */
    void put(String id, IndexEntry entry) {
        entries.put(id, entry);
        held.remove(id);
    }

    /** Applies a journaled delete, lifting any hold of the id. */
    void remove(String id) {
        entries.remove(id);
        held.remove(id);
    }

    /**
     * Journals an id's old state again after its change could not be applied, so that a reopen keeps it. A
     * failure is added to {@code cause} and logged: the entry's checksum will not match until it is stored
     * again.
     *
     * @param previous the entry before the change, or null if there was none
     */
    void undo(String id, IndexEntry previous, IOException cause) {
        try {
            if (previous == null) {
                journal.appendDelete(id);
            } else {
                journal.appendPut(id, previous);
            }
        } catch (IOException e) {
            cause.addSuppressed(e);
            log.log(Level.ERROR, () -> "store " + directory + ": cannot undo the journal record of series "
                    + SeriesIds.quote(id) + "; its checksum will not match until it is stored again: " + e);
        }
    }

    /**
     * Journals the old states of several ids, as one record, after their changes could not be applied; a
     * failure is handled as by {@link #undo}.
     *
     * @param previous each id with its entry before the change, or a null entry if there was none
     */
    void undoAll(List<Journal.Record> previous, IOException cause) {
        try {
            journal.appendBatch(previous);
        } catch (IOException e) {
            cause.addSuppressed(e);
            log.log(Level.ERROR, () -> "store " + directory + ": cannot undo the journal record of a batch of "
                    + previous.size() + " series; their checksums will not match until they are stored again: " + e);
        }
    }

    /** Whether the journal has grown long enough to fold. */
    boolean foldDue() {
        return journal.size() >= foldBytes;
    }

    /** Whether the journal holds any record since the last fold. */
    boolean hasRecords() {
        return journal.records() > 0;
    }

    /** Writes the map as the next snapshot generation and empties the journal; the caller excludes changes. */
    void fold() throws IOException {
        long next = generation + 1;
        long snapshotBytes = IndexSnapshot.write(directory, next, new HashMap<>(entries), new HashMap<>(held));
        journal.reset(next);
        generation = next;
        foldBytes = Math.max(MIN_FOLD_BYTES, snapshotBytes);
    }

    /**
     * Folds, logging a failure as a warning instead of throwing it: the journal still holds every record,
     * and the next fold or open tries again.
     */
    void foldOrWarn(String failure) {
        try {
            fold();
        } catch (IOException e) {
            log.log(Level.WARNING, () -> "store " + directory + ": " + failure + ": " + e);
        }
    }

    /** Forces the journal to the device. */
    void force() throws IOException {
        journal.force();
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
