package org.tsstore.storage.redis;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.tsstore.api.spi.StorageLocations;

/**
 * The parts of a Redis location that may hold a password, read apart from the rest; the location as
 * messages show it is {@link StorageLocations#shown(URI)}.
 */
final class RedisLocations {

    private RedisLocations() {}

    /**
     * The location without its secrets, for messages, {@code toString()} and logs.
     *
     * @param location any URI
     * @return {@link StorageLocations#shown(URI)} of it
     */
    static URI redact(URI location) {
        return StorageLocations.shown(location);
    }

    /**
     * Refuses a location of another scheme than a provider's, showing it without its secrets.
     *
     * @throws IllegalArgumentException if the location's scheme is not {@code scheme}
     */
    static void checkScheme(String scheme, URI location) {
        if (location.getScheme() == null || !location.getScheme().equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("location " + redact(location) + " is not a " + scheme + ": location");
        }
    }




    /**
     * The user information of a location's authority, still percent-encoded: what precedes the last
     * {@code @}. Read from the raw authority because a cluster's authority ({@code h1:1,h2:2}) is not one
     * server, so {@link URI#getRawUserInfo()} does not parse it.
     *
     * @return the raw user information, or null if there is none
     */
    static String rawUserInfo(URI location) {
        String authority = location.getRawAuthority();
        if (authority == null) {
            return null;
        }
        int at = authority.lastIndexOf('@');
        return at < 0 ? null : authority.substring(0, at);
    }

    /** The authority without its user information: the host and port, or a cluster's seed list. */
    static String hosts(URI location) {
        String authority = location.getRawAuthority();
        if (authority == null) {
            return null;
        }
        return authority.substring(authority.lastIndexOf('@') + 1);
    }

    /**
     * Decodes percent escapes ({@code %40} for {@code @}); a {@code +} stays a plus, as in any URI part
     * other than a form's query.
     *
     * @param what the part, for the message ({@code the user name})
     * @param shown the location as messages show it
     * @throws IllegalArgumentException naming the part and the shown location if an escape is malformed
     *     or the bytes are not UTF-8; never the text itself
     */
    static char[] decode(String raw, String what, URI shown) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length();) {
            int c = raw.codePointAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new IllegalArgumentException(what + " in location " + shown
                            + " has a malformed percent escape; write %XX with two hex digits");
                }
                bytes.write(hi * 16 + lo);
                i += 3;
            } else {
                byte[] utf8 = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(c);
            }
        }
        byte[] all = bytes.toByteArray();
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(all));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            Arrays.fill(chars.array(), '\0');
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " in location " + shown + " is not UTF-8 once decoded");
        } finally {
            Arrays.fill(all, (byte) 0);
        }
    }
}
