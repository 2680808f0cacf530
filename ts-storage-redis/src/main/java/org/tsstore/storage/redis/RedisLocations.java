package org.tsstore.storage.redis;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The parts of a Redis location that may hold a password, read apart from the rest, and the location as
 * every message shows it: with the password replaced by {@code ***}
 * ({@code redis://ts:***@host:6379/0}) and the value of any query option whose name speaks of a
 * password, secret, token or auth replaced too ({@code ?password=***}).
 */
final class RedisLocations {

    /** What replaces a secret in a shown location. */
    static final String HIDDEN = "***";

    private RedisLocations() {}

    /**
     * The location without its secrets, for messages, {@code toString()} and logs.
     *
     * @param location any URI
     * @return the same URI with the password of its user information and secret-looking query values
     *     replaced by {@code ***}
     */
    static URI redact(URI location) {
        String scheme = location.getScheme() == null ? "" : location.getScheme() + ":";
        if (location.isOpaque()) {
            String ssp = location.getRawSchemeSpecificPart();
            int at = ssp.lastIndexOf('@');
            String shown = at < 0 ? ssp : HIDDEN + ssp.substring(at);
            int q = shown.indexOf('?');
            return build(q < 0 ? scheme + shown : scheme + shown.substring(0, q) + "?" + redactQuery(shown.substring(q + 1)));
        }
        StringBuilder b = new StringBuilder(scheme);
        String authority = location.getRawAuthority();
        if (authority != null) {
            b.append("//");
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                String userInfo = authority.substring(0, at);
                int colon = userInfo.indexOf(':');
                b.append(colon < 0 ? userInfo : userInfo.substring(0, colon) + ":" + HIDDEN).append('@');
            }
            b.append(authority.substring(at + 1));
        }
        if (location.getRawPath() != null) {
            b.append(location.getRawPath());
        }
        if (location.getRawQuery() != null) {
            b.append('?').append(redactQuery(location.getRawQuery()));
        }
        return build(b.toString());
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

    private static URI build(String text) {
        try {
            return URI.create(text);
        } catch (IllegalArgumentException e) {
            // cannot happen for parts of a URI; never show the original if it does
            return URI.create("redacted:" + HIDDEN);
        }
    }

    private static String redactQuery(String query) {
        StringBuilder b = new StringBuilder();
        for (String pair : query.split("&", -1)) {
            if (b.length() > 0 || query.startsWith("&")) {
                b.append('&');
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            b.append(eq >= 0 && looksSecret(name) ? name + "=" + HIDDEN : pair);
        }
        return b.toString();
    }

    /** An option name whose value is likely a secret itself, not the name of a file or variable holding one. */
    static boolean looksSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        boolean secretish = n.contains("pass") || n.contains("pwd") || n.contains("secret") || n.contains("token")
                || n.contains("auth");
        return secretish && !n.endsWith("file") && !n.endsWith("env");
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
