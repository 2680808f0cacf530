package org.tsstore.storage.redis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The backend's key layout and values written out by hand from the format description (package
 * documentation, {@link SeriesPointer}, {@link NamespaceMarker}), without any of the main code, so that
 * tests compare the code against an independent model of the bytes.
 */
final class HandLayout {

    private HandLayout() {}

    /** One chunk entry of a pointer, as the format lists its fields. */
    record Entry(long key, int points, int crc, double firstTime, double lastTime) {}

    static String pointerKey(String prefix, String id) {
        return prefix + ":{" + HexFormat.of().formatHex(id.getBytes(StandardCharsets.UTF_8)) + "}:p";
    }

    static String chunkKey(String prefix, String id, long key) {
        return prefix + ":{" + HexFormat.of().formatHex(id.getBytes(StandardCharsets.UTF_8)) + "}:c:"
                + String.format("%016x", key);
    }

    static String markerKey(String prefix) {
        return prefix + ":meta";
    }

    /** Points {@code from <= i < to} as little-endian (time, value) float64 pairs: a chunk's value. */
    static byte[] chunk(double[] times, double[] values, int from, int to) {
        ByteBuffer b = ByteBuffer.allocate(16 * (to - from)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < to; i++) {
            b.putDouble(times[i]).putDouble(values[i]);
        }
        return b.array();
    }

    /** The entry of a chunk holding points {@code from <= i < to}. */
    static Entry entry(long key, double[] times, double[] values, int from, int to) {
        return new Entry(key, to - from, crc(chunk(times, values, from, to)), times[from], times[to - 1]);
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

    /**
     * A version-3 pointer value: "TSRP", 3, three zero bytes, the token, point count, chunk count, the id's
     * length and bytes, 32 bytes per chunk, their CRC32C.
     */
    static byte[] pointer(String id, long token, int points, Entry... chunks) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + 8 + 4 + 4 + 2 + idBytes.length + 32 * chunks.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'T', 'S', 'R', 'P', 3, 0, 0, 0});
        b.putLong(token).putInt(points).putInt(chunks.length);
        b.putShort((short) idBytes.length).put(idBytes);
        for (Entry e : chunks) {
            b.putLong(e.key()).putInt(e.points()).putInt(e.crc()).putDouble(e.firstTime()).putDouble(e.lastTime());
        }
        return withCrc(b.array());
    }

    /** The namespace marker: "TSRN", layout 2, their CRC32C. */
    static byte[] marker() {
        return withCrc(new byte[] {'T', 'S', 'R', 'N', 2, 0, 0, 0});
    }

    static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
