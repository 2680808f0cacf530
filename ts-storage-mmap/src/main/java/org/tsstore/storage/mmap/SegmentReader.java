package org.tsstore.storage.mmap;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Buffered positional reads of a segment file through its channel, for scans (at open and by
 * {@code verify()}): no mapping, so a scan can precede cutting a torn tail off the file.
 */
final class SegmentReader {

    private final FileChannel channel;
    private final long limit;
    private final ByteBuffer buffer;
    private long bufferStart;
    private int bufferLength;

    /**
     * @param channel the segment's channel
     * @param limit the offset past which nothing is read (the file size or the logical end)
     * @param buffer a heap or direct buffer to reuse, at least {@link RecordFormat#MAX_HEADER_BYTES} long
     */
    SegmentReader(FileChannel channel, long limit, ByteBuffer buffer) {
        this.channel = channel;
        this.limit = limit;
        this.buffer = buffer.order(ByteOrder.LITTLE_ENDIAN);
        this.buffer.clear().limit(0);
    }

    long limit() {
        return limit;
    }

    /**
     * The buffer, positioned at {@code position}, with at least {@code min(length, limit - position)}
     * bytes remaining; {@code length} must not exceed the buffer's capacity. The caller may move the
     * buffer's position and limit; the next call resets them.
     */
    ByteBuffer at(long position, int length) throws IOException {
        int wanted = (int) Math.min(length, limit - position);
        if (position >= bufferStart && position + wanted <= bufferStart + bufferLength) {
            buffer.limit(bufferLength).position((int) (position - bufferStart));
            return buffer;
        }
        buffer.clear();
        long stop = Math.min(limit, position + buffer.capacity());
        buffer.limit((int) (stop - position));
        bufferStart = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, bufferStart + buffer.position());
            if (n < 0) {
                break;
            }
        }
        buffer.flip();
        bufferLength = buffer.limit();
        if (bufferLength < wanted) {
            throw new EOFException("file ends at " + (bufferStart + buffer.limit()) + ", before " + limit);
        }
        return buffer;
    }

    /** Up to {@code length} bytes at {@code position} into {@code dst}; returns how many (fewer at the limit). */
    int read(long position, byte[] dst, int length) throws IOException {
        int n = (int) Math.min(length, limit - position);
        if (n <= 0) {
            return 0;
        }
        at(position, n).get(dst, 0, n);
        return n;
    }

    long getLong(long position) throws IOException {
        return at(position, 8).getLong();
    }

    int getInt(long position) throws IOException {
        return at(position, 4).getInt();
    }

    int capacity() {
        return buffer.capacity();
    }
}
