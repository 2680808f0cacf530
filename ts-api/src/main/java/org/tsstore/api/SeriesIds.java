package org.tsstore.api;

import java.nio.charset.StandardCharsets;

/**
 * The rules for series ids, checked in this one place.
 *
 * <p>An id is any non-empty string of at most {@value #MAX_UTF8_BYTES} bytes in UTF-8, with no ISO
 * control character ({@code U+0000}–{@code U+001F}, {@code U+007F}–{@code U+009F}) and no lone surrogate
 * (a string with one has no UTF-8 form, so two such ids could not be told apart on disk). Anything else,
 * {@code ".."}, {@code "a/b"}, {@code "CON"} or ids that differ only in case or in Unicode normalisation,
 * is a valid and distinct id: a backend must never let an id become a path without encoding it.
 *
 * <p>Integer ids, which the original interface allowed, are their decimal strings: see {@link #of(long)}.
 */
public final class SeriesIds {

    /** The longest id, in UTF-8 bytes. */
    public static final int MAX_UTF8_BYTES = 255;

    private static final int QUOTE_LIMIT = 80;

    private SeriesIds() {}

    /**
     * Checks an id against the rules.
     *
     * @param id the id
     * @return the same id, for chaining
     * @throws NullPointerException if the id is null
     * @throws IllegalArgumentException quoting the (escaped) id and the rule it breaks
     */
    public static String check(String id) {
        if (id == null) {
            throw new NullPointerException("series id is null");
        }
        if (id.isEmpty()) {
            throw new IllegalArgumentException("series id is empty");
        }
        int utf8 = 0;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("series id " + quote(id) + " contains the control character "
                        + String.format("U+%04X", (int) c) + " at index " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                utf8 += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("series id " + quote(id) + " contains a lone surrogate "
                        + String.format("U+%04X", (int) c) + " at index " + i);
            } else {
                utf8 += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        if (utf8 > MAX_UTF8_BYTES) {
            throw new IllegalArgumentException("series id " + quote(id) + " is " + utf8
                    + " bytes in UTF-8; the limit is " + MAX_UTF8_BYTES);
        }
        return id;
    }

    /**
     * Whether an id obeys the rules.
     *
     * @param id the id, possibly null
     * @return {@code true} when {@link #check} would accept it
     */
    public static boolean isValid(String id) {
        try {
            check(id);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The id of an integer: its decimal string.
     *
     * @param id the integer id
     * @return {@code Long.toString(id)}
     */
    public static String of(long id) {
        return Long.toString(id);
    }

    /**
     * The UTF-8 bytes of a valid id: the form backends store and hash.
     *
     * @param id a valid id
     * @return its UTF-8 encoding
     * @throws IllegalArgumentException if the id is invalid
     */
    public static byte[] utf8(String id) {
        return check(id).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An id quoted for a message: in double quotes, with control characters, surrogates, quotes and
     * backslashes escaped, and cut after {@value #QUOTE_LIMIT} characters with the full length noted.
     * Safe for any string, valid or not.
     *
     * @param id any string, possibly null
     * @return the quoted form, or {@code null} (unquoted) for a null id
     */
    public static String quote(String id) {
        if (id == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(id.length(), QUOTE_LIMIT) + 16).append('"');
        int shown = Math.min(id.length(), QUOTE_LIMIT);
        for (int i = 0; i < shown; i++) {
            char c = id.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
        if (shown < id.length()) {
            sb.append("...(").append(id.length()).append(" chars)");
        }
        return sb.toString();
    }
}
