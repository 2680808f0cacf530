package org.tsstore.storage.mmap;

/**
 * A place in log order: a segment number and an offset in that segment. Log order is segment number first,
 * then offset (FORMAT.md, "Reading a store").
 *
 * @param segment the segment number
 * @param offset the offset in that segment
 */
record LogPlace(int segment, long offset) {

    /** Whether this place comes before {@code segment}, {@code offset} in log order. */
    boolean before(int otherSegment, long otherOffset) {
        return segment < otherSegment || segment == otherSegment && offset < otherOffset;
    }

    /** Whether this place comes before a loss in log order. */
    boolean before(DamageFrontier loss) {
        return before(loss.segment, loss.offset);
    }
}
