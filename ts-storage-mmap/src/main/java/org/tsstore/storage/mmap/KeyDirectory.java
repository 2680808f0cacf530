package org.tsstore.storage.mmap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-memory index: id to where the series' record lies. An open-addressing table (linear probing)
 * of immutable {@link Entry} objects, read without locks, written by one thread at a time (the manager's
 * writer).
 *
 * <p>Per series it holds one 32-byte entry, the id string (a 24-byte {@code String} and its byte array:
 * 16 bytes of header plus the id's bytes, padded to 8) and 1.3 to 2.7 four-byte table slots: about 80
 * bytes plus the id's bytes; {@code KeyDirectoryTest} measures about 110 bytes in all for 13-byte ids.
 * No buffer, array or boxed number per series. A series appended to has a 40-byte entry and its chain
 * ({@link Extents}): about 130 bytes more, and 20 to 40 per record (each record's view, mapped on first read,
 * is about 56 bytes more once read).
 *
 * <p>Readers see a consistent entry or none: entries are immutable and published with release stores.
 * A slot once used never becomes empty again in a live table (a deleted entry leaves a tombstone), so a
 * probe never stops short; the table is rebuilt into a new array, and published whole, when tombstones
 * and entries fill three quarters of it.
 */
final class KeyDirectory {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Entry[].class);
    private static final Entry DELETED = new Entry("", null, 0, 0, false);

    /**
     * Where one series' records lie: its store record, and for a series appended to, the chain of its
     * records ({@link Extents}). Immutable.
     */
    static class Entry {
        private static final long VERIFIED = 1L << 63;

        final String id;
        /** The segment of the series' store record (the first of its chain). */
        final Segment segment;
        /** Record offset in the segment, and the verified flag in the top bit. */
        private final long offsetAndFlag;
        final int size;

        Entry(String id, Segment segment, long offset, int size, boolean verified) {
            this.id = id;
            this.segment = segment;
            this.offsetAndFlag = verified ? offset | VERIFIED : offset;
            this.size = size;
        }

        /** The records of a series appended to, or {@code null} when its store record holds all its points. */
        Extents chain() {
            return null;
        }

        /** The offset of the series' store record (the first of its chain). */
        long offset() {
            return offsetAndFlag & ~VERIFIED;
        }

        /**
         * Whether the records were checked (or written) by this process, so reads skip the check. An
         * append keeps the flag: the extent it writes counts as checked.
         */
        boolean verified() {
            return offsetAndFlag < 0;
        }

        Entry asVerified() {
            return chain() == null ? new Entry(id, segment, offset(), size, true)
                    : new Chained(id, segment, offset(), true, chain());
        }

        /**
         * Writer-only: this entry followed by an extent record.
         *
         * @throws IllegalArgumentException if the series would pass {@link Integer#MAX_VALUE} points
         */
        Entry appended(Segment extentSegment, long extentOffset, int points) {
            return appended(extentSegment, extentOffset, points, Double.NaN);
        }

        /**
         * Writer-only: as {@link #appended(Segment, long, int)}, remembering the new last time so that the next
         * append checks its order without reading the record.
         */
        Entry appended(Segment extentSegment, long extentOffset, int points, double lastTime) {
            Extents c = chain() != null ? chain() : Extents.of(SeriesIdBytes.length(id), segment, offset(), size);
            return new Chained(id, segment, offset(), verified(),
                    c.appended(extentSegment, extentOffset, points, lastTime));
        }

        /** The number of records the series' points lie in. */
        int records() {
            return chain() == null ? 1 : chain().count;
        }

        /** The bytes of all the series' records. */
        long recordLength() {
            return chain() != null ? chain().bytes() : RecordFormat.recordLength(SeriesIdBytes.length(id), size);
        }
    }

    /**
     * The entry of a series appended to, with its chain of records: a subclass, so that the entries of the
     * other series stay 32 bytes.
     */
    private static final class Chained extends Entry {
        private final Extents chain;

        Chained(String id, Segment segment, long offset, boolean verified, Extents chain) {
            super(id, segment, offset, chain.size, verified);
            this.chain = chain;
        }

        @Override
        Extents chain() {
            return chain;
        }
    }

    private volatile Entry[] table = new Entry[16];
    /** Writer-only: live entries. */
    private int count;
    /** Writer-only: tombstone slots. */
    private int deleted;

    private static int spread(int h) {
        return (h ^ (h >>> 16)) * 0x9E3779B9;
    }

    /** The entry for an id, or {@code null}. Lock-free. */
    Entry get(String id) {
        Entry[] t = table;
        int mask = t.length - 1;
        int h = id.hashCode();
        for (int i = spread(h) & mask;; i = (i + 1) & mask) {
            Entry e = (Entry) SLOT.getAcquire(t, i);
            if (e == null) {
                return null;
            }
            if (e != DELETED && e.id.hashCode() == h && e.id.equals(id)) {
                return e;
            }
        }
    }

    /** Writer-only: adds or replaces the entry for its id; returns the one replaced, or {@code null}. */
    Entry put(Entry entry) {
        Entry[] t = table;
        int mask = t.length - 1;
        int h = entry.id.hashCode();
        int free = -1;
        for (int i = spread(h) & mask;; i = (i + 1) & mask) {
            Entry e = (Entry) SLOT.getAcquire(t, i);
            if (e == null) {
                if (free < 0) {
                    free = i;
                } else {
                    deleted--;
                }
                SLOT.setRelease(t, free, entry);
                count++;
                if (count + deleted > (t.length >>> 2) * 3) {
                    rebuild();
                }
                return null;
            }
            if (e == DELETED) {
                if (free < 0) {
                    free = i;
                }
            } else if (e.id.hashCode() == h && e.id.equals(entry.id)) {
                SLOT.setRelease(t, i, entry);
                return e;
            }
        }
    }

    /** Writer-only: removes the entry for an id; returns it, or {@code null}. */
    Entry remove(String id) {
        Entry[] t = table;
        int mask = t.length - 1;
        int h = id.hashCode();
        for (int i = spread(h) & mask;; i = (i + 1) & mask) {
            Entry e = (Entry) SLOT.getAcquire(t, i);
            if (e == null) {
                return null;
            }
            if (e != DELETED && e.id.hashCode() == h && e.id.equals(id)) {
                SLOT.setRelease(t, i, DELETED);
                count--;
                deleted++;
                return e;
            }
        }
    }

    /**
     * Any thread: records that an entry's record passed its check, unless the entry was replaced
     * meanwhile (then the flag is simply not set, and a later read checks again).
     */
    void markVerified(Entry entry) {
        Entry[] t = table;
        int mask = t.length - 1;
        int h = entry.id.hashCode();
        for (int i = spread(h) & mask;; i = (i + 1) & mask) {
            Entry e = (Entry) SLOT.getAcquire(t, i);
            if (e == null) {
                return;
            }
            if (e == entry) {
                SLOT.compareAndSet(t, i, entry, entry.asVerified());
                return;
            }
        }
    }

    private void rebuild() {
        Entry[] old = table;
        int capacity = 16;
        while ((capacity >>> 2) * 3L <= count + (count >>> 1)) {
            capacity <<= 1;
        }
        Entry[] t = new Entry[capacity];
        int mask = capacity - 1;
        for (Entry e : old) {
            if (e != null && e != DELETED) {
                int i = spread(e.id.hashCode()) & mask;
                while (t[i] != null) {
                    i = (i + 1) & mask;
                }
                t[i] = e;
            }
        }
        deleted = 0;
        table = t; // volatile write publishes the filled array
    }

    /** The live entries: a weakly consistent snapshot (each write is seen whole or not at all). */
    List<Entry> entries() {
        Entry[] t = table;
        List<Entry> out = new ArrayList<>(count);
        for (int i = 0; i < t.length; i++) {
            Entry e = (Entry) SLOT.getAcquire(t, i);
            if (e != null && e != DELETED) {
                out.add(e);
            }
        }
        return out;
    }

    /** Writer-only: the number of live entries. */
    int size() {
        return count;
    }
}
