package org.tsstore.storage.redis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.NoSuchElementException;
import java.util.zip.CRC32C;
import org.tsstore.api.SizedContainerTimeSeries;
import org.tsstore.core.backend.Checksums;

/**
 * Cuts the payload of a series (all times, then all values, as little-endian float64) into chunks of a
 * fixed size, one at a time, so that a series of any length is written without building the whole
 * payload in memory, and keeps the CRC32C of what it produced. A double may straddle two chunks.
 *
 * <p>Each chunk value ends with the CRC32C of its own payload bytes ({@link #TRAILER_BYTES}, little-endian),
 * so that a damaged chunk is found and named by its key; the pointer's CRC32C over the whole payload
 * still catches chunks that are each intact but do not belong together.
 */
final class PayloadEncoder {

    /** The per-chunk checksum after the payload bytes of every chunk value. */
    static final int TRAILER_BYTES = Checksums.CHECKSUM_BYTES;
    private static final int BLOCK = 4096;

    private final SizedContainerTimeSeries series;
    private final int chunkBytes;
    private final int points;
    private final int chunkCount;
    private final double[] block = new double[BLOCK];
    private final CRC32C crc = new CRC32C();
    private int blockStart = -1;
    private long nextDouble; // 0 .. 2 * points: times first, then values
    private int pendingByte; // bytes of doubles[nextDouble] already written into the previous chunk
    private int produced;

    PayloadEncoder(SizedContainerTimeSeries series, int chunkBytes) {
        this.series = series;
        this.chunkBytes = chunkBytes;
        this.points = series.size();
        this.chunkCount = SeriesPointer.chunkCount(points, chunkBytes);
    }

    int chunkCount() {
        return chunkCount;
    }

    boolean hasNext() {
        return produced < chunkCount;
    }

    /** The CRC32C of every chunk produced so far; of the whole payload once {@link #hasNext} is false. */
    int crc() {
        return (int) crc.getValue();
    }

    byte[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException("all " + chunkCount + " chunks produced");
        }
        long remaining = 16L * points - (long) produced * chunkBytes;
        int length = (int) Math.min(chunkBytes, remaining);
        ByteBuffer chunk = ByteBuffer.allocate(length + TRAILER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        chunk.limit(length);
        byte[] scratch = new byte[8];
        ByteBuffer scratchBuffer = ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN);
        while (chunk.hasRemaining()) {
            double d = doubleAt(nextDouble);
            if (pendingByte == 0 && chunk.remaining() >= 8) {
                chunk.putDouble(d);
                nextDouble++;
            } else {
                scratchBuffer.putDouble(0, d);
                int n = Math.min(8 - pendingByte, chunk.remaining());
                chunk.put(scratch, pendingByte, n);
                pendingByte += n;
                if (pendingByte == 8) {
                    pendingByte = 0;
                    nextDouble++;
                }
            }
        }
        produced++;
        crc.update(chunk.array(), 0, length);
        chunk.limit(length + TRAILER_BYTES);
        Checksums.writeFooter(chunk);
        return chunk.array();
    }

    private double doubleAt(long index) {
        boolean times = index < points;
        int i = (int) (times ? index : index - points);
        int start = (times ? 0 : points) + (i / BLOCK) * BLOCK;
        if (start != blockStart) {
            int from = i / BLOCK * BLOCK;
            int length = Math.min(BLOCK, points - from);
            if (times) {
                series.copyTimes(from, block, 0, length);
            } else {
                series.copyValues(from, block, 0, length);
            }
            blockStart = start;
        }
        return block[i % BLOCK];
    }
}
