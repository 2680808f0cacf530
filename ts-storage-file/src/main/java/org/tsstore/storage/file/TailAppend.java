package org.tsstore.storage.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.npy.NpySeries;

/**
 * Adds points to a series file in place. A file the store wrote is a Fortran-order (2, N) npy array
 * behind a 128-byte header ({@link NpySeries#fortranHeader}): point i is at {@code 128 + 16 i}, time
 * then value, so an append writes the new points after the end and rewrites only the header's shape.
 * The index's CRC-32C of the whole file is carried forward with {@link Crc32cShift} from the old header
 * and the new bytes, without reading the old data.
 *
 * <p>The order, which {@link Changes} completes with the journal record: the new points (forced with
 * {@code sync}, so that the file's new length is on the device before a header that counts them), the
 * new header (forced again), then the journal record, the commit point. Until the record is
 * written the file is longer than its index entry says, which {@link #rollBack} undoes (after a failed
 * journal write, or when the store is next opened after a crash).
 */
final class TailAppend implements Closeable {

    private static final int HEADER = NpySeries.FORTRAN_HEADER_BYTES;
    private static final int POINT = 2 * Double.BYTES;

    private final FileChannel channel;
    private final IndexEntry entry;
    private final double lastTime;
    /** What {@link #writePoints} wrote: the bytes, their CRC-32C and the points the file then has. */
    private long written;
    private int tailCrc;
    private int pointsAfter;

    private TailAppend(FileChannel channel, IndexEntry entry, double lastTime) {
        this.channel = channel;
        this.entry = entry;
        this.lastTime = lastTime;
    }

