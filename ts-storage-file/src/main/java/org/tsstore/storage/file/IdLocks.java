package org.tsstore.storage.file;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Striped read-write locks by id: a writer of an id (store, delete) excludes readers and writers of the
 * same id, so a reader never pairs one version's index entry with another version's file and the fixed
 * temporary name of an id is used by one writer at a time. Ids that share a stripe wait for each other,
 * which is rare and harmless.
 */
final class IdLocks {

    private final ReadWriteLock[] stripes;

    IdLocks(int stripes) {
        if (Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two: " + stripes);
        }
        this.stripes = new ReadWriteLock[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new ReentrantReadWriteLock();
        }
    }

    /** The lock of an id. */
    ReadWriteLock of(String id) {
        return stripes[stripe(id)];
    }

    /** The locks of several ids, each once, in the one order every caller takes them in. */
    List<ReadWriteLock> ofAll(Collection<String> ids) {
        TreeSet<Integer> indexes = new TreeSet<>();
        for (String id : ids) {
            indexes.add(stripe(id));
        }
        List<ReadWriteLock> locks = new ArrayList<>(indexes.size());
        for (int i : indexes) {
            locks.add(stripes[i]);
        }
        return locks;
    }

    /** Every lock, in the order {@link #ofAll} takes them. */
    List<ReadWriteLock> all() {
        return List.of(stripes);
    }

    private int stripe(String id) {
        int h = id.hashCode();
        h ^= h >>> 16;
        return h & (stripes.length - 1);
    }
}
