package org.tsstore.storage.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts that switch a series' pointer, read once from the {@code *.lua} resources beside this
 * class and sent with {@code EVAL}; in batches, {@link #STORE}, {@link #COMMIT} and {@link #APPEND} are
 * called by their SHA-1 ({@code EVALSHA})
 * where the node has it cached (see {@link StoreScript}). Each runs atomically on the master of the
 * series' slot, so a reader sees the series before a change or after it, never a mix.
 */
final class Scripts {

    /**
     * Commits a store. KEYS[1] the pointer, KEYS[2..n+1] the new chunks, KEYS[n+2..] the chunks
     * of the pointer value the writer saw; ARGV[1] the new pointer value, ARGV[2] n, ARGV[3] the pointer value
     * the writer saw (empty for none). Returns 0 if the pointer changed since (the writer retries); else
     * checks every new chunk still exists (an error reply naming the first missing one), keeps them,
     * switches the pointer, unlinks the chunks it replaces and returns 1.
     */
    static final byte[] COMMIT = load("commit.lua");

    /**
     * Commits an append. KEYS[1] the pointer, then the last chunk if it is extended, then the new chunks;
     * ARGV[1] the new pointer value, ARGV[2] the pointer value the writer saw (empty for none), ARGV[3] the
     * bytes to add to the last chunk (empty for none), ARGV[4] that chunk's length before them. Returns 0
     * if the pointer changed since (the writer plans again); else checks the last chunk's length and that
     * every new chunk exists (an error reply naming the chunk otherwise), appends the bytes, keeps the new
     * chunks, switches the pointer and returns 1.
     */
    static final byte[] APPEND = load("append.lua");

    /**
     * Deletes a series. KEYS[1] the pointer, KEYS[2..] the chunks of the pointer value the deleter saw;
     * ARGV[1] the pointer value it saw. Returns 0 if nothing is stored, -1 if the pointer changed since
     * (retry), else removes pointer and chunks at once and returns 1.
     */
    static final byte[] DELETE = load("delete.lua");

    /**
     * Stores a small series in one call: writes its chunks and switches the pointer at once, so that nothing
     * is written unless the pointer is switched. KEYS[1] the pointer, KEYS[2..n+1] the new chunks,
     * KEYS[n+2..] the chunks of the pointer value the writer saw; ARGV[1] the new pointer value, ARGV[2] n,
     * ARGV[3] the pointer value the writer saw (empty for none), ARGV[4..n+3] the chunks' bytes. Returns 0
     * if the pointer changed since (the writer reads it and calls again); else writes the chunks, switches the
     * pointer, unlinks the chunks it replaces and returns 1.
     */
    static final byte[] STORE = load("store.lua");

    /** The SHA-1 of {@link #STORE} in lowercase hex, the name {@code EVALSHA} calls it by. */
    static final byte[] STORE_SHA = sha1(STORE);
    private static final byte[] COMMIT_SHA = sha1(COMMIT);
    private static final byte[] APPEND_SHA = sha1(APPEND);

    private Scripts() {}

    /** The SHA-1 of one of these scripts (computed once), or of any other script (computed now). */
    static byte[] shaOf(byte[] script) {
        if (script == STORE) {
            return STORE_SHA;
        } else if (script == COMMIT) {
            return COMMIT_SHA;
        } else if (script == APPEND) {
            return APPEND_SHA;
        }
        return sha1(script);
    }

    /** The SHA-1 of a script in lowercase hex, as Redis names a loaded script. */
    static byte[] sha1(byte[] script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(script);
            return HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-1, which every Java platform must have", e);
        }
    }

    /**
     * The bytes of a script resource beside this class.
     *
     * @throws IllegalStateException naming the resource if it is missing or unreadable
     */
    static byte[] load(String name) {
        try (InputStream in = Scripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the Lua script resource " + resourcePath(name)
                        + " is missing from the classpath; the ts-storage-redis jar is incomplete");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Lua script resource " + resourcePath(name), e);
        }
    }

    private static String resourcePath(String name) {
        return Scripts.class.getPackageName().replace('.', '/') + "/" + name;
    }
}
