package org.tsstore.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.ArrayTimeSeries;
import org.tsstore.npy.NpySeries;

/**
 * Reads the points of a Fortran-order series file in a time range: the {@link BlockTable} (kept in
 * memory or read from the file's {@link BlockSidecar}) names the blocks that can hold them (a binary search over the blocks' first times), only those are read
 * (positional reads), each is checked against its CRC-32C, and the range is cut from them by binary
 * search ({@code slice}, a view of the decoded blocks). The header is read and checked too, so a
 * file replaced or cut short is refused as a whole read would refuse it.
 */
final class RangeRead {

    private static final int HEADER = NpySeries.FORTRAN_HEADER_BYTES;

    private RangeRead() {}

    /**
     * The points in {@code [from, to)}.
     *
     * @param file the series file
     * @param entry its index entry
     * @param table its block table, for the same entry
     * @param io the buffer to read through
     * @throws SeriesFileException if the header or a block read does not match
     */
    static SizedContainerTimeSeries read(Path file, IndexEntry entry, BlockTable table, double from, double to,
            IoBuffers.IoBuffer io, ReadChannels reads) throws IOException, SeriesFileException {
        int[] span = table.blocksOf(from, to);
        if (span == null) {
            return ArrayTimeSeries.empty();
        }
        int firstPoint = span[0] * BlockTable.BLOCK_POINTS;
        int count = 0;
        for (int b = span[0]; b <= span[1]; b++) {
            count += table.pointsIn(b);
        }
        double[] times = new double[count];
        double[] values = new double[count];
        try (FileChannel ch = reads.open(file)) {
            if (ch.size() != entry.fileBytes()) {
                throw new SeriesFileException("it is " + ch.size() + " bytes long but the index records "
                        + entry.fileBytes() + " (changed outside the store?)");
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            readFully(ch, header, 0);
            if (!header.flip().equals(ByteBuffer.wrap(NpySeries.fortranHeader(entry.points()).encode()))) {
                throw new SeriesFileException("its header is not the one for the " + entry.points()
                        + " points the index records: it is corrupt (or was changed outside the store)");
            }
            ByteBuffer b = io.bytes;
            int at = 0;
            for (int block = span[0]; block <= span[1]; block++) {
                int n = table.pointsIn(block);
                b.clear().limit(16 * n);
                readFully(ch, b, HEADER + (long) BlockTable.BLOCK_BYTES * block);
                b.flip();
                CRC32C crc = new CRC32C();
                crc.update(b.duplicate());
                if ((int) crc.getValue() != table.crc(block)) {
                    throw new SeriesFileException(String.format("%s has CRC-32C %08x but %08x was recorded: the data"
                            + " is corrupt (or the file was changed outside the store)", table.describe(block),
                            (int) crc.getValue(), table.crc(block)));
                }
                ByteBuffer d = b.order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) {
                    times[at] = d.getDouble();
                    values[at] = d.getDouble();
                    at++;
                }
            }
        }
        int after = span[1] + 1;
        if (after < table.blocks() && !table.verified(after) && !(times[count - 1] >= to)) {
            throw new SeriesFileException("it fails its whole-file CRC-32C, and the range may reach "
                    + table.describe(after) + ", whose checksum is not recorded: the data after byte "
                    + (HEADER + (long) BlockTable.BLOCK_BYTES * after) + " cannot be checked");
        }
        try {
            return ArrayTimeSeries.of(times, values).slice(from, to);
        } catch (IllegalArgumentException e) {
            throw new SeriesFileException("its data breaks the series rules near point " + firstPoint + ": "
                    + e.getMessage());
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException, SeriesFileException {
        long p = at;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new SeriesFileException("it ended at byte " + p + ", before the end the index records");
            }
            p += n;
        }
    }
}
