package org.tsstore.storage.redis;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tsstore.api.SeriesIds;
import org.tsstore.core.backend.Checksums;
import org.tsstore.core.backend.CorruptDataException;

/**
 * The value of a series' pointer key: the id, the point count, and one entry per chunk in time order
 * (its key, point count, CRC32C and first and last time), so that {@code size} never touches the chunks
 * and a range read finds the chunks it needs by binary search. Switching this one key is what makes a
 * store or an append visible. The token names the write that made the value, so that a writer retrying
 * after a lost reply recognises its own commit.
 *
 * <p>Layout, little-endian: magic {@code TSRP}, format version (1 byte), codec (1 byte: 0 raw, 1 compressed),
 * 2 reserved bytes, token (long), point count (int), chunk count (int), id length (unsigned short) and its UTF-8
 * bytes, then {@value #ENTRY_BYTES} bytes per chunk ({@link Chunk}; 4 more, the chunk's length in bytes, for a
 * compressed series), then the CRC32C of everything before it.
 *
 * @param id the series' id
 * @param token the random id of the write that made this value
 * @param points the number of points, the sum of the chunks' counts
 * @param chunks the chunks in time order
 * @param compressed whether the chunks hold ts-codec blocks ({@link ChunkCodec}) rather than raw points
 */
record SeriesPointer(String id, long token, int points, List<Chunk> chunks, boolean compressed) {

    static final int MAGIC = 0x50525354; // "TSRP" read little-endian
    /** 3: chunks of whole points with time bounds in the pointer. */
    static final byte VERSION = 3;
    /** The bytes of one chunk entry: key (8), point count (4), CRC32C (4), first time (8), last time (8). */
    static final int ENTRY_BYTES = 32;
    private static final int FIXED_BYTES = 4 + 4 + 8 + 4 + 4 + 2;

    /**
     * One chunk of a series: the value at key {@code prefix:{hex(id)}:c:hex(key)} holds {@code points}
     * points as little-endian (time, value) float64 pairs, or as framed ts-codec blocks ({@link ChunkCodec}).
     *
     * @param key the random number that names the chunk's key
     * @param points the number of points, at least 1
     * @param crc the CRC32C of the chunk's {@code bytes} bytes
     * @param firstTime the time of its first point
     * @param lastTime the time of its last point
     * @param bytes the length of the chunk's value ({@code 16 * points} for raw points)
     */
    record Chunk(long key, int points, int crc, double firstTime, double lastTime, int bytes) {

        Chunk {
            checkArgument(points > 0, "a chunk of %s points", points);
            checkArgument(bytes > 0, "a chunk of %s bytes", bytes);
            checkArgument(firstTime <= lastTime, "a chunk whose first time %s is after its last %s", firstTime,
                    lastTime);
        }

        /** A chunk of raw points: {@code 16 * points} bytes. */
        Chunk(long key, int points, int crc, double firstTime, double lastTime) {
            this(key, points, crc, firstTime, lastTime, 16 * points);
        }
    }

    /** A pointer to chunks of raw points. */
    SeriesPointer(String id, long token, int points, List<Chunk> chunks) {
        this(id, token, points, chunks, false);
    }

    SeriesPointer {
        chunks = List.copyOf(chunks);
        long sum = 0;
        for (int i = 0; i < chunks.size(); i++) {
            sum += chunks.get(i).points();
            checkArgument(i == 0 || chunks.get(i - 1).lastTime() < chunks.get(i).firstTime(),
                    "chunk %s does not start after chunk %s ends", i, i - 1);
        }
        checkArgument(sum == points, "chunks hold %s points, the pointer says %s", sum, points);
    }

    /** The number of chunks. */
    int chunkCount() {
        return chunks.size();
    }

    /** The last stored time; only for a series with points. */
    double lastTime() {
        return chunks.get(chunks.size() - 1).lastTime();
    }

    /**
     * The chunks that may hold times in {@code [fromTime, toTime)}: from the first whose last time is at
     * least {@code fromTime} to the last whose first time is below {@code toTime}, found by binary search.
     *
     * @return {@code {first, end}}, the chunk indexes {@code first <= i < end}; empty when none overlaps
     */
    int[] overlapping(double fromTime, double toTime) {
        if (!(fromTime < toTime)) {
            return new int[] {0, 0};
        }
        int lo = 0;
        int hi = chunks.size();
        while (lo < hi) { // first chunk with lastTime >= fromTime
            int mid = (lo + hi) >>> 1;
            if (chunks.get(mid).lastTime() < fromTime) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int first = lo;
        hi = chunks.size();
        while (lo < hi) { // first chunk with firstTime >= toTime
            int mid = (lo + hi) >>> 1;
            if (chunks.get(mid).firstTime() < toTime) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return new int[] {first, Math.max(first, lo)};
    }

    /** The points held by chunks {@code 0 <= i < end}. */
    int pointsBefore(int end) {
        int sum = 0;
        for (int i = 0; i < end; i++) {
            sum += chunks.get(i).points();
        }
        return sum;
    }

    private static int entryBytes(boolean compressed) {
        return compressed ? ENTRY_BYTES + 4 : ENTRY_BYTES;
    }

    byte[] encode() {
        byte[] idBytes = SeriesIds.utf8(id);
        ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + idBytes.length + entryBytes(compressed) * chunks.size() + 4)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).put(VERSION).put((byte) (compressed ? 1 : 0)).putShort((short) 0);
        b.putLong(token).putInt(points).putInt(chunks.size());
        b.putShort((short) idBytes.length).put(idBytes);
        for (Chunk c : chunks) {
            b.putLong(c.key()).putInt(c.points()).putInt(c.crc()).putDouble(c.firstTime()).putDouble(c.lastTime());
            if (compressed) {
                b.putInt(c.bytes());
            }
        }
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
        byte codec = b.get();
        checkArgument(codec == 0 || codec == 1, "pointer names codec %s (0 raw, 1 compressed)", codec);
        boolean compressed = codec == 1;
        int entry = entryBytes(compressed);
        b.getShort();
        try {
            long token = b.getLong();
            int points = b.getInt();
            int chunkCount = b.getInt();
            int idLength = Short.toUnsignedInt(b.getShort());
            checkArgument(chunkCount >= 0 && (long) FIXED_BYTES + idLength + (long) entry * chunkCount + 4
                    == value.length, "id length %s and %s chunks do not fit a %s-byte pointer", idLength, chunkCount,
                    value.length);
            byte[] idBytes = new byte[idLength];
            b.get(idBytes);
            String id = new String(idBytes, StandardCharsets.UTF_8);
            checkArgument(SeriesIds.isValid(id), "pointer holds an invalid id %s", SeriesIds.quote(id));
            List<Chunk> chunks = new ArrayList<>(chunkCount);
            for (int i = 0; i < chunkCount; i++) {
                long key = b.getLong();
                int n = b.getInt();
                int crc = b.getInt();
                double first = b.getDouble();
                double last = b.getDouble();
                chunks.add(new Chunk(key, n, crc, first, last, compressed ? b.getInt() : 16 * n));
            }
            return new SeriesPointer(id, token, points, chunks, compressed);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("pointer value of " + value.length + " bytes is truncated", e);
        }
    }
}
