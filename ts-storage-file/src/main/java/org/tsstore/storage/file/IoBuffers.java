package org.tsstore.storage.file;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reusable I/O buffers through which every series file is written and read: a direct buffer (the
 * kernel copies straight into or out of it) and a small heap array for the series' bulk accessors. A
 * pool rather than one buffer, so that threads storing different ids do not queue for it; only a few
 * are kept.
 */
final class IoBuffers {

    /** Bytes per buffer: large enough for few system calls, small enough to stay in the CPU's cache. */
    static final int CAPACITY = 256 * 1024;

    /** One direct buffer and its scratch array. */
    static final class IoBuffer {
        final ByteBuffer bytes = ByteBuffer.allocateDirect(CAPACITY).order(ByteOrder.LITTLE_ENDIAN);
        final double[] scratch = new double[CAPACITY / Double.BYTES];
    }

    private final ConcurrentLinkedQueue<IoBuffer> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger kept = new AtomicInteger();
    private final int keep;

    IoBuffers(int keep) {
        this.keep = keep;
    }

    /** A buffer for one read or write; give it back afterwards. */
    IoBuffer take() {
        IoBuffer b = free.poll();
        if (b == null) {
            return new IoBuffer();
        }
        kept.decrementAndGet();
        return b;
    }

    /** Returns a buffer for reuse, or lets it go when enough are kept. */
    void give(IoBuffer b) {
        if (kept.incrementAndGet() <= keep) {
            b.bytes.clear();
            free.offer(b);
        } else {
            kept.decrementAndGet();
        }
    }
}
