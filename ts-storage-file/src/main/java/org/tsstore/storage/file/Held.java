package org.tsstore.storage.file;

import java.nio.file.Path;
import java.util.List;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.StorageException;

/**
 * An id the store refuses to answer for, because index records that may have been its last were lost: the
 * damage (a file of the store and an offset in it), and the index entries that could still prove its file
 * (the last entry the surviving records gave it, and entries salvaged from the damaged bytes). Its series
 * file, if any, is kept as it is. {@code get}, {@code size} and {@code contains} refuse the id, {@code ids}
 * leaves it out and {@code verify} reports it, until it is stored again, deleted, or the store is repaired.
 *
 * @param file the damaged file, relative to the store directory ({@code index.journal}, {@code index.snapshot})
 * @param offset where the damage starts in it, or -1 when not known
 * @param problem what was lost and why the id may be among it
 * @param candidates entries whose checksum would prove the id's file to be an acknowledged version
 */
record Held(String file, long offset, String problem, List<IndexEntry> candidates) {

    Held {
        candidates = List.copyOf(candidates);
    }

    /** Where the damage is, for messages and reports: the absolute file and the byte. */
    String location(Path directory) {
        return directory.resolve(file) + (offset >= 0 ? " at byte " + offset : "");
    }

    /** The refusal of an id held for this damage. */
    StorageException refusal(Path directory, String id) {
        return new StorageException("series " + SeriesIds.quote(id) + " may have been lost with damaged index records ("
                + location(directory) + "): " + problem + "; it is refused, never answered as absent, until it is"
                + " stored again or deleted, or the store is repaired (repair())");
    }

    /** The same damage with more candidates. */
    Held with(List<IndexEntry> more) {
        List<IndexEntry> all = new java.util.ArrayList<>(candidates);
        for (IndexEntry e : more) {
            if (!all.contains(e)) {
                all.add(e);
            }
        }
        return new Held(file, offset, problem, all);
    }
}
