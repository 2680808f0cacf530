package org.tsstore.storage.mmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * One append-only segment file: its channel, its logical end and the read-only windows mapped over it.
 *
 * <p>Windows start every {@code 2^windowShift} bytes and reach up to twice that far (less at the end of
 * the file), so any run of at most {@code 2^windowShift} bytes lies inside one window; a longer series
 * spans several. A window is mapped on first use and mapped again, larger, when the segment has grown
 * past it; views keep the mapping they were made with. Reads of cached windows take no lock.
 *
 * <p>The writer (under the manager's write lock) appends through the channel and owns the fields marked
 * writer-only. The file is never truncated while this process may have it mapped, and the bytes of a
 * published record never change, so a view never sees other data and never faults.
 */
final class Segment {

    /** Default window stride: 512 MiB, so that windows are at most 1 GiB. */
    static final int DEFAULT_WINDOW_SHIFT = 29;

    private static final long MIN_GROWTH = 1 << 20;
    private static final long MAX_GROWTH = 64 << 20;
    private static final long MAX_WRITTEN_GROWTH = 8 << 20;

    final int number;
    final Path path;
    private final int windowShift;

    private final Object lock = new Object();
    /** Guarded by {@code lock}; reopened when an interrupt closed it. */
    private FileChannel channel;
    /** Guarded by {@code lock}. */
    private boolean writable;
    /** Guarded by {@code lock}. */
    private boolean retired;
    /** Guarded by {@code lock}: the temporary file of a segment not yet renamed into place, or {@code null}. */
    private Path pending;
    private volatile Window[] windows = new Window[0];
    /** Writer-only: the 4 bytes of the witness, reused by every append rather than allocated per record. */
    private final ByteBuffer witnessBytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);

    /** The file size: the logical end plus sparse room for the next records. */
    volatile long capacity;
    /** After the last complete record: where the next one goes. */
    volatile long end;
    /** How far the records are known forced to the device (for {@link GroupCommit}); only grows. */
    volatile long forcedEnd;

    /** Writer-only: recovery found records lost in it; it is left as it is and takes no more records. */
    boolean damaged;
    /** Writer-only: holds a seal record and takes no more records. */
    boolean sealed;
    /** Writer-only: has writes not yet forced to the device. */
    boolean dirty;
    /** Writer-only: after the last byte a failed write may have left beyond {@link #end}. */
    long dirtyEnd;
    /** Writer-only: offset of the last complete record, 0 when there is none (for the hint file). */
    long lastRecord;
    /** Writer-only: header checksum of the last complete record. */
    int lastHeaderCrc;

    Segment(int number, Path path, int windowShift, long capacity, long end) {
        this.number = number;
        this.path = path;
        this.windowShift = windowShift;
        this.capacity = capacity;
        this.end = end;
        this.dirtyEnd = end;
    }

    static String fileName(int number) {
        return String.format("%010d.seg", number);
    }

    /**
     * Creates a segment that is not part of the store yet: its header in the temporary file
     * {@code NNNNNNNNNN.seg.tmp} (which opening a store deletes), open for writing. Records written to it
     * count only once {@link #publish} renames it into place; {@link #discard} deletes it.
     */
    static Segment createPending(Path directory, int number, int windowShift) throws IOException {
        Path path = directory.resolve(fileName(number));
        Path temp = directory.resolve(fileName(number) + TEMP_SUFFIX);
        if (Files.exists(path)) {
            throw new FileAlreadyExistsException(path.toString());
        }
        FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            ByteBuffer h = header();
            while (h.hasRemaining()) {
                ch.write(h, h.position());
            }
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(temp);
            throw e;
        }
        Segment s = new Segment(number, path, windowShift, RecordFormat.SEGMENT_HEADER_BYTES,
                RecordFormat.SEGMENT_HEADER_BYTES);
        synchronized (s.lock) {
            s.channel = ch;
            s.writable = true;
            s.pending = temp;
        }
        s.dirty = true;
        return s;
    }

    /**
     * Writer-only: renames a pending segment into place, after forcing what it holds when {@code force} (so that
     * no power loss leaves the name without the header and records). The caller forces the directory when
     * durability asks. Does nothing for a segment already in place.
     */
    void publish(boolean force) throws IOException {
        Path temp;
        synchronized (lock) {
            temp = pending;
        }
        if (temp == null) {
            return;
        }
        if (force) {
            channel().force(true);
        }
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
        synchronized (lock) {
            pending = null;
        }
    }

    /** Writer-only: closes a pending segment and deletes its temporary file, best effort. */
    void discard() {
        Path temp;
        synchronized (lock) {
            temp = pending;
        }
        retire();
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // left for the next open, which deletes every temporary segment file
            }
        }
    }

    /** The suffix of a segment file being created; such files are deleted on open. */
    static final String TEMP_SUFFIX = ".tmp";

    /**
     * Writer-only: records in the header that the segment's records reach {@link #end}: the witness that
     * lets recovery tell a cut or zeroed tail (damage) from a torn write (a crash before this call). Called
     * after each acknowledged append, once the record is complete (and forced, when durability asks).
     */
    void witness() throws IOException {
        witnessBytes.clear();
        witnessBytes.putInt(0, RecordFormat.witnessOf(end));
        channel().write(witnessBytes, RecordFormat.WITNESS_OFFSET);
        dirty = true;
    }

    /**
     * Any thread (the group commit's leader): records in the header that the segment's records reach
     * {@code recordsEnd}, once they are forced up to there. Not forced itself.
     */
    void witness(long recordsEnd) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, RecordFormat.witnessOf(recordsEnd));
        channel().write(b, RecordFormat.WITNESS_OFFSET);
    }

    /** Notes that the records up to {@code to} are on the device. */
    synchronized void forced(long to) {
        if (to > forcedEnd) {
            forcedEnd = to;
        }
    }

    /** The 16-byte segment header, with no witness yet. */
    static ByteBuffer header() {
        ByteBuffer b = ByteBuffer.allocate(RecordFormat.SEGMENT_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(RecordFormat.SEGMENT_MAGIC).putInt(RecordFormat.VERSION).putInt(0).flip();
        return b;
    }

    /** Lets the writer append: the channel is (re)opened for reading and writing. */
    void makeWritable() throws IOException {
        synchronized (lock) {
            if (!writable) {
                writable = true;
                if (channel != null) {
                    channel.close();
                    channel = null;
                }
            }
        }
        channel();
    }

    /** Reads file bytes at {@code position} through the channel (a read-only store's check for changes). */
    int readAt(ByteBuffer dst, long position) throws IOException, SegmentRetiredException {
        try {
            return channel().read(dst, position);
        } catch (java.nio.channels.ClosedChannelException e) {
            throw new SegmentRetiredException("segment " + path + " is no longer read");
        }
    }

    /** The channel, opened on first use and again after an interrupt closed it. */
    FileChannel channel() throws IOException {
        synchronized (lock) {
            if (channel == null || !channel.isOpen()) {
                if (retired) {
                    throw new ClosedChannelException();
                }
                Path file = pending != null ? pending : path;
                channel = writable
                        ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)
                        : FileChannel.open(file, StandardOpenOption.READ);
            }
            return channel;
        }
    }

    /**
     * Writer-only: makes the file at least {@code needed} bytes long, growing it by a step that doubles up
     * to 64 MiB (never past {@code limit} unless one record needs it), so that windows are remapped rarely
     * while the segment fills. The new room is sparse, unless {@code writeZeros}: then it is written with
     * zeros and forced, so that later appends overwrite allocated blocks and each {@code fdatasync} of
     * {@code durability=sync} flushes only their data, not new block allocations (steps then stop at 8 MiB,
     * and a record larger than that gets sparse room).
     */
    void ensureCapacity(long needed, long limit, RecordWriter writer, boolean writeZeros) throws IOException {
        if (needed <= capacity) {
            return;
        }
        // a large record (or a series that lies about its size) is never pre-written: sparse room only
        boolean written = writeZeros && needed - capacity <= MAX_WRITTEN_GROWTH;
        long step = Math.min(Math.max(capacity, MIN_GROWTH), written ? MAX_WRITTEN_GROWTH : MAX_GROWTH);
        long target = Math.min(needed + step, Math.max(needed, limit));
        if (written) {
            writer.zero(channel(), capacity, target);
            channel().force(false);
        } else {
            channel().write(ByteBuffer.allocate(1), target - 1);
        }
        capacity = target;
    }

    /**
     * Writer-only: appends the seal record, after which the segment takes no more records. The caller
     * forces it when durability asks.
     */
    void appendSeal(RecordWriter writer, long sequence, long limit) throws IOException {
        long position = end;
        try {
            ensureCapacity(position + RecordFormat.SEAL_BYTES, limit, writer, false);
            writer.writeMarker(channel(), position, RecordFormat.SEAL, new byte[0], sequence);
            clearStale(writer, position + RecordFormat.SEAL_BYTES);
        } catch (IOException | RuntimeException e) {
            dirtyEnd = Math.max(dirtyEnd, writer.writtenEnd());
            throw e;
        }
        appended(position, RecordFormat.SEAL_BYTES, writer.headerCrc());
        sealed = true;
    }

    /**
     * Writer-only: after a record was written to {@code [.., recordEnd)}, zeroes what an earlier failed
     * write left beyond it, so that nothing but zeros ever follows the last record.
     */
    void clearStale(RecordWriter writer, long recordEnd) throws IOException {
        if (dirtyEnd > recordEnd) {
            writer.zero(channel(), recordEnd, dirtyEnd);
        }
        dirtyEnd = recordEnd;
    }

    /**
     * Writer-only, after a failed append at {@code position}: zeroes the record's first bytes, best effort,
     * so that a record that did reach the file complete (the failure came after it, while clearing stale
     * bytes on a full disk, say) is not found by the next scan: the append was refused, so it must not
     * appear later. Its page was just written, so this write needs no new space.
     */
    void unwrite(long position) {
        if (position >= end && position + 8 <= capacity) {
            try {
                channel().write(ByteBuffer.allocate(8), position);
            } catch (IOException e) {
                // a full disk or a closed channel: the stale bytes stay, and the next append overwrites them
            }
        }
    }

    /**
     * Writer-only, after a failed write of a record at {@code position} that was not preceded by
     * {@link #ensureCapacity} (a record too large to check before it is written): puts the file back exactly as
     * it was, the written bytes below {@code oldCapacity} zeroed again (nothing but zeros follows the last
     * record) and the file cut back to {@code oldCapacity}. No window reaches past {@code oldCapacity}: the
     * capacity readers map by was not raised during the write.
     *
     * @param writtenEnd after the last byte the write may have reached
     */
    void undo(RecordWriter writer, long position, long oldCapacity, long writtenEnd) throws IOException {
        long zeroTo = Math.min(writtenEnd, oldCapacity);
        if (zeroTo > position) {
            writer.zero(channel(), position, zeroTo);
        }
        if (channel().size() > oldCapacity) {
            channel().truncate(oldCapacity);
        }
        long stale = Math.min(dirtyEnd, oldCapacity); // what an earlier failure left, if it reaches further
        dirtyEnd = stale > zeroTo ? stale : end;
    }

    /** Writer-only: notes a complete record appended at {@code position}. */
    void appended(long position, long length, int headerCrc) {
        lastRecord = position;
        lastHeaderCrc = headerCrc;
        end = position + length;
        dirtyEnd = Math.max(dirtyEnd, end);
        dirty = true;
    }

    /** Writer-only: forces written data to the device if any is pending. */
    void force() throws IOException {
        long written = end;
        if (dirty) {
            channel().force(false);
            dirty = false;
        }
        forced(written);
    }

    /**
     * The window starting at {@code k << windowShift} that reaches at least to file offset {@code needed}.
     *
     * @throws SegmentRetiredException if the window must be mapped but the segment was compacted away
     */
    Window window(int k, long needed) throws IOException, SegmentRetiredException {
        Window[] ws = windows;
        if (k < ws.length && ws[k] != null && ws[k].end >= needed) {
            return ws[k];
        }
        synchronized (lock) {
            ws = windows;
            if (k < ws.length && ws[k] != null && ws[k].end >= needed) {
                return ws[k];
            }
            if (retired) {
                throw new SegmentRetiredException("segment " + path + " was compacted away");
            }
            long start = (long) k << windowShift;
            // another process's writer cuts the room off the newest segment: a reader's capacity may pass the end
            long reach = Math.min(capacity, channel().size());
            long length = Math.min(2L << windowShift, reach - start);
            if (start + length < needed) {
                throw new IOException("offset " + needed + " lies beyond the end " + capacity + " of " + path);
            }
            MappedByteBuffer mapped = channel().map(FileChannel.MapMode.READ_ONLY, start, length);
            mapped.order(ByteOrder.LITTLE_ENDIAN);
            DoubleBuffer doubles = mapped.asDoubleBuffer();
            Window w = new Window(start, start + length, mapped, doubles);
            Window[] grown = ws.length > k ? ws.clone() : Arrays.copyOf(ws, k + 1);
            grown[k] = w;
            windows = grown;
            return w;
        }
    }

    private int windowOf(long offset) {
        return (int) (offset >>> windowShift);
    }

    /** Whether {@code [offset, offset + length)} can be read through a mapping now (see {@link #window}). */
    boolean mappable(long offset, int length) throws IOException, SegmentRetiredException {
        long needed = offset + length;
        Window[] ws = windows;
        int k = windowOf(offset);
        try {
            return needed <= capacity && (k < ws.length && ws[k] != null && ws[k].end >= needed
                    || channel().size() >= needed);
        } catch (java.nio.channels.ClosedChannelException e) {
            throw new SegmentRetiredException("segment " + path + " is no longer read");
        }
    }

    /** A read-only view of {@code points} times at {@code data} followed by as many values. */
    MappedSeries view(long data, int points) throws IOException, SegmentRetiredException {
        if (points == 0) {
            return MappedSeries.EMPTY;
        }
        long dataEnd = data + 16L * points;
        int first = windowOf(data);
        long firstStart = (long) first << windowShift;
        if (dataEnd - firstStart <= 2L << windowShift) {
            Window w = window(first, dataEnd);
            int times = (int) ((data - w.start) >>> 3);
            return MappedSeries.single(w.doubles, times, times + points, points);
        }
        int last = windowOf(dataEnd - 1);
        DoubleBuffer[] parts = new DoubleBuffer[last - first + 1];
        for (int k = first; k <= last; k++) {
            parts[k - first] = window(k, Math.min((long) (k + 1) << windowShift, dataEnd)).doubles;
        }
        long times = (data - firstStart) >>> 3;
        return MappedSeries.chunked(parts, windowShift - 3, times, times + points, points);
    }

    /** Copies {@code length} bytes at {@code offset} (at most one window stride) from the mapping. */
    void read(long offset, byte[] dst, int length) throws IOException, SegmentRetiredException {
        Window w = window(windowOf(offset), offset + length);
        w.bytes.get((int) (offset - w.start), dst, 0, length);
    }

    /** The CRC32C of {@code [from, to)}, read through the mapping. */
    int crc(long from, long to) throws IOException, SegmentRetiredException {
        CRC32C crc = new CRC32C();
        long position = from;
        while (position < to) {
            int k = windowOf(position);
            long stop = Math.min(to, (long) (k + 1) << windowShift);
            Window w = window(k, stop);
            ByteBuffer run = w.bytes.duplicate();
            run.limit((int) (stop - w.start)).position((int) (position - w.start));
            crc.update(run);
            position = stop;
        }
        return (int) crc.getValue();
    }

    /**
     * The length of the file as the file system had it at most {@link #SIZE_CHECK_NANOS} ago (another process may
     * have cut it short since the store wrote it). One {@code fstat} costs about 2 µs on the machines measured,
     * 25 times a {@code get}; first reads of many small records close together share one.
     *
     * @throws SegmentRetiredException if the segment was compacted away
     */
    long fileSize() throws IOException, SegmentRetiredException {
        long now = System.nanoTime();
        long known = sizeChecked;
        if (known >= 0 && now - sizeCheckedAt < SIZE_CHECK_NANOS) {
            return known;
        }
        synchronized (lock) {
            if (retired) {
                throw new SegmentRetiredException("segment " + path + " was compacted away");
            }
            long size = channel().size();
            sizeCheckedAt = now;
            sizeChecked = size;
            return size;
        }
    }

    /** How long a file length read by {@link #fileSize()} is taken as current: a millisecond. */
    static final long SIZE_CHECK_NANOS = 1_000_000;
    private volatile long sizeChecked = -1;
    private volatile long sizeCheckedAt;

    /** Stops mapping and closes the channel; cached windows stay valid for the views that hold them. */
    void retire() {
        synchronized (lock) {
            retired = true;
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing a channel we only read and forced: nothing is lost
                }
                channel = null;
            }
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
