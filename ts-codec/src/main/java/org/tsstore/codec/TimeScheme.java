package org.tsstore.codec;

/**
 * How a block's times are coded, as its header tags them.
 */
public enum TimeScheme {
    /** Every time as its 64 raw bits: the fallback no block is larger than. */
    RAW(0),
    /** Delta-of-delta of the times as integers: every time of the block is an integral double of at most 2^53. */
    DELTA_OF_DELTA_INTEGER(1),
    /** Delta-of-delta of the times' raw bits as longs: lossless for any double, small for regular spacing. */
    DELTA_OF_DELTA_BITS(2),
    /** Integral times at one constant step: only the step is stored (64 bits), the common case of a sensor. */
    REGULAR_INTEGER(3);

    private final int tag;

    TimeScheme(int tag) {
        this.tag = tag;
    }

    /**
     * The tag stored in a block header.
     *
     * @return the tag byte
     */
    public int tag() {
        return tag;
    }

    static TimeScheme ofTag(int tag) {
        for (TimeScheme s : values()) {
            if (s.tag == tag) {
                return s;
            }
        }
        return null;
    }
}
