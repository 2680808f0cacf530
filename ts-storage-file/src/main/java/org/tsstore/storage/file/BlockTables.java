package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import org.tsstore.core.ArrayTimeSeries;

/**
 * The block tables of a store's series files: kept in memory for the files read by range or written since
 * the open (at most {@value #MAX_TABLES}; past that all are dropped and found again on use), and persisted
 * in each file's {@link BlockSidecar}. A table is found, in order, in memory, in the sidecar (if the file
 * proves it), or by one whole read checked against the entry's CRC (which then writes the sidecar). A store
 * writes the table it computed while writing; an append extends the table in memory and rewrites the
 * sidecar only when it completes a block (the sidecar holds full blocks only, which appends never change);
 * a delete removes it. A sidecar that cannot be written is removed, best effort, and never fails the change
 * that wanted it: it is derived data. The caller holds the id's lock (shared for a range read, which may
 * write a missing sidecar; two readers doing so at once write the same bytes, or leave a sidecar the next
 * read finds torn and rebuilds).
 */
final class BlockTables {

    /** The most tables kept in memory. */
    static final int MAX_TABLES = 1 << 16;

    private final ConcurrentHashMap<String, BlockTable> tables = new ConcurrentHashMap<>();
    private final ReadChannels reads;

    BlockTables(ReadChannels reads) {
        this.reads = reads;
    }

    /** The sidecar of a series file. */
    static Path sidecar(Path file) {
        return SeriesPaths.sidecar(file);
    }

    /**
     * The table of a file's entry from memory or its sidecar (proved by the file's bytes after the sidecar's
     * blocks), or null when neither has it.
     */
    BlockTable known(String id, Path file, IndexEntry entry) {
        BlockTable t = tables.get(id);
        if (t != null && t.entry().equals(entry)) {
            return t;
        }
        try {
            t = BlockSidecar.read(sidecar(file), file, entry, reads);
        } catch (IOException e) {
            t = null;
        }
        if (t != null) {
            remember(id, t);
        }
        return t;
    }

    /**
     * The recorded block checksums of a file, for naming where it is damaged: {@link #known}, or else its
     * sidecar's full blocks if their own checksums hold (a table with later blocks unverified); or null.
     */
    BlockTable recorded(String id, Path file, IndexEntry entry) {
        BlockTable t = known(id, file, entry);
        if (t != null || !BlockSidecar.wanted(entry.points())) {
            return t;
        }
        try {
            Object[] recorded = BlockSidecar.readFullBlocks(sidecar(file), entry.points(), reads);
            return recorded == null ? null : BlockTable.ofRecorded(entry, (int[]) recorded[0], (double[]) recorded[1]);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The table for a range read: known, or built by reading the file whole (which also checks it against the
     * entry), then persisted. Null when the file is not in the layout of block tables.
     *
     * @throws SeriesFileException if the file read whole does not match its entry
     */
    BlockTable forRange(String id, Path file, IndexEntry entry, IoBuffers.IoBuffer io)
            throws IOException, SeriesFileException {
        BlockTable t = known(id, file, entry);
        if (t != null) {
            return t;
        }
        BlockTable.Scan scan = new BlockTable.Scan(entry.points());
        try (SeriesFileReader reader = SeriesFileReader.open(file, io, reads)) {
            IndexedRead.checkShape(entry, reader);
            if (!BlockTable.isBlocked(reader, entry)) {
                return null;
            }
            IndexedRead.checkCrc(entry, reader.readData(scan::accept));
        } catch (SeriesFileException.ChecksumMismatch e) {
            // The file is damaged: its sidecar's blocks, if its own checksums hold, still tell which are intact.
            Object[] recorded = BlockSidecar.readFullBlocks(sidecar(file), entry.points(), reads);
            if (recorded == null) {
                throw e;
            }
            t = BlockTable.ofRecorded(entry, (int[]) recorded[0], (double[]) recorded[1]);
            remember(id, t);
            return t;
        }
        t = scan.table(entry);
        persist(file, t);
        remember(id, t);
        return t;
    }

    /**
     * A store of an id was renamed into place, with the table computed while its file was written.
     *
     * @param previous the id's entry before, or null, to know whether an old sidecar may be there
     */
    void stored(String id, Path file, BlockTable table, IndexEntry previous) {
        remember(id, table);
        if (BlockSidecar.wanted(table.points())) {
            persist(file, table);
        } else if (previous != null && BlockSidecar.wanted(previous.points())) {
            remove(file);
        }
    }

    /**
     * An append to an id was journaled: its table, if known, is extended in memory, and its sidecar rewritten
     * when the append completed a block; a sidecar left as it was still serves, since its blocks are unchanged.
     */
    void appended(String id, Path file, IndexEntry previous, ArrayTimeSeries points, IndexEntry next) {
        boolean completes = BlockSidecar.wanted(next.points()) && (!BlockSidecar.wanted(previous.points())
                || BlockSidecar.fullBlocks(next.points()) > BlockSidecar.fullBlocks(previous.points()));
        BlockTable before = tables.get(id);
        if (before == null || !before.entry().equals(previous)) {
            before = completes ? known(id, file, previous) : null;
        }
        if (before == null || !before.wholeVerified()) {
            tables.remove(id);
            return;
        }
        BlockTable after = before.extend(points, next);
        remember(id, after);
        if (completes) {
            persist(file, after);
        }
    }

    /** An id's file was replaced other than by a store that computed its table: the table is found again. */
    void forget(String id) {
        tables.remove(id);
    }

    /** An id's file is gone: its table and sidecar too. */
    void removed(String id, Path file) {
        tables.remove(id);
        remove(file);
    }

    private static void persist(Path file, BlockTable table) {
        if (!BlockSidecar.wanted(table.points())) {
            return;
        }
        try {
            BlockSidecar.write(sidecar(file), table);
        } catch (IOException e) {
            remove(file);
        }
    }

    private static void remove(Path file) {
        try {
            Files.deleteIfExists(sidecar(file));
        } catch (IOException e) {
            // derived data: a sidecar left behind is not written for the file's entry and is never trusted
        }
    }

    private void remember(String id, BlockTable t) {
        if (tables.size() >= MAX_TABLES) {
            tables.clear();
        }
        tables.put(id, t);
    }
}
