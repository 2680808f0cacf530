package org.tsstore.storage.file;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.tsstore.api.SeriesIds;

/**
 * Where the file of a series lives: {@code series/<shard>/<hex>.npy}, a reversible name.
 *
 * <p>{@code <hex>} is the lower-case hexadecimal form of the id's UTF-8 bytes, so that every file names
 * its id (a crash between writing a file and journaling it never leaves a file whose id is unknown), a
 * name holds only {@code [0-9a-f]} (no separator, no {@code ..}, no reserved Windows name, nothing a
 * case-insensitive or normalising file system could merge), and Python finds a series without any
 * tsstore code. Names longer than {@value #CHUNK} hex digits (ids over 100 bytes) are cut into
 * directories of {@value #CHUNK} digits each, keeping every path component far below the usual 255-byte
 * limit. {@code <shard>} is the low byte of the CRC-32 (zlib's) of the UTF-8 bytes, in two hex digits: it
 * spreads files over 256 directories.
 */
final class SeriesPaths {

    /** The directory, under the store's, holding the series files. */
    static final String SERIES_DIRECTORY = "series";
    /** The suffix of a series file. */
    static final String SUFFIX = ".npy";
    /** The suffix of a series file being written. */
    static final String TEMPORARY_SUFFIX = ".npy.tmp";
    /** The suffix of the file beside a series file that holds its block checksums. */
    static final String SIDECAR_SUFFIX = ".blocks";
    /** The most hex digits in one path component. */
    static final int CHUNK = 200;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SeriesPaths() {}

    /**
     * The path components of a series file under {@link #SERIES_DIRECTORY}: the shard, any continuation
     * directories, and the file name.
     */
    static List<String> components(String id) {
        byte[] utf8 = SeriesIds.utf8(id);
        CRC32 crc = new CRC32();
        crc.update(utf8);
        List<String> parts = new ArrayList<>(4);
        int shard = (int) (crc.getValue() & 0xff);
        parts.add(new String(new char[] {HEX[shard >>> 4], HEX[shard & 0xf]}));
        char[] hex = new char[utf8.length * 2];
        for (int i = 0; i < utf8.length; i++) {
            hex[2 * i] = HEX[(utf8[i] >>> 4) & 0xf];
            hex[2 * i + 1] = HEX[utf8[i] & 0xf];
        }
        for (int from = 0; from < hex.length; from += CHUNK) {
            int to = Math.min(hex.length, from + CHUNK);
            String chunk = new String(hex, from, to - from);
            parts.add(to == hex.length ? chunk + SUFFIX : chunk);
        }
        return parts;
    }

    /** The file of a series in a store directory. */
    static Path file(Path directory, String id) {
        Path p = directory.resolve(SERIES_DIRECTORY);
        for (String part : components(id)) {
            p = p.resolve(part);
        }
        return p;
    }

    /** What a file under {@link #SERIES_DIRECTORY} is, by its name's suffix. */
    enum Kind {
        /** A series file, {@code HEX.npy}. */
        SERIES,
        /** A series file being written, {@code HEX.npy.tmp}. */
        TEMPORARY,
        /** The block checksums of a series file, {@code HEX.blocks}. */
        SIDECAR
    }

    /** What a name under the series directory is, or null if none of {@link Kind}. */
    static Kind kindOf(String name) {
        if (name.endsWith(TEMPORARY_SUFFIX)) {
            return Kind.TEMPORARY;
        }
        if (name.endsWith(SUFFIX)) {
            return Kind.SERIES;
        }
        return name.endsWith(SIDECAR_SUFFIX) ? Kind.SIDECAR : null;
    }

    /** The block checksums file beside a series file. */
    static Path sidecar(Path file) {
        String name = file.getFileName().toString();
        return file.resolveSibling(name.substring(0, name.length() - SUFFIX.length()) + SIDECAR_SUFFIX);
    }

    /** The temporary file a new version of {@code file} is written to before it is renamed into place. */
    static Path temporary(Path file) {
        return file.resolveSibling(file.getFileName() + TEMPORARY_SUFFIX.substring(SUFFIX.length()));
    }

    /**
     * The id whose file (temporary file, sidecar) this is, or {@code null} when the path is not one this layout
     * would produce for any id (a foreign file, upper-case hex, a name in the wrong shard...).
     *
     * @param seriesDirectory the {@link #SERIES_DIRECTORY} of the store
     * @param file a file under it
     */
    static String idOf(Path seriesDirectory, Path file) {
        Path relative;
        try {
            relative = seriesDirectory.relativize(file);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int count = relative.getNameCount();
        if (count < 2) {
            return null;
        }
        List<String> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            parts.add(relative.getName(i).toString());
        }
        String last = parts.get(count - 1);
        Kind kind = kindOf(last);
        if (kind == null) {
            return null;
        }
        String suffix = kind == Kind.TEMPORARY ? TEMPORARY_SUFFIX : kind == Kind.SIDECAR ? SIDECAR_SUFFIX : SUFFIX;
        parts.set(count - 1, last.substring(0, last.length() - suffix.length()) + SUFFIX);
        StringBuilder hex = new StringBuilder();
        for (int i = 1; i < count; i++) {
            String part = parts.get(i);
            hex.append(i == count - 1 ? part.substring(0, part.length() - SUFFIX.length()) : part);
        }
        String id = decode(hex);
        // Only the canonical path of an id is that id's file: this rejects wrong shards, wrong cuts and case.
        return id != null && components(id).equals(parts) ? id : null;
    }

    private static String decode(CharSequence hex) {
        if (hex.length() == 0 || hex.length() % 2 != 0 || hex.length() > 2 * SeriesIds.MAX_UTF8_BYTES) {
            return null;
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            bytes[i] = (byte) (hi << 4 | lo);
        }
        String id;
        try {
            id = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        return SeriesIds.isValid(id) ? id : null;
    }
}