    /**
     * Opens a file for an append, or returns null when it is not in the layout an append extends (a C-order
     * file written by numpy or an older store, or one that does not match its entry): the caller then
     * rewrites it whole.
     *
     * @param file the series file
     * @param entry its index entry
     * @param io a buffer for the header
     */
    static TailAppend open(Path file, IndexEntry entry, IoBuffers.IoBuffer io) throws IOException {
        if (entry.fileBytes() != dataEnd(entry.points())) {
            return null;
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            if (ch.size() < entry.fileBytes()) {
                ch.close();
                return null;
            }
            ByteBuffer b = io.bytes.clear().limit(HEADER);
            readFully(ch, b, 0);
            byte[] header = new byte[HEADER];
            b.flip().get(header);
            if (!Arrays.equals(header, NpySeries.fortranHeader(entry.points()).encode())) {
                ch.close();
                return null;
            }
            double last = Double.NEGATIVE_INFINITY;
            if (entry.points() > 0) {
                ByteBuffer t = io.bytes.clear().limit(Double.BYTES);
                readFully(ch, t, dataEnd(entry.points() - 1));
                last = t.flip().order(ByteOrder.LITTLE_ENDIAN).getDouble();
            }
            return new TailAppend(ch, entry, last);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The stored last time, or negative infinity for an empty series. */
    double lastTime() {
        return lastTime;
    }

    /**
     * Writes the points after the end and the new header, forcing the file with {@code force}. On failure
     * the file is cut back to its entry before the exception is thrown.
     *
     * @param points checked points, every time after {@link #lastTime}
     * @param io the buffer to write through
     * @param force whether to force the file to the device
     * @return the file's new index entry
     */
    IndexEntry write(ArrayTimeSeries points, IoBuffers.IoBuffer io, boolean force) throws IOException {
        try {
            writePoints(points, io);
            if (force) {
                forcePoints();
            }
            IndexEntry next = writeHeader();
            if (force) {
                forceHeader();
            }
            return next;
        } catch (IOException | RuntimeException e) {
            rollBack(e, force);
            throw e;
        }
    }

    /**
     * The first half of an append, for a batch that forces many files at once: writes the points after the
     * end (cutting off anything beyond them), not the header. The caller rolls back on failure.
     */
    void writePoints(ArrayTimeSeries points, IoBuffers.IoBuffer io) throws IOException {
        CRC32C tail = new CRC32C();
        channel.position(entry.fileBytes());
        written = NpySeries.writeFortranData(channel, 0, points.size(), (row, from, into, at, length) -> {
            if (row == 0) {
                points.copyTimes(from, into, at, length);
            } else {
                points.copyValues(from, into, at, length);
            }
        }, io.bytes, io.scratch, tail);
        tailCrc = (int) tail.getValue();
        pointsAfter = entry.points() + points.size();
        long end = dataEnd(pointsAfter);
        if (channel.size() > end) {
            channel.truncate(end);
        }
    }

    /** Forces the points and the file's new length: a header must never reach the device before them. */
    void forcePoints() throws IOException {
        channel.force(true);
    }

    /** The second half of an append: writes the new header and returns the file's new index entry. */
    IndexEntry writeHeader() throws IOException {
        int n = pointsAfter;
        byte[] header = NpySeries.fortranHeader(n).encode();
        writeFully(channel, ByteBuffer.wrap(header), 0);
        int oldData = Crc32cShift.suffix(entry.crc(), crc(NpySeries.fortranHeader(entry.points()).encode()),
                entry.fileBytes() - HEADER);
        int data = Crc32cShift.concat(oldData, tailCrc, written);
        long end = dataEnd(n);
        return new IndexEntry(n, end, Crc32cShift.concat(crc(header), data, end - HEADER));
    }

    /** Forces the new header. */
    void forceHeader() throws IOException {
        channel.force(false);
    }

    /**
     * Cuts the file back to its entry after the journal record could not be written; a failure is added
     * to {@code cause}, and the next open cuts it back instead.
     */
    void rollBack(Exception cause, boolean force) {
        try {
            writeFully(channel, ByteBuffer.wrap(NpySeries.fortranHeader(entry.points()).encode()), 0);
            channel.truncate(entry.fileBytes());
            if (force) {
                channel.force(true);
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** Closes the file; a failure is ignored, as everything written was forced or is noted for a flush. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing depends on it
        }
    }

    /**
     * When the store opens: cuts a file that is longer than its entry (an append that a crash stopped
     * before its journal record) back to the entry, if the bytes the entry covers are the ones it
     * recorded. Returns whether it did.
     *
     * @param file the series file, longer than {@code entry.fileBytes()}
     * @param entry its index entry
     * @param io a buffer to read through
     * @param oldHeaderOnly cut back only if the file's header still counts the entry's points: an append
     *     writes its header before its journal record, so such an append was never journaled (the rule when
     *     journal records may have been lost, so that the journal's word is not needed)
     */
    static boolean cutBack(Path file, IndexEntry entry, IoBuffers.IoBuffer io, boolean oldHeaderOnly)
            throws IOException {
        if (entry.fileBytes() != dataEnd(entry.points())) {
            return false;
        }
        byte[] header = NpySeries.fortranHeader(entry.points()).encode();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (oldHeaderOnly) {
                ByteBuffer h = ByteBuffer.allocate(HEADER);
                readFully(ch, h, 0);
                if (!Arrays.equals(h.array(), header)) {
                    return false;
                }
            }
            CRC32C crc = new CRC32C();
            crc.update(header);
            ByteBuffer b = io.bytes;
            long at = HEADER;
            while (at < entry.fileBytes()) {
                b.clear().limit((int) Math.min(b.capacity(), entry.fileBytes() - at));
                readFully(ch, b, at);
                b.flip();
                at += b.remaining();
                crc.update(b);
            }
            if ((int) crc.getValue() != entry.crc()) {
                return false;
            }
            writeFully(ch, ByteBuffer.wrap(header), 0);
            ch.truncate(entry.fileBytes());
            ch.force(true);
            return true;
        }
    }

    /** Where the data of a store-written file of n points ends. */
    static long dataEnd(int n) {
        return HEADER + (long) POINT * n;
    }

    private static int crc(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b);
        return (int) c.getValue();
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new IOException("the file ended at byte " + p + " while reading");
            }
            p += n;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
    }
}
