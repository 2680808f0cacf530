package org.tsstore.storage.mmap;

/**
 * The rules that tell lost records from a torn write at the end of a segment (FORMAT.md, "Lost records",
 * rules 2 and 3: the missing seal and the witness not reached), applied alike on open and by
 * {@code verify()}.
 */
final class SegmentTail {

    private SegmentTail() {}

    /** Whether a witness value needs no record end to match it: none (0) or an empty segment (16 bytes). */
    static boolean trivial(int witness) {
        return witness == 0 || witness == RecordFormat.witnessOf(RecordFormat.SEGMENT_HEADER_BYTES);
    }

    /**
     * The loss a scan's end reveals, or {@code null} when the end is one the writer or a crash leaves.
     *
     * @param segment the segment, for the message
     * @param newest whether it is the newest segment (only that one may lack a seal)
     * @param end how the scan ended
     * @param witness the witness from the segment header
     * @param witnessReached whether the scan met a record ending at the witnessed end, or started after it
     */
    static String lost(Segment segment, boolean newest, SegmentScanner.End end, int witness, boolean witnessReached) {
        if (!newest && end.kind != SegmentScanner.EndKind.SEALED) {
            return "segment file " + segment + " ends at offset " + end.offset + " without a seal although newer"
                    + " segments follow: records after that offset were lost";
        }
        if (!trivial(witness) && !witnessReached) {
            return "the records of segment file " + segment + " end at offset " + end.offset + ", but its header"
                    + " witnesses acknowledged records up to offset " + (Integer.toUnsignedLong(witness) << 3)
                    + ": records were lost";
        }
        return null;
    }
}
