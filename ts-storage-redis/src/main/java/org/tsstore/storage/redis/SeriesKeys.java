package org.tsstore.storage.redis;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.io.BaseEncoding;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tsstore.api.SeriesIds;

/**
 * The Redis key names of series under one namespace prefix.
 *
 * <p>Every key of a series carries the same hash tag, the lower-case hex of the id's UTF-8 bytes, so
 * the whole series lives in one cluster slot (one node, one Lua script, one WAIT). Hex keeps untrusted
 * ids out of the key syntax: no braces, glob characters or separators can reach it, and the id is read
 * back from the key without a lookup. The prefix is restricted to characters that mean nothing to hash
 * tags or SCAN patterns for the same reason.
 *
 * <pre>
 *   prefix:{hex(id)}:p              pointer: the point count and the chunk list ({@link SeriesPointer})
 *   prefix:{hex(id)}:c:key          a chunk, named by a random 64-bit key as 16 hex digits
 *   prefix:meta                     the namespace marker ({@link NamespaceMarker})
 * </pre>
 */
final class SeriesKeys {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._/-]{1,100}");
    private static final BaseEncoding HEX = BaseEncoding.base16().lowerCase();

    private final String prefix;

    SeriesKeys(String prefix) {
        this.prefix = checkPrefix(prefix);
    }

    static String checkPrefix(String prefix) {
        checkArgument(PREFIX.matcher(prefix).matches(),
                "option prefix is %s; it must be 1 to 100 characters from A-Z a-z 0-9 . _ / -", prefix);
        return prefix;
    }

    String prefix() {
        return prefix;
    }

    /** The hash tag part shared by every key of the series, braces included. */
    String tag(String id) {
        return "{" + HEX.encode(SeriesIds.utf8(id)) + "}";
    }

    byte[] pointer(String id) {
        return bytes(prefix + ":" + tag(id) + ":p");
    }

    byte[] chunk(String id, long key) {
        return bytes(prefix + ":" + tag(id) + ":c:" + HexFormat.of().toHexDigits(key));
    }

    /** The key of the namespace marker; no hash tag, so SCAN for pointers never matches it. */
    byte[] marker() {
        return bytes(prefix + ":meta");
    }

    /** The SCAN pattern matching every pointer key of the namespace. */
    String pointerPattern() {
        return prefix + ":{*}:p";
    }

    /** The id whose pointer key this is, if it is one of ours. */
    Optional<String> idOfPointer(byte[] key) {
        String k = new String(key, StandardCharsets.UTF_8);
        String head = prefix + ":{";
        if (!k.startsWith(head) || !k.endsWith("}:p")) {
            return Optional.empty();
        }
        String hex = k.substring(head.length(), k.length() - 3);
        if (hex.isEmpty() || !HEX.canDecode(hex)) {
            return Optional.empty();
        }
        String id = new String(HEX.decode(hex), StandardCharsets.UTF_8);
        return SeriesIds.isValid(id) && tag(id).equals("{" + hex + "}") ? Optional.of(id) : Optional.empty();
    }

    static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
