package com.example.rawstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.tsstore.api.SeriesIds;
import org.tsstore.api.StorageException;

/**
 * The commit record of one stored series, in the file {@code <key>.record}: its id, the version of its
 * two data files, its size and their checksums. A store writes the data files first and the record last,
 * with an atomic rename, so the record always names two complete files.
 *
 * <p>Format, little-endian: magic {@code RAW1}, version (8 bytes), size, times CRC32C, values CRC32C,
 * id length, id (UTF-8), then the CRC32C of everything before it.
 */
record SeriesRecord(String id, long version, int size, int timesChecksum, int valuesChecksum) {

    static final String SUFFIX = ".record";
    static final String TIMES_SUFFIX = ".times";
    static final String VALUES_SUFFIX = ".values";
    private static final int MAGIC = 0x31574152; // "RAW1" read little-endian
    private static final int FIXED_BYTES = 4 + 8 + 4 + 4 + 4 + 4;

    String key() {
        return SeriesKey.of(id);
    }

    String recordFile() {
        return key() + SUFFIX;
    }

    String timesFile() {
        return key() + "-" + version + TIMES_SUFFIX;
    }

    String valuesFile() {
        return key() + "-" + version + VALUES_SUFFIX;
    }

    byte[] encode() {
        byte[] id = SeriesIds.utf8(this.id);
        ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + id.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putLong(version).putInt(size).putInt(timesChecksum).putInt(valuesChecksum);
        b.putInt(id.length).put(id);
        b.putInt(checksum(b.array(), b.position()));
        return b.array();
    }

    /**
     * Reads a record file, checking its checksum and that its name is the key of the id it holds.
     *
     * @throws StorageException naming the file if it is damaged
     */
    static SeriesRecord read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < FIXED_BYTES + 4 || b.getInt(0) != MAGIC) {
            throw damaged(file, "not a record (" + bytes.length + " bytes)");
        }
        if (b.getInt(bytes.length - 4) != checksum(bytes, bytes.length - 4)) {
            throw damaged(file, "checksum mismatch");
        }
        b.position(4);
        long version = b.getLong();
        int size = b.getInt();
        int timesChecksum = b.getInt();
        int valuesChecksum = b.getInt();
        int idLength = b.getInt();
        if (size < 0 || version < 0 || idLength != bytes.length - FIXED_BYTES - 4) {
            throw damaged(file, "inconsistent header");
        }
        String id = new String(bytes, FIXED_BYTES, idLength, StandardCharsets.UTF_8);
        SeriesRecord record = new SeriesRecord(id, version, size, timesChecksum, valuesChecksum);
        if (!SeriesIds.isValid(id) || !file.getFileName().toString().equals(record.recordFile())) {
            throw damaged(file, "holds the id " + SeriesIds.quote(id) + ", which does not belong to this file name");
        }
        return record;
    }

    private static StorageException damaged(Path file, String why) {
        return new StorageException("record file " + file + " is damaged: " + why);
    }

    private static int checksum(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
