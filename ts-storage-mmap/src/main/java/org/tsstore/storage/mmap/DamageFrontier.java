package org.tsstore.storage.mmap;

/**
 * The last place, in log order, where recovery found records lost: a damaged stretch that hid a record's
 * header, a segment that lost its tail (its seal, or records its witness vouches for), a segment whose
 * header is gone. A lost record may have replaced or deleted any series whose winning record comes before
 * it, so such a record may be an older version and is not served. Records after it are unaffected: a lost
 * record can only be overridden by later ones. Immutable.
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
