package org.tsstore.codec;

/**
 * How a block's values are coded, as its header tags them; the encoder picks the smallest for each block.
 */
public enum ValueScheme {
    /** Every value as its 64 raw bits. */
    RAW(0),
    /** Gorilla's XOR of each value with the one before, with leading and trailing zero counts. */
    XOR(1),
    /**
     * ALP's decimal idea: an exponent and factor that make the values integers, frame-of-reference bit packing
     * of those integers (or of their differences), and exceptions for values that do not come back exactly:
     * a small correction of the raw bits, or the raw bits themselves. Tag 3 since full blocks pack their
     * integers by lanes ({@code DecimalLanes}); blocks tagged 2, written before, packed them one after another
     * and still read back as this scheme.
     */
    DECIMAL(3);

    /** The decimal scheme's tag before full blocks were packed by lanes: still read, no longer written. */
    static final int LEGACY_DECIMAL_TAG = 2;

    private final int tag;

    ValueScheme(int tag) {
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

    static ValueScheme ofTag(int tag) {
        if (tag == LEGACY_DECIMAL_TAG) {
            return DECIMAL;
        }
        for (ValueScheme s : values()) {
            if (s.tag == tag) {
                return s;
            }
        }
        return null;
    }
}
