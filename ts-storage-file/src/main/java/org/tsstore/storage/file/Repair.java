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
        /**
         * A journal record cut short by a crash after the last record written whole: its store or delete never
         * returned; ignored. Also a journal header cut short beside a snapshot (a fold cut short, or damage):
         * then every file is checked.
         */
        JOURNAL_TORN(Level.INFO),
        /** A journal older than the snapshot (a crash while folding): already in the snapshot; ignored. */
        JOURNAL_STALE(Level.INFO),
        /**
         * Journal records lost: a bad record with a good one after it, a record cut or garbled before the end
         * the journal witnessed, or a bad header. Kept aside; the ids they may have held are settled by their
         * files' checksums, or held.
         */
        JOURNAL_DAMAGED(Level.ERROR),
        /** No journal beside a snapshot: every file is checked, and an id its file does not prove is held. */
        JOURNAL_MISSING(Level.WARNING),
        /** A snapshot that fails its checksum: kept aside, its entries salvaged as candidates for the files. */
        SNAPSHOT_DAMAGED(Level.ERROR),
        /** A journal that continues a snapshot that is not there: the snapshot's ids are settled by their files. */
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
        /**
         * An id whose entry was salvaged from a damaged snapshot and whose file's checksum matches it: served
         * as before.
         */
        SALVAGED(Level.WARNING),
        /**
         * An id that index records now lost may have changed: refused (never answered as absent), its file
         * kept as it is, until it is stored again, deleted, or the store is repaired.
         */
        HELD(Level.ERROR),
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

        /** Whether what was found changed the index, which must then be folded into a new snapshot. */
        boolean changesState() {
            return this != FILE_MISSING && this != FILE_IGNORED;
        }
    }
}
