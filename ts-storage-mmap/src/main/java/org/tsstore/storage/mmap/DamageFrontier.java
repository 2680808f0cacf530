package org.tsstore.storage.mmap;

/**
 * A place in log order where recovery found records lost (FORMAT.md, "Lost records"): records before it
 * may be older versions; records after it are unaffected. Immutable.
 */
final class DamageFrontier {

    /** The segment number of the damage. */
    final int segment;
    /** The offset in that segment before which records are suspect; {@link Long#MAX_VALUE} for all of it. */
    final long offset;
    /** What was lost and where, naming the segment file, for messages. */
    final String problem;

    DamageFrontier(int segment, long offset, String problem) {
        this.segment = segment;
        this.offset = offset;
        this.problem = problem;
    }

    /** Whether the record of an entry lies before this damage in log order. */
    boolean precedes(KeyDirectory.Entry e) {
        return e.segment.number < segment || e.segment.number == segment && e.offset() < offset;
    }

    /** The later of two frontiers in log order ({@code null} counts as the earliest). */
    static DamageFrontier later(DamageFrontier a, DamageFrontier b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.segment > a.segment || b.segment == a.segment && b.offset >= a.offset ? b : a;
    }
}
