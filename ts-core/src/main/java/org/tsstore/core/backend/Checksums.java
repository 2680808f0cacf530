package org.tsstore.core.backend;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The checksum rule of tsstore's formats, in one place (in the spirit of Lucene's {@code CodecUtil}):
 * CRC-32C (Castagnoli) stored as a little-endian {@code int}, headers of a magic number and a version,
 * and blocks that end with the checksum of every byte before it (a footer).
 *
 * <p>Checks throw {@link CorruptDataException} saying what is wrong; the caller adds the file and id.
 */
public final class Checksums {

    /** Bytes of a stored checksum. */
    public static final int CHECKSUM_BYTES = 4;

    /** Bytes of a header: the magic number and the version, one {@code int} each. */
    public static final int HEADER_BYTES = 8;

    private Checksums() {}

    /**
     * The CRC-32C of a run of bytes.
     *
     * @param data the bytes
     * @param offset the first byte
     * @param length how many
     * @return the checksum as an {@code int}
     */
    public static int crc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    /**
     * The CRC-32C of a buffer's bytes from its position to its limit; the position does not move.
     *
     * @param data the bytes
     * @return the checksum as an {@code int}
     */
    public static int crc32c(ByteBuffer data) {
        CRC32C crc = new CRC32C();
        crc.update(data.duplicate());
        return (int) crc.getValue();
    }

    /**
     * The CRC-32C of bytes {@code [from, to)} of a buffer (absolute; position and limit do not move).
     *
     * @param data the bytes
     * @param from the first byte
     * @param to one past the last byte
     * @return the checksum as an {@code int}
     */
    public static int crc32c(ByteBuffer data, int from, int to) {
        return crc32c(data.duplicate().limit(to).position(from));
    }

    /**
     * Appends the footer: the checksum of bytes {@code [0, position)} as a little-endian {@code int} at the
     * position, which moves past it.
     *
     * @param block the block being written, with room for {@value #CHECKSUM_BYTES} more bytes
     */
    public static void writeFooter(ByteBuffer block) {
        int crc = crc32c(block, 0, block.position());
        block.order(ByteOrder.LITTLE_ENDIAN).putInt(crc);
    }

    /**
     * Checks the footer of a block of {@code length} bytes from index 0: its last {@value #CHECKSUM_BYTES}
     * bytes must be the checksum of the bytes before them.
     *
     * @param block the block (absolute indices; position and limit do not move)
     * @param length the block's length, footer included
     * @throws CorruptDataException if the block is too short for a footer or the checksum differs
     */
    public static void checkFooter(ByteBuffer block, int length) throws CorruptDataException {
        if (length < CHECKSUM_BYTES || length > block.capacity()) {
            throw new CorruptDataException("a block of " + length + " bytes cannot end with a checksum");
        }
        int stored = block.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(length - CHECKSUM_BYTES);
        int computed = crc32c(block, 0, length - CHECKSUM_BYTES);
        if (stored != computed) {
            throw new CorruptDataException("checksum mismatch (stored " + hex(stored) + ", computed " + hex(computed) + ")");
        }
    }

    /**
     * Writes a header: the magic number and the version, little-endian, at the position.
     *
     * @param block the block being written
     * @param magic the format's magic number
     * @param version the format version
     */
    public static void writeHeader(ByteBuffer block, int magic, int version) {
        block.order(ByteOrder.LITTLE_ENDIAN).putInt(magic).putInt(version);
    }

    /**
     * Checks a header at index 0 and returns its version.
     *
     * @param block the block (absolute indices)
     * @param magic the magic number expected
     * @param minVersion the oldest version this code reads
     * @param maxVersion the newest version this code reads
     * @param format the format's name for the message, for example {@code "tsstore mmap segment"}
     * @return the version found
     * @throws CorruptDataException if the magic differs (not such a file) or the version is not read here
     */
    public static int checkHeader(ByteBuffer block, int magic, int minVersion, int maxVersion, String format)
            throws CorruptDataException {
        if (block.capacity() < HEADER_BYTES) {
            throw new CorruptDataException("too short for a " + format + " header (" + block.capacity() + " bytes)");
        }
        ByteBuffer b = block.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int found = b.getInt(0);
        if (found != magic) {
            throw new CorruptDataException("not a " + format + " (magic " + hex(found) + ", expected " + hex(magic) + ")");
        }
        int version = b.getInt(4);
        if (version < minVersion || version > maxVersion) {
            throw new CorruptDataException(format + " version " + version + " is not read by this version of tsstore"
                    + " (it reads " + (minVersion == maxVersion ? "version " + minVersion
                            : "versions " + minVersion + " to " + maxVersion) + ")");
        }
        return version;
    }

    /**
     * A checksum or magic number as eight hex digits, as messages show them.
     *
     * @param value the value
     * @return for example {@code 0x0000beef}
     */
    public static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
