package org.tsstore.storage.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.tsstore.core.backend.Checksums;

/**
 * The index of a file store opened with {@code mode=read}, following a live writer without writing anything:
 * the snapshot plus the journal's records up to its witness (records after it were not acknowledged: a torn or
 * unwitnessed tail is ignored, never cut off). Each {@link #current()} reads the journal's 32-byte header (one
 * {@code pread}); when the generation and the witness are the ones last read, nothing changed. When only the
 * witness moved on, only the records between the two witnesses are read; when the generation changed (the
 * writer folded the journal into a new snapshot) or anything looks odd, snapshot and journal are read again
 * whole, a few times over while the writer is half-way through a fold, before a damaged index is reported.
 */
final class ReadOnlyIndex implements Closeable {

    private static final int TRIES = 50;

    /**
     * The index as one read found it; immutable.
     *
     * @param generation the journal's generation when it was read (-1 for no journal)
     * @param witness its witnessed end (the file's length for a journal without a witness, -1 for none)
     * @param entries id to entry
     * @param held ids refused since index records were lost, with the damage
     */
    record View(long generation, long witness, Map<String, IndexEntry> entries, Map<String, Held> held) {}

    private final Path snapshotFile;
    private final Path journalFile;
    private final ByteBuffer head = ByteBuffer.allocate(Journal.HEADER_BYTES);
    private FileChannel journal;
    private boolean legacy;
    private volatile View view;

    private ReadOnlyIndex(Path directory) throws IOException {
        this.snapshotFile = directory.resolve(IndexSnapshot.FILE_NAME);
        this.journalFile = directory.resolve(Journal.FILE_NAME);
        this.view = reload();
    }

    /** Reads the index of the store in a directory. */
    static ReadOnlyIndex open(Path directory) throws IOException {
        return new ReadOnlyIndex(directory);
    }

    /** The index as it is now: the last read of it, unless the writer changed it since. */
    synchronized View current() throws IOException {
        View v = view;
        if (journal == null) {
            if (!Files.exists(journalFile)) {
                return v;
            }
            return view = reload();
        }
        head.clear();
        int n = 0;
        while (head.hasRemaining()) {
            int r = journal.read(head, n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        if (n < Journal.HEADER_BYTES && !(legacy && n >= Journal.LEGACY_HEADER_BYTES)) {
            return view = reload(); // being reset: read again until the new header is there
        }
        long generation = head.getLong(8);
        long witness = legacy ? journal.size() : head.getLong(Journal.WITNESS_AT);
        if (generation == v.generation && witness == v.witness) {
            return v;
        }
        if (!legacy && generation == v.generation && witness > v.witness
                && head.getInt(16) == Checksums.crc32c(head.array(), 0, 16)
                && head.getInt(Journal.WITNESS_AT + 8) == Journal.witnessCrc(generation, witness)) {
            View next = readOn(v, witness);
            if (next != null) {
                return view = next;
            }
        }
        return view = reload();
    }

    /** The view with the records between its witness and {@code witness} applied, or null if they do not read. */
    private View readOn(View v, long witness) throws IOException {
        long length = witness - v.witness;
        if (length > Integer.MAX_VALUE - 16) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate((int) length);
        while (b.hasRemaining()) {
            if (journal.read(b, v.witness + b.position()) < 0) {
                return null;
            }
        }
        byte[] bytes = b.array();
        Map<String, IndexEntry> entries = new HashMap<>(v.entries);
        Map<String, Held> held = new HashMap<>(v.held);
        int at = 0;
        while (at < bytes.length) {
            if (bytes.length - at < 11) {
                return null;
            }
            int body = b.getInt(at);
            if (body < 3 || at + 8L + body > bytes.length) {
                return null;
            }
            List<Journal.Record> records = JournalCodec.decode(bytes, at, body);
            if (records == null) {
                return null;
            }
            apply(records, entries, held);
            at += 8 + body;
        }
        return new View(v.generation, witness, Map.copyOf(entries), Map.copyOf(held));
    }

    private static void apply(List<Journal.Record> records, Map<String, IndexEntry> entries, Map<String, Held> held) {
        for (Journal.Record r : records) {
            held.remove(r.id());
            if (r.entry() == null) {
                entries.remove(r.id());
            } else {
                entries.put(r.id(), r.entry());
            }
        }
    }

    /** Reads snapshot and journal whole, again while a writer's fold is half done. */
    private View reload() throws IOException {
        String problem = "";
        for (int i = 0; i < TRIES; i++) {
            if (i > 0) {
                LockSupport.parkNanos(200_000L * i);
            }
            if (journal != null) {
                journal.close();
                journal = null;
            }
            try {
                journal = FileChannel.open(journalFile, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                // a store no writer opened yet, or one whose journal is missing: the snapshot alone
            }
            IndexSnapshot.Contents snapshot;
            try {
                snapshot = Files.exists(snapshotFile) ? IndexSnapshot.read(snapshotFile)
                        : new IndexSnapshot.Contents(0, Map.of(), Map.of());
            } catch (SeriesFileException | NoSuchFileException e) {
                problem = IndexSnapshot.FILE_NAME + ": " + e.getMessage(); // maybe being renamed into place
                continue;
            }
            Journal.Contents j = JournalReader.read(journalFile);
            if (j.state() == Journal.HeaderState.ABSENT) {
                return new View(-1, -1, Map.copyOf(snapshot.entries()), Map.copyOf(snapshot.held()));
            }
            if (j.state() != Journal.HeaderState.VALID || !j.losses().isEmpty()
                    || j.generation() > snapshot.generation()) {
                problem = Journal.FILE_NAME + ": " + (j.problem().isEmpty() ? "newer than the snapshot" : j.problem());
                continue; // reset, folded since the snapshot was read, or damaged: read again, then report
            }
            legacy = j.legacy();
            Map<String, IndexEntry> entries = new HashMap<>(snapshot.entries());
            Map<String, Held> held = new HashMap<>(snapshot.held());
            long witness = legacy ? j.goodBytes() : j.witness();
            if (j.generation() == snapshot.generation()) {
                for (int k = 0; k < j.records().size(); k++) {
                    if (legacy || j.offsets().get(k) < witness) {
                        apply(List.of(j.records().get(k)), entries, held);
                    }
                }
            } // else an older journal that a fold has already taken in: the snapshot has its records
            return new View(j.generation(), witness, Map.copyOf(entries), Map.copyOf(held));
        }
        throw new IOException("its index kept failing to read: " + problem
                + " (a damaged index is repaired by opening the store for writing)");
    }

    @Override
    public synchronized void close() throws IOException {
        if (journal != null) {
            journal.close();
        }
    }
}
