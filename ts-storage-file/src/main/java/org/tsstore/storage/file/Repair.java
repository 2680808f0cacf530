package org.tsstore.storage.file;

import java.lang.System.Logger.Level;
import java.nio.file.Path;

/**
 * One thing that opening a store found out of order, and what was done about it; each is logged.
 *
 * @param kind what was found
 * @param id the series concerned, or the empty string
 * @param file the file concerned
 * @param detail what exactly, for the log
 */
record Repair(Kind kind, String id, Path file, String detail) {

    /** What was found, and how loudly it is logged. */
    enum Kind {
        /** A journal record cut short by a crash: its store or delete never returned; ignored. */
        JOURNAL_TORN(Level.INFO),
        /** A journal older than the snapshot (a crash while folding): already in the snapshot; ignored. */
        JOURNAL_STALE(Level.INFO),
        /** A journal with a bad record in the middle or a bad header: kept aside, every file re-checked. */
        JOURNAL_DAMAGED(Level.ERROR),
        /** No journal beside a snapshot: every file re-checked. */
        JOURNAL_MISSING(Level.WARNING),
        /** A snapshot that fails its checksum: kept aside, rebuilt from the journal and the files. */
        SNAPSHOT_DAMAGED(Level.ERROR),
        /** A journal that continues a snapshot that is not there: rebuilt from the journal and the files. */
        SNAPSHOT_MISSING(Level.ERROR),
        /** A store interrupted after its journal record: the complete temporary file was renamed into place. */
        STORE_COMPLETED(Level.INFO),
        /** A store interrupted before its journal record: its temporary file was removed. */
        STORE_DISCARDED(Level.INFO),
        /** A delete interrupted after its journal record: the file was removed. */
        DELETE_COMPLETED(Level.INFO),
        /** Points written after a file's end by an append that was never journaled: cut off. */
        APPEND_DISCARDED(Level.INFO),
        /** A valid series file the index did not list (written outside the store): added to the index. */
        ADOPTED(Level.WARNING),
        /** A file that differs from an index known to be incomplete: the index now follows the file. */
        INDEX_CORRECTED(Level.WARNING),
        /** A file in the series directory that is not a series file this store can use: left alone. */
        FILE_IGNORED(Level.WARNING),
        /** An index entry whose file is missing: damage, kept and reported by get and verify. */
        FILE_MISSING(Level.ERROR);

        private final Level level;

        Kind(Level level) {
            this.level = level;
        }

        /** How loudly this is logged. */
        Level level() {
            return level;
        }
    }
}
