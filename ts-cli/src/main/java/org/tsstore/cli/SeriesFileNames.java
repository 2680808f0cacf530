package org.tsstore.cli;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tsstore.api.SeriesIds;

/**
 * File names for series ids in exported directories, and back.
 *
 * <p>An id is untrusted text, so it never becomes a file name as it is. The encoding:
 * <ul>
 *   <li>Lower-case ASCII letters, digits, {@code -}, {@code _} and {@code .} stand for themselves; every
 *       other byte of the id's UTF-8 form is written {@code %XX} (two upper-case hex digits). Upper-case
 *       letters are encoded too, so ids that differ only in case get names that differ in more than case
 *       and cannot collide on a case-insensitive file system (macOS, Windows). {@code /}, {@code \},
 *       {@code :} and the rest never reach the file system.</li>
 *   <li>A {@code .} at the start of a name is encoded ({@code %2E}), so no name is {@code .}, {@code ..}
 *       or hidden; a name that Windows reserves ({@code con}, {@code nul}, {@code com1}, ...) has its
 *       first letter encoded.</li>
 *   <li>The extension ({@code .npy} or {@code .csv}) follows.</li>
 *   <li>An encoded id longer than {@value #MAX_SEGMENT} characters (at most 3 × 255) is cut, between
 *       {@code %XX} triples, into pieces of at most that length; every piece but the last is a directory
 *       whose name is the piece followed by {@code ~}, nested in order. ({@code ~} is always encoded in
 *       ids, so such a directory is never mistaken for a name.)</li>
 * </ul>
 * Decoding reverses this and accepts any file name: {@code %XX} (either case) is a byte, any other character
 * stands for itself, so {@code Temperature.csv} written by hand imports as the id {@code Temperature}.
 */
final class SeriesFileNames {

    /** The longest piece of an encoded id in one file or directory name, well under the common 255. */
    static final int MAX_SEGMENT = 200;

    /** The suffix of the directories that continue a long name. */
    static final String CONTINUATION = "~";

    private static final Set<String> WINDOWS_RESERVED = Set.of(
            "con", "prn", "aux", "nul",
            "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private SeriesFileNames() {}

    /**
     * The relative path of an id's file: its names from the export directory down, the last one with the
     * extension.
     *
     * @param id a valid id
     * @param extension the extension without the dot, such as {@code npy}
     */
    static List<String> encode(String id, String extension) {
        List<String> tokens = tokens(SeriesIds.utf8(id));
        List<String> names = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        int pieceStart = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (piece.length() + tokens.get(i).length() > MAX_SEGMENT) {
                names.add(safe(tokens.subList(pieceStart, i)) + CONTINUATION);
                piece.setLength(0);
                pieceStart = i;
            }
            piece.append(tokens.get(i));
        }
        names.add(safe(tokens.subList(pieceStart, tokens.size())) + "." + extension);
        return names;
    }

    /** One token per byte: the character itself when safe, else {@code %XX}. */
    private static List<String> tokens(byte[] utf8) {
        List<String> tokens = new ArrayList<>(utf8.length);
        for (byte b : utf8) {
            char c = (char) (b & 0xff);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            tokens.add(plain ? String.valueOf(c) : percent(b));
        }
        return tokens;
    }

    private static String percent(byte b) {
        return String.format(Locale.ROOT, "%%%02X", b & 0xff);
    }

    /** Joins the tokens of one name, encoding a leading dot and the first letter of a reserved name. */
    private static String safe(List<String> tokens) {
        List<String> t = new ArrayList<>(tokens);
        if (!t.isEmpty() && t.get(0).equals(".")) {
            t.set(0, percent((byte) '.'));
        }
        String joined = String.join("", t);
        int dot = joined.indexOf('.');
        String stem = dot < 0 ? joined : joined.substring(0, dot);
        if (WINDOWS_RESERVED.contains(stem)) {
            t.set(0, percent((byte) t.get(0).charAt(0)));
            joined = String.join("", t);
        }
        return joined;
    }

    /**
     * The id of a file, from its names relative to the export directory.
     *
     * @param names the directory names (each ending with {@code ~}) and the file name
     * @param extension the extension to strip, without the dot
     * @throws InvalidDataException if a {@code %} is not followed by two hex digits, the bytes are not UTF-8
     *     or the result is not a valid id
     */
    static String decode(List<String> names, String extension) {
        StringBuilder encoded = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String suffix = i < names.size() - 1 ? CONTINUATION : "." + extension;
            if (!name.endsWith(suffix)) {
                throw new IllegalArgumentException(name + " does not end with " + suffix);
            }
            encoded.append(name, 0, name.length() - suffix.length());
        }
        String path = String.join("/", names);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String s = encoded.toString();
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new InvalidDataException(path + ": a % in the file name is not followed by two hex digits"
                            + " (names are percent-encoded ids; see 'tsstore export --help')");
                }
                bytes.write(hi * 16 + lo);
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(cp);
            }
        }
        String id;
        try {
            id = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidDataException(path + ": the file name does not decode to UTF-8 text", e);
        }
        if (!SeriesIds.isValid(id)) {
            try {
                SeriesIds.check(id);
            } catch (IllegalArgumentException e) {
                throw new InvalidDataException(path + ": the file name does not decode to a valid id: "
                        + e.getMessage(), e);
            }
        }
        return id;
    }
}
