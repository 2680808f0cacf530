package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import org.tsstore.core.ArrayTimeSeries;

/**
 * The block tables of a store's series files: kept in memory for the files read by range or written since
 * the open (at most {@value #MAX_TABLES}; past that all are dropped and found again on use), and persisted
 * in each file's {@link BlockSidecar}. A table is found, in order, in memory, in the sidecar (if it was
 * written for the file's index entry), or by one whole read checked against the entry's CRC (which then
 * writes the sidecar). A store writes the table it computed while writing; an append extends it and
 * updates the sidecar in place; a delete removes it. A sidecar that cannot be written is removed, best
 * effort, and never fails the change that wanted it: it is derived data. The caller holds the id's lock
 * (shared for a range read, which may write a missing sidecar; two readers doing so at once write the
 * same bytes, or leave a sidecar the next read finds torn and rebuilds).
 */
final class BlockTables {

    /** The most tables kept in memory. */
    static final int MAX_TABLES = 1 << 16;

    /** A table and whether its sidecar on disk is known to hold exactly it. */
    private record Known(BlockTable table, boolean persisted) {}

    private final ConcurrentHashMap<String, Known> tables = new ConcurrentHashMap<>();
    private final ReadChannels reads;

    BlockTables(ReadChannels reads) {
        this.reads = reads;
    }

    /** The sidecar of a series file. */
    static Path sidecar(Path file) {
        return SeriesPaths.sidecar(file);
    }

    /** The table of a file's entry from memory or its sidecar, or null when neither has it; never reads the file. */
    BlockTable known(String id, Path file, IndexEntry entry) {
        Known k = tables.get(id);
        if (k != null && k.table.entry().equals(entry)) {
            return k.table;
        }
        BlockTable t;
        try {
            t = BlockSidecar.read(sidecar(file), entry, reads);
        } catch (IOException e) {
            t = null;
        }
        if (t != null) {
            remember(id, new Known(t, true));
        }
        return t;
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
        try (SeriesFileReader reader = SeriesFileReader.open(file, io, reads)) {
            t = BlockTable.build(reader, entry);
        }
        if (t != null) {
            remember(id, new Known(t, persist(file, t)));
        }
        return t;
    }

    /**
     * A store of an id was renamed into place, with the table computed while its file was written.
     *
     * @param previous the id's entry before, or null, to know whether an old sidecar may be there
     */
    void stored(String id, Path file, BlockTable table, IndexEntry previous) {
        if (BlockSidecar.wanted(table)) {
            remember(id, new Known(table, persist(file, table)));
            return;
        }
        remember(id, new Known(table, false));
        if (previous != null && BlockTable.blocks(previous.points()) >= BlockSidecar.MIN_BLOCKS) {
            remove(file);
        }
    }

    /**
     * An append to an id was journaled: its table, if known (in memory or in a sidecar written for the old
     * entry), is extended and its sidecar updated in place; otherwise it is found again by the next range read.
     */
    void appended(String id, Path file, IndexEntry previous, ArrayTimeSeries points, IndexEntry next) {
        BlockTable before = known(id, file, previous);
        Known k = tables.get(id);
        boolean persisted = before != null && k != null && k.table == before && k.persisted;
        if (before == null) {
            tables.remove(id);
            return;
        }
        BlockTable after = before.extend(points, next);
        boolean now = false;
        if (BlockSidecar.wanted(after)) {
            try {
                if (persisted && BlockSidecar.wanted(before)) {
                    BlockSidecar.update(sidecar(file), before, after);
                } else {
                    BlockSidecar.write(sidecar(file), after);
                }
                now = true;
            } catch (IOException e) {
                remove(file);
            }
        }
        remember(id, new Known(after, now));
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

    private boolean persist(Path file, BlockTable table) {
        if (!BlockSidecar.wanted(table)) {
            return false;
        }
        try {
            BlockSidecar.write(sidecar(file), table);
            return true;
        } catch (IOException e) {
            remove(file);
            return false;
        }
    }

    private static void remove(Path file) {
        try {
            Files.deleteIfExists(sidecar(file));
        } catch (IOException e) {
            // derived data: a sidecar left behind is not written for the file's entry and is never trusted
        }
    }

    private void remember(String id, Known k) {
        if (tables.size() >= MAX_TABLES) {
            tables.clear();
        }
        tables.put(id, k);
    }
}
