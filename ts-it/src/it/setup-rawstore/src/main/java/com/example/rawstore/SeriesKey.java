package com.example.rawstore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.tsstore.api.SeriesIds;

/**
 * The file-name key of a series id: the SHA-256 of its UTF-8 bytes, in lower-case hex.
 *
 * <p>An id is untrusted text, so it never becomes a path: {@code ..}, {@code a/b}, {@code CON}, ids that
 * differ only in case (on a case-insensitive file system) and 255-byte ids (longer than many file-name
 * limits once escaped) all get 64 harmless characters, distinct for distinct ids.
 */
final class SeriesKey {

    private SeriesKey() {}

    static String of(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(SeriesIds.utf8(id));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must support SHA-256", e);
        }
    }
}
