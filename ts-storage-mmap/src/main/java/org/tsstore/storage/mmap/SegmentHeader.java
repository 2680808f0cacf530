package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * The 16-byte header of a segment file as read from disk, or as much of it as the file holds (layout in
 * FORMAT.md, "Segment file"). The one header check that recovery (which refuses a foreign file and
 * counts a zero header as lost records) and {@code verify()} (which reports any bad header) share.
 */
final class SegmentHeader {

    private final ByteBuffer bytes;
    private final int length;

    private SegmentHeader(ByteBuffer bytes, int length) {
        this.bytes = bytes;
        this.length = length;
    }

    /** Reads the header from the start of a segment file, or as much of it as there is. */
    static SegmentHeader read(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(RecordFormat.SEGMENT_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && channel.read(b, b.position()) >= 0) {
            // the header, or as much as there is
        }
        return new SegmentHeader(b, b.position());
    }

    /** Whether the file holds all 16 header bytes. */
    boolean complete() {
        return length == RecordFormat.SEGMENT_HEADER_BYTES;
    }

    /** Whether every header byte the file holds is zero (none counts): the header was lost. */
    boolean zero() {
        for (int i = 0; i < length; i++) {
            if (bytes.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the header is complete and starts with the segment magic. */
    boolean hasMagic() {
        return complete() && bytes.getLong(0) == RecordFormat.SEGMENT_MAGIC;
    }

    /** The format version; only meaningful when {@link #complete()}. */
    int version() {
        return bytes.getInt(8);
    }

    /** Whether the header is complete, with the magic and the version this code writes. */
    boolean valid() {
        return hasMagic() && version() == RecordFormat.VERSION;
    }

    /** The witness (see {@link SegmentTail}); only meaningful when {@link #complete()}. */
    int witness() {
        return bytes.getInt(RecordFormat.WITNESS_OFFSET);
    }
}
