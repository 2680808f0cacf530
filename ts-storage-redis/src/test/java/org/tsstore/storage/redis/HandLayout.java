package org.tsstore.storage.redis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The backend's key layout and values written out by hand from the format description (package
 * documentation, {@link SeriesPointer}, {@link NamespaceMarker}), without any of the main code, so that
 * tests compare the code against an independent model of the bytes.
 */
final class HandLayout {

    private HandLayout() {}

    static String pointerKey(String prefix, String id) {
        return prefix + ":{" + HexFormat.of().formatHex(id.getBytes(StandardCharsets.UTF_8)) + "}:p";
    }

    static String chunkKey(String prefix, String id, String generation, int index) {
        return prefix + ":{" + HexFormat.of().formatHex(id.getBytes(StandardCharsets.UTF_8)) + "}:c:" + generation
                + ":" + index;
    }

    static String markerKey(String prefix) {
        return prefix + ":meta";
    }

    /** Every time, then every value, as little-endian float64. */
    static byte[] payload(double[] times, double[] values) {
        ByteBuffer b = ByteBuffer.allocate(16 * times.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double t : times) {
            b.putDouble(t);
        }
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    /** The chunk values: slices of {@code chunkBytes} of the payload, each followed by its CRC32C. */
    static List<byte[]> chunks(byte[] payload, int chunkBytes) {
        List<byte[]> chunks = new ArrayList<>();
        for (int from = 0; from < payload.length; from += chunkBytes) {
            byte[] slice = Arrays.copyOfRange(payload, from, Math.min(payload.length, from + chunkBytes));
            chunks.add(withCrc(slice));
        }
        return chunks;
    }

    /** Bytes followed by their CRC32C, little-endian. */
    static byte[] withCrc(byte[] bytes) {
        byte[] out = Arrays.copyOf(bytes, bytes.length + 4);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length, crc(bytes));
        return out;
    }

    static int crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    /** A version-2 pointer value: "TSRP", 2, three zero bytes, the generation, the header, the id, its CRC32C. */
    static byte[] pointer(String id, long high, long low, int points, int chunkBytes, int chunkCount, int payloadCrc) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 16 + 16 + 2 + idBytes.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'T', 'S', 'R', 'P', 2, 0, 0, 0});
        b.putLong(high).putLong(low);
        b.putInt(points).putInt(chunkBytes).putInt(chunkCount).putInt(payloadCrc);
        b.putShort((short) idBytes.length).put(idBytes);
        return withCrc(b.array());
    }

    /** The namespace marker: "TSRN", layout 1, their CRC32C. */
    static byte[] marker() {
        return withCrc(new byte[] {'T', 'S', 'R', 'N', 1, 0, 0, 0});
    }

    static String generation(long high, long low) {
        return String.format("%016x%016x", high, low);
    }

    static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
