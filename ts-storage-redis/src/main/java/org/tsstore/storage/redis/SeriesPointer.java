package org.tsstore.storage.redis;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.tsstore.api.SeriesIds;
import org.tsstore.core.backend.Checksums;
import org.tsstore.core.backend.CorruptDataException;

/**
 * The value of a series' pointer key: which generation of chunks is current, with the header of the
 * series it holds (point count, chunk layout, payload checksum) and the id itself, so that {@code size}
 * and {@code ids} never touch the chunks. Switching this one key is what makes an overwrite visible.
 *
 * <p>Layout, little-endian: magic {@code TSRP}, format version (1 byte), 3 reserved bytes, generation
 * (16 bytes), point count (int), chunk size in bytes (int), chunk count (int), CRC32C of the payload
 * (int), id length (unsigned short) and its UTF-8 bytes, then the CRC32C of everything before it.
 */
record SeriesPointer(String id, long generationHigh, long generationLow, int points, int chunkBytes,
        int chunkCount, int payloadCrc) {

    static final int MAGIC = 0x50525354; // "TSRP" read little-endian
    /** 2: every chunk value ends with its own CRC32C ({@link PayloadEncoder#TRAILER_BYTES}). */
    static final byte VERSION = 2;
    private static final int FIXED_BYTES = 4 + 4 + 16 + 4 + 4 + 4 + 4 + 2;

    SeriesPointer {
        checkArgument(points >= 0, "negative point count %s", points);
        checkArgument(chunkBytes > 0, "chunk size must be positive: %s", chunkBytes);
        checkArgument(chunkCount == chunkCount(points, chunkBytes),
                "%s chunks do not hold %s points of %s-byte chunks", chunkCount, points, chunkBytes);
    }

    /** How many chunks of {@code chunkBytes} hold the payload of {@code points} points. */
    static int chunkCount(int points, int chunkBytes) {
        long total = 16L * points;
        long count = (total + chunkBytes - 1) / chunkBytes;
        checkArgument(count <= Integer.MAX_VALUE, "%s points need too many %s-byte chunks", points, chunkBytes);
        return (int) count;
    }

    /** The generation as 32 hex digits, as it appears in chunk keys. */
    String generation() {
        return String.format("%016x%016x", generationHigh, generationLow);
    }

    /** The payload length in bytes. */
    long payloadBytes() {
        return 16L * points;
    }

    /** The length of chunk {@code index}; only the last one may be short. */
    int chunkLength(int index) {
        long start = (long) index * chunkBytes;
        return (int) Math.min(chunkBytes, payloadBytes() - start);
    }

    /** The length of chunk {@code index}'s value: its payload bytes and their checksum. */
    int storedLength(int index) {
        return chunkLength(index) + PayloadEncoder.TRAILER_BYTES;
    }

    byte[] encode() {
        byte[] idBytes = SeriesIds.utf8(id);
        ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + idBytes.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).put(VERSION).put((byte) 0).putShort((short) 0);
        b.putLong(generationHigh).putLong(generationLow);
        b.putInt(points).putInt(chunkBytes).putInt(chunkCount).putInt(payloadCrc);
        b.putShort((short) idBytes.length).put(idBytes);
        Checksums.writeFooter(b);
        return b.array();
    }

    /**
     * Reads a pointer value.
     *
     * @param value the raw value
     * @return the pointer
     * @throws IllegalArgumentException saying what is wrong, if the value is not an intact pointer of a
     *     known version
     */
    static SeriesPointer decode(byte[] value) {
        checkArgument(value.length >= FIXED_BYTES + 4, "pointer value of %s bytes is too short", value.length);
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        try {
            Checksums.checkFooter(b, value.length);
        } catch (CorruptDataException e) {
            throw new IllegalArgumentException("pointer " + e.getMessage(), e);
        }
        int magic = b.getInt();
        checkArgument(magic == MAGIC, "not a tsstore pointer (magic %s)", Integer.toHexString(magic));
        byte version = b.get();
        checkArgument(version == VERSION, "pointer format version %s is not supported (this reads %s)",
                version, VERSION);
        b.get();
        b.getShort();
        try {
            long high = b.getLong();
            long low = b.getLong();
            int points = b.getInt();
            int chunkBytes = b.getInt();
            int chunkCount = b.getInt();
            int payloadCrc = b.getInt();
            int idLength = Short.toUnsignedInt(b.getShort());
            checkArgument(idLength == value.length - FIXED_BYTES - 4, "id length %s does not fit a %s-byte pointer",
                    idLength, value.length);
            byte[] idBytes = new byte[idLength];
            b.get(idBytes);
            String id = new String(idBytes, StandardCharsets.UTF_8);
            checkArgument(SeriesIds.isValid(id), "pointer holds an invalid id %s", SeriesIds.quote(id));
            return new SeriesPointer(id, high, low, points, chunkBytes, chunkCount, payloadCrc);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("pointer value of " + value.length + " bytes is truncated", e);
        }
    }
}
