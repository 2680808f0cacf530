package org.tsstore.storage.redis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import org.tsstore.core.backend.Checksums;
import org.tsstore.core.backend.CorruptDataException;

/**
 * Reads a payload chunk by chunk straight into the times and values arrays of the series being
 * rebuilt (no intermediate copy of the whole payload), and checks its length and CRC32C at the end.
 */
final class PayloadDecoder {

    private final double[] times;
    private final double[] values;
    private final CRC32C crc = new CRC32C();
    private final byte[] carry = new byte[8];
    private final ByteBuffer carryBuffer = ByteBuffer.wrap(carry).order(ByteOrder.LITTLE_ENDIAN);
    private int carried;
    private long nextDouble;
    private long bytes;

    PayloadDecoder(double[] times, double[] values) {
        this.times = times;
        this.values = values;
    }

    /**
     * Takes the next chunk value: payload bytes, then their CRC32C.
     *
     * @throws IllegalArgumentException if the chunk fails its own checksum, or the chunks hold more bytes
     *     than the series
     */
    void accept(byte[] chunk) {
        int length = chunk.length - PayloadEncoder.TRAILER_BYTES;
        if (length < 0) {
            throw new IllegalArgumentException("chunk value of " + chunk.length + " bytes is shorter than its checksum");
        }
        try {
            Checksums.checkFooter(ByteBuffer.wrap(chunk), chunk.length);
        } catch (CorruptDataException e) {
            throw new IllegalArgumentException("chunk " + e.getMessage(), e);
        }
        if (bytes + length > 16L * times.length) {
            throw new IllegalArgumentException(
                    "chunks hold more than the " + 16L * times.length + " bytes of " + times.length + " points");
        }
        crc.update(chunk, 0, length);
        bytes += length;
        ByteBuffer in = ByteBuffer.wrap(chunk, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            if (carried == 0 && in.remaining() >= 8) {
                put(in.getDouble());
            } else {
                int n = Math.min(8 - carried, in.remaining());
                in.get(carry, carried, n);
                carried += n;
                if (carried == 8) {
                    put(carryBuffer.getDouble(0));
                    carried = 0;
                }
            }
        }
    }

    private void put(double d) {
        int points = times.length;
        if (nextDouble < points) {
            times[(int) nextDouble] = d;
        } else {
            values[(int) (nextDouble - points)] = d;
        }
        nextDouble++;
    }

    /**
     * Checks that the whole payload arrived intact.
     *
     * @param expectedCrc the CRC32C recorded by the writer
     * @throws IllegalArgumentException saying what does not match
     */
    void finish(int expectedCrc) {
        long expected = 16L * times.length;
        if (bytes != expected) {
            throw new IllegalArgumentException("chunks hold " + bytes + " bytes, expected " + expected);
        }
        if ((int) crc.getValue() != expectedCrc) {
            throw new IllegalArgumentException("payload checksum mismatch (stored "
                    + Integer.toHexString(expectedCrc) + ", computed " + Long.toHexString(crc.getValue()) + ")");
        }
    }
}
