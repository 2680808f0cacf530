package org.tsstore.storage.mmap;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;

/**
 * One read-only mapping of part of a segment: {@code [start, end)} of the file. Never changed after it
 * is made; views share it across threads through absolute reads only. The mapping lives as long as any
 * view references it, and is unmapped by the garbage collector after that.
 */
final class Window {

    /** File offset of the first mapped byte. */
    final long start;
    /** File offset after the last mapped byte. */
    final long end;
    /** The mapping, little-endian, read-only. Absolute reads only. */
    final ByteBuffer bytes;
    /** The same mapping as doubles: index {@code i} is file offset {@code start + 8 i}. Absolute reads only. */
    final DoubleBuffer doubles;

    Window(long start, long end, ByteBuffer bytes, DoubleBuffer doubles) {
        this.start = start;
        this.end = end;
        this.bytes = bytes;
        this.doubles = doubles;
    }
}
